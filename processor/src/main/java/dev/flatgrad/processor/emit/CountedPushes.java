package dev.flatgrad.processor.emit;

import dev.flatgrad.processor.ad.CountedLoop;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.TapeLocals;
import dev.flatgrad.processor.ir.Type;
import java.util.List;
import java.util.Optional;

/**
 * How many values an innermost loop pushes, known before it starts: its trip count times the
 * most any one iteration pushes. Generated code makes room for all of them at once, so the loop
 * pushes without checking for room: a check that once grew the array keeps the JIT from
 * optimizing the loop (the array is no longer loop-invariant), a check outside it does not.
 *
 * <p>Only a {@linkplain CountedLoop counted loop} qualifies, with bounds that call nothing, and a
 * body with no nested loop that pushes and no call out of the method (a callee may hand back a
 * different array). Nested loops that push nothing, such as a dot product, are fine.
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
    if (stmt instanceof Stmt.Pullback) {
      return null;
    }
    if (stmt instanceof Stmt.Loop loop) {
      // A nested loop that pushes makes its own room, if it can; one that does not costs nothing.
      boolean quiet = loop.expressions().stream().noneMatch(TapeCode::callsOut);
      for (List<Stmt> block : loop.blocks()) {
        int[] counts = mostPushes(block);
        quiet &= counts != null && counts[0] == 0 && counts[1] == 0;
      }
      return quiet ? new int[2] : null;
    }
    if (stmt instanceof Stmt.If branch) {
      int[] then = mostPushes(branch.then());
      int[] otherwise = mostPushes(branch.otherwise());
      if (then == null || otherwise == null || TapeCode.callsOut(branch.condition())) {
        return null;
      }
      return new int[] {Math.max(then[0], otherwise[0]), Math.max(then[1], otherwise[1])};
    }
    return stmt.expressions().stream().anyMatch(TapeCode::callsOut) ? null : new int[2];
  }

  /** The trip count of a counted loop whose bounds call nothing: evaluated once more. */
  private static Optional<Expr> tripCount(Stmt.Loop loop) {
    return CountedLoop.of(loop)
        .filter(counted -> !TapeCode.callsOut(counted.first()) && !TapeCode.callsOut(counted.bound()))
        .map(CountedLoop::tripCount);
  }
}
