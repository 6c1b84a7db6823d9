package dev.flatgrad.processor.emit;

import dev.flatgrad.processor.ad.ForwardMode;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.ParameterSlots;
import dev.flatgrad.processor.ir.Stmt;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a round's methods get a tangent method. One does not when its direction parameters
 * would exceed Java's limit of parameter slots, or when its tangent code calls the tangent of a
 * callee that has none, in any class of the round: so the answer is a fixed point over the
 * round, and every gradient class asks the same one.
 *
 * <p>Methods are told apart by class and name: when any overload of a name has no tangent
 * method, callers of every overload go without one too, which costs them their tangent method
 * and never yields a call to a method that is not there.
 */
public final class Tangents {

  private record Key(ClassId owner, String name) {}

  private final Set<Key> missing;

  private Tangents(Set<Key> missing) {
    this.missing = missing;
  }

  /** The answer for a round: each class and the members generated for its methods. */
  public static Tangents of(Map<ClassId, List<GradClassWriter.Generated>> round) {
    Set<Key> missing = new HashSet<>();
    boolean grew = true;
    while (grew) {
      grew = false;
      Tangents known = new Tangents(missing);
      for (Map.Entry<ClassId, List<GradClassWriter.Generated>> entry : round.entrySet()) {
        for (GradClassWriter.Generated members : entry.getValue()) {
          Key key = new Key(entry.getKey(), name(members));
          if (!missing.contains(key) && !known.has(members)) {
            missing.add(key);
            grew = true;
          }
        }
      }
    }
    return new Tangents(missing);
  }

  private static String name(GradClassWriter.Generated members) {
    return members.rule() != null ? members.rule().name() : members.pullback().function().name();
  }

  /** Whether these members include a tangent method. */
  public boolean has(GradClassWriter.Generated members) {
    if (members.rule() != null) {
      return ParameterSlots.fitTangent(members.rule().parameters());
    }
    ForwardMode.Tangent tangent = members.tangent();
    return ParameterSlots.fitTangent(tangent.function().parameters())
        && callsOnlyPresent(tangent.body());
  }

  private boolean callsOnlyPresent(List<Stmt> statements) {
    for (Stmt stmt : statements) {
      for (Expr expr : stmt.expressions()) {
        if (!callsOnlyPresent(expr)) {
          return false;
        }
      }
      for (List<Stmt> block : stmt.blocks()) {
        if (!callsOnlyPresent(block)) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean callsOnlyPresent(Expr expr) {
    if (expr instanceof Expr.TangentCall call && (!ParameterSlots.fitsTangent(
        call.callee().parameterTypes(), call.callee().differentiated())
        || missing.contains(new Key(call.callee().owner(), call.callee().name())))) {
      return false;
    }
    return expr.children().stream().allMatch(this::callsOnlyPresent);
  }
}
