package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOperator;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The statements a {@code break} or {@code continue} can leave, innermost first, each with the
 * flags that stand for jumping out of it. A jump sets its target's flag; the statements after it
 * are guarded by the flag, and every loop between the jump and its target ends through its
 * condition.
 */
final class Jumps {

  /**
   * A loop ({@code continued} may be set), a switch (unlabeled {@code break} ends it) or another
   * labeled statement; {@code label} is null if there is none. A flag is null if no jump sets it.
   */
  record Target(String label, boolean loop, boolean isSwitch, Variable broke,
      Variable continued) {}

  private final Names names;
  private final Deque<Target> targets = new ArrayDeque<>();
  private Variable returned;

  Jumps(Names names) {
    this.names = names;
  }

  /** The flag a {@code return} before the method's end sets. */
  void setReturned(Variable returned) {
    this.returned = returned;
  }

  /** The flag a {@code return} sets now: the method's, or an inlined helper's; may be null. */
  Variable returned() {
    return returned;
  }

  /** A new flag, such as {@code broke} or {@code continued}. */
  Variable flag(String name) {
    return new Variable(names.fresh(name), Type.BOOLEAN, Variable.Kind.LOCAL);
  }

  void push(Target target) {
    targets.push(target);
  }

  void pop() {
    targets.pop();
  }

  /** Whether a statement's own jumps, {@code exits}, may target a statement labeled so. */
  static boolean targets(Set<Exits> exits, Exits.Kind kind, String label) {
    return exits.contains(new Exits(kind, null)) || label != null
        && exits.contains(new Exits(kind, label));
  }

  /** The flag {@code jump} sets, or null if it has no target (an error reported elsewhere). */
  Variable flagOf(Exits jump) {
    if (jump.kind() == Exits.Kind.RETURN) {
      return returned;
    }
    boolean isBreak = jump.kind() == Exits.Kind.BREAK;
    Target target = target(isBreak, jump.label());
    return target == null ? null : isBreak ? target.broke() : target.continued();
  }

  /** The statement a {@code break} or {@code continue} leaves; null if there is none. */
  Target target(boolean isBreak, String label) {
    for (Target target : targets) {
      boolean matches = label == null
          ? target.loop() || (isBreak && target.isSwitch())
          : label.equals(target.label());
      if (matches) {
        return target;
      }
    }
    return null;
  }

  /** {@code !returned && !broke && ...}: none of {@code exits} was taken; null if none can be. */
  Expr notExited(Set<Exits> exits) {
    List<Variable> flags = new ArrayList<>();
    // Returns first, then breaks and continues: a stable order keeps generated code the same.
    List<Exits> ordered = new ArrayList<>(exits);
    ordered.sort(Comparator.comparing(Exits::kind)
        .thenComparing(Exits::label, Comparator.nullsFirst(Comparator.naturalOrder())));
    for (Exits exit : ordered) {
      Variable flag = flagOf(exit);
      if (flag != null && !flags.contains(flag)) {
        flags.add(flag);
      }
    }
    return allFalse(flags);
  }

  static Expr allFalse(List<Variable> flags) {
    Expr guard = null;
    for (Variable flag : flags) {
      Expr not = new Expr.Unary(UnaryOperator.NOT, new Expr.Ref(flag), Type.BOOLEAN);
      guard = guard == null ? not : new Expr.Binary(BinaryOperator.AND, guard, not, Type.BOOLEAN);
    }
    return guard;
  }
}
