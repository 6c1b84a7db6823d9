package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes the resets {@code grad_x = 0.0} that nothing reads afterwards, such as the last reset
 * of a loop's accumulator: a liveness analysis on adjoint variables over the reverse pass.
 */
final class DeadResets {

  private DeadResets() {}

  /** {@code backward} without dead resets; {@code liveOut} are the adjoints read after it. */
  static List<Stmt> remove(List<Stmt> backward, Set<Variable> liveOut) {
    return block(backward, new HashSet<>(liveOut));
  }

  /** {@code statements} without dead resets; {@code live} goes from live-out to live-in. */
  private static List<Stmt> block(List<Stmt> statements, Set<Variable> live) {
    List<Stmt> kept = new ArrayList<>();
    for (int i = statements.size() - 1; i >= 0; i--) {
      Stmt stmt = statements.get(i);
      Stmt result = statement(stmt, live);
      if (result != null) {
        kept.add(result);
      }
    }
    Collections.reverse(kept);
    return kept;
  }

  private static Stmt statement(Stmt stmt, Set<Variable> live) {
    if (stmt instanceof Stmt.Assign assign) {
      Variable target = assign.target();
      if (isAdjoint(target) && !assign.declares() && !live.contains(target)) {
        return null;
      }
      live.remove(target);
      readAdjoints(assign.value(), live);
      return stmt;
    }
    if (stmt instanceof Stmt.Accumulate accumulate) {
      readAdjoints(accumulate.target(), live);
      readAdjoints(accumulate.value(), live);
      return stmt;
    }
    if (stmt instanceof Stmt.Store store) {
      readAdjoints(store.target(), live);
      readAdjoints(store.value(), live);
      return stmt;
    }
    if (stmt instanceof Stmt.Pullback pullback) {
      readAdjoints(pullback.upstream(), live);
      pullback.sinks().forEach(sink -> readAdjoints(sink, live));
      if (pullback.tangents() != null) {
        pullback.tangents().all().forEach(tangent -> readAdjoints(tangent, live));
      }
      return stmt;
    }
    if (stmt instanceof Stmt.If branch) {
      Set<Variable> otherwiseLive = new HashSet<>(live);
      List<Stmt> then = block(branch.then(), live);
      List<Stmt> otherwise = block(branch.otherwise(), otherwiseLive);
      live.addAll(otherwiseLive);
      readAdjoints(branch.condition(), live);
      return new Stmt.If(branch.condition(), then, otherwise);
    }
    if (stmt instanceof Stmt.Loop loop) {
      return loop(loop, live);
    }
    return stmt;
  }

  /** The loop head is live-out of the loop joined with live-in of each further iteration. */
  private static Stmt loop(Stmt.Loop loop, Set<Variable> live) {
    Set<Variable> head = new HashSet<>(live);
    while (true) {
      Set<Variable> state = new HashSet<>(head);
      block(loop.update(), state);
      block(loop.body(), state);
      if (loop.condition() != null) {
        readAdjoints(loop.condition(), state);
      }
      if (!head.addAll(state)) {
        break;
      }
    }
    Set<Variable> state = new HashSet<>(head);
    List<Stmt> update = block(loop.update(), state);
    List<Stmt> body = block(loop.body(), state);
    live.clear();
    live.addAll(head);
    List<Stmt> init = block(loop.init(), live);
    return new Stmt.Loop(init, loop.condition(), body, update, loop.testFirst());
  }

  private static void readAdjoints(Expr expr, Set<Variable> live) {
    Set<Variable> reads = new HashSet<>();
    Reads.collect(expr, reads);
    for (Variable read : reads) {
      if (isAdjoint(read)) {
        live.add(read);
      }
    }
  }

  private static boolean isAdjoint(Variable variable) {
    return variable.kind() == Variable.Kind.ADJOINT;
  }
}
