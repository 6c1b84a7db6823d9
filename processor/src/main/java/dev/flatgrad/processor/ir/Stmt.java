package dev.flatgrad.processor.ir;

/** A statement of the IR. Control flow will add structured kinds (blocks, branches, loops). */
public sealed interface Stmt permits Stmt.Assign, Stmt.Accumulate {

  /** {@code target = value}, declaring {@code target} if {@code declares}. */
  record Assign(Variable target, Expr value, boolean declares) implements Stmt {}

  /** {@code target += value}: how adjoints sum the contributions of every use (fan-out). */
  record Accumulate(Variable target, Expr value) implements Stmt {}
}
