package dev.flatgrad.processor.emit;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.TapeLocals;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How many values an innermost loop pushes, known before it starts: its trip count times the
 * most any one iteration pushes. Generated code makes room for all of them at once, so the loop
 * pushes without checking for room: a check that once grew the array keeps the JIT from
 * optimizing the loop (the array is no longer loop-invariant), a check outside it does not.
 *
 * <p>Only a counted loop qualifies: {@code for (int i = lo; i < hi; i++)} or its mirror image,
 * with a bound its body does not change, and a body with no nested loop that pushes and no call
 * out of the method (a callee may hand back a different array).
 *
 * @param doubles the number of doubles pushed, or null if none are
 * @param ints the number of ints pushed, or null if none are
 */
record CountedPushes(Expr doubles, Expr ints) {

  static Optional<CountedPushes> of(Stmt.Loop loop) {
    Optional<Expr> trips = tripCount(loop);
    if (trips.isEmpty()) {
      return Optional.empty();
    }
    int[] perIteration = new int[2];
    for (List<Stmt> block : List.of(loop.body(), loop.update())) {
      int[] counts = mostPushes(block);
      if (counts == null) {
        return Optional.empty();
      }
      perIteration[0] += counts[0];
      perIteration[1] += counts[1];
    }
    if (perIteration[0] == 0 && perIteration[1] == 0) {
      return Optional.empty();
    }
    return Optional.of(new CountedPushes(times(perIteration[0], trips.get()),
        times(perIteration[1], trips.get())));
  }

  private static Expr times(int count, Expr trips) {
    if (count == 0) {
      return null;
    }
    return count == 1
        ? trips
        : new Expr.Binary(BinaryOperator.MULTIPLY, Expr.Literal.ofInt(count), trips, Type.INT);
  }

  /** The most doubles and ints one pass through {@code block} pushes; null if not countable. */
  private static int[] mostPushes(List<Stmt> block) {
    int[] total = new int[2];
    for (Stmt stmt : block) {
      int[] counts = mostPushes(stmt);
      if (counts == null) {
        return null;
      }
      total[0] += counts[0];
      total[1] += counts[1];
    }
    return total;
  }

  private static int[] mostPushes(Stmt stmt) {
    if (stmt instanceof Stmt.Push push) {
      return TapeLocals.onIntStack(push.value().type()) ? new int[] {0, 1} : new int[] {1, 0};
    }
    if (stmt instanceof Stmt.Pullback || stmt instanceof Stmt.Loop) {
      return null; // a nested loop makes its own room, if it can
    }
    if (stmt instanceof Stmt.If branch) {
      int[] then = mostPushes(branch.then());
      int[] otherwise = mostPushes(branch.otherwise());
      if (then == null || otherwise == null || calls(branch.condition())) {
        return null;
      }
      return new int[] {Math.max(then[0], otherwise[0]), Math.max(then[1], otherwise[1])};
    }
    for (Expr expr : expressions(stmt)) {
      if (calls(expr)) {
        return null;
      }
    }
    return new int[2];
  }

  /** {@code hi - lo} for {@code for (int i = lo; i < hi; i++)}, and the like. */
  private static Optional<Expr> tripCount(Stmt.Loop loop) {
    if (!loop.testFirst() || loop.init().size() != 1 || loop.update().size() != 1
        || !(loop.init().get(0) instanceof Stmt.Assign init)
        || !(loop.update().get(0) instanceof Stmt.Assign update)
        || !(loop.condition() instanceof Expr.Binary test)
        || !(test.left() instanceof Expr.Ref ref)) {
      return Optional.empty();
    }
    Variable index = init.target();
    if (ref.variable() != index || update.target() != index || index.type() != Type.INT
        || !(update.value() instanceof Expr.Binary step)
        || !step.left().equals(ref) || !(step.right() instanceof Expr.Literal one)
        || !one.isOne()) {
      return Optional.empty();
    }
    Expr bound = test.right();
    Set<Variable> assigned = new HashSet<>();
    assigned(loop.body(), assigned);
    assigned.add(index);
    if (!invariant(bound, assigned)) {
      return Optional.empty();
    }
    Expr start = init.value();
    boolean up = step.operator() == BinaryOperator.ADD;
    boolean down = step.operator() == BinaryOperator.SUBTRACT;
    return switch (test.operator()) {
      case LESS -> up ? Optional.of(difference(bound, start)) : Optional.empty();
      case LESS_EQUAL -> up ? Optional.of(plusOne(difference(bound, start))) : Optional.empty();
      case GREATER -> down ? Optional.of(difference(start, bound)) : Optional.empty();
      case GREATER_EQUAL ->
          down ? Optional.of(plusOne(difference(start, bound))) : Optional.empty();
      default -> Optional.empty();
    };
  }

  private static Expr difference(Expr high, Expr low) {
    return low instanceof Expr.Literal literal && literal.value() == 0
        ? high
        : new Expr.Binary(BinaryOperator.SUBTRACT, high, low, Type.INT);
  }

  private static Expr plusOne(Expr expr) {
    return new Expr.Binary(BinaryOperator.ADD, expr, Expr.Literal.ofInt(1), Type.INT);
  }

  /** Whether {@code bound} reads only variables outside {@code assigned}, and calls nothing. */
  private static boolean invariant(Expr bound, Set<Variable> assigned) {
    if (bound instanceof Expr.Ref ref) {
      return !assigned.contains(ref.variable());
    }
    if (bound instanceof Expr.Element || calls(bound)) {
      return false;
    }
    if (bound instanceof Expr.Length length && length.array() instanceof Expr.Element row) {
      // A length depends only on the row's indices: arrays are never reassigned.
      return row.indices().stream().allMatch(index -> invariant(index, assigned));
    }
    return bound.children().stream().allMatch(child -> invariant(child, assigned));
  }

  private static void assigned(List<Stmt> block, Set<Variable> into) {
    for (Stmt stmt : block) {
      if (stmt instanceof Stmt.Assign assign) {
        into.add(assign.target());
      } else if (stmt instanceof Stmt.Pullback pullback && pullback.result() != null) {
        into.add(pullback.result());
      } else if (stmt instanceof Stmt.If branch) {
        assigned(branch.then(), into);
        assigned(branch.otherwise(), into);
      } else if (stmt instanceof Stmt.Loop loop) {
        assigned(loop.init(), into);
        assigned(loop.body(), into);
        assigned(loop.update(), into);
      }
    }
  }

  private static List<Expr> expressions(Stmt stmt) {
    if (stmt instanceof Stmt.Assign assign) {
      return List.of(assign.value());
    }
    if (stmt instanceof Stmt.Accumulate accumulate) {
      return List.of(accumulate.target(), accumulate.value());
    }
    if (stmt instanceof Stmt.Store store) {
      return List.of(store.target(), store.value());
    }
    return List.of();
  }

  private static boolean calls(Expr expr) {
    return expr instanceof Expr.Invoke
        || expr.children().stream().anyMatch(CountedPushes::calls);
  }
}
