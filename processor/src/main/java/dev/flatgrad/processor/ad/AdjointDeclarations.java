package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;

/** Places the declaration of an adjoint variable in the block that owns it. */
final class AdjointDeclarations {

  private AdjointDeclarations() {}

  static void declare(List<Stmt> block, Variable primal, Variable adjoint) {
    for (int i = 0; i < block.size(); i++) {
      Stmt stmt = block.get(i);
      if (!references(stmt, adjoint)) {
        continue;
      }
      if (stmt instanceof Stmt.Accumulate accumulate
          && accumulate.target().equals(new Expr.Ref(adjoint))
          && !Reads.reads(accumulate.value(), adjoint)) {
        block.set(i, new Stmt.Assign(adjoint, accumulate.value(), true));
      } else {
        block.add(i, new Stmt.Assign(adjoint, initial(primal), true));
      }
      return;
    }
  }

  /** Zero, shaped like the primal. */
  static Expr initial(Variable primal) {
    return primal.type().isArray() ? new Expr.Zeros(primal) : Algebra.ZERO;
  }

  static boolean references(Stmt stmt, Variable variable) {
    if (stmt instanceof Stmt.Assign assign) {
      return assign.target() == variable || Reads.reads(assign.value(), variable);
    }
    if (stmt instanceof Stmt.Accumulate accumulate) {
      return Reads.reads(accumulate.target(), variable)
          || Reads.reads(accumulate.value(), variable);
    }
    if (stmt instanceof Stmt.Store store) {
      return Reads.reads(store.target(), variable) || Reads.reads(store.value(), variable);
    }
    if (stmt instanceof Stmt.Pullback pullback) {
      return Reads.reads(pullback.upstream(), variable)
          || pullback.sinks().stream().anyMatch(sink -> Reads.reads(sink, variable));
    }
    if (stmt instanceof Stmt.Push push) {
      return Reads.reads(push.value(), variable);
    }
    if (stmt instanceof Stmt.If branch) {
      return Reads.reads(branch.condition(), variable)
          || branch.then().stream().anyMatch(s -> references(s, variable))
          || branch.otherwise().stream().anyMatch(s -> references(s, variable));
    }
    if (stmt instanceof Stmt.Loop loop) {
      return loop.condition() != null && Reads.reads(loop.condition(), variable)
          || loop.init().stream().anyMatch(s -> references(s, variable))
          || loop.body().stream().anyMatch(s -> references(s, variable))
          || loop.update().stream().anyMatch(s -> references(s, variable));
    }
    return stmt instanceof Stmt.Declare declare && declare.variable() == variable;
  }
}
