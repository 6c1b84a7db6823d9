package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Primitive;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOperator;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A running maximum or minimum, {@code for (int i = ...) a = Math.max(a, e);}: the loop's reverse
 * sends the whole adjoint of {@code a} to the one operand that won last (the derivative rule's
 * choice at each step), so the forward pass remembers that step's counter instead of saving
 * {@code a} at every step, and the reverse is one addition. The values are the loop's own; only
 * what the reverse pass needs changes.
 *
 * @param running {@code a}
 * @param step {@code t = Math.max(a, e)}, the loop's first statement ({@code a = t} follows)
 * @param counter the loop's counter
 */
record RunningExtremes(Variable running, Stmt.Assign step, Variable counter) {

  /**
   * The running extreme that {@code loop} (counted by {@code counter}) computes, if its body is
   * exactly {@code t = max(a, e); a = t;} with {@code e} a name, element or literal that reads
   * neither {@code a} nor {@code t}.
   */
  static Optional<RunningExtremes> of(Stmt.Loop loop, Variable counter) {
    if (loop.body().size() != 2
        || !(loop.body().get(0) instanceof Stmt.Assign step) || !step.declares()
        || !(step.value() instanceof Expr.Call call)
        || call.function() != Primitive.MAX && call.function() != Primitive.MIN
        || !(call.arguments().get(0) instanceof Expr.Ref first)
        || !(loop.body().get(1) instanceof Stmt.Assign update) || update.declares()
        || update.target() != first.variable()
        || !(update.value() instanceof Expr.Ref moved) || moved.variable() != step.target()
        || first.variable().type() != Type.DOUBLE) {
      return Optional.empty();
    }
    Expr operand = call.arguments().get(1);
    Set<Variable> reads = new java.util.HashSet<>();
    Reads.collect(operand, reads);
    if (!(operand instanceof Expr.Ref || operand instanceof Expr.Element
        || operand instanceof Expr.Literal)
        || reads.contains(first.variable()) || reads.contains(step.target())) {
      return Optional.empty();
    }
    return Optional.of(new RunningExtremes(first.variable(), step, counter));
  }

  /** {@code e}, the operand each step compares with the running value. */
  Expr operand() {
    return ((Expr.Call) step.value()).arguments().get(1);
  }

  /** What the reverse pass reads: the operand's variables but the counter, then the winner. */
  void collectReverseReads(Set<Variable> into) {
    Reads.collect(operand(), into);
    into.remove(counter);
  }

  /**
   * The loop's forward code: each step, then {@code if (!(a >= e)) winner = i;} (the derivative
   * rule's own test, so the reverse routes exactly as step-by-step reversal would), then {@code
   * a = t}; {@code winner} starts at -1 before the loop.
   */
  List<Stmt> forward(Stmt.Loop loop, Variable winner) {
    Expr.Call call = (Expr.Call) step.value();
    Expr keepsRunning = DerivativeTable.routesToFirst(call.function(), new Expr.Ref(running),
        operand());
    Stmt remember = new Stmt.If(new Expr.Unary(UnaryOperator.NOT, keepsRunning, Type.BOOLEAN),
        List.of(new Stmt.Assign(winner, new Expr.Ref(counter), false)), List.of());
    List<Stmt> body = List.of(step, remember, loop.body().get(1));
    return List.of(new Stmt.Assign(winner, Expr.Literal.ofInt(-1), true),
        new Stmt.Loop(loop.init(), loop.condition(), body, loop.update(), loop.testFirst()));
  }

  /**
   * The loop's reverse: {@code if (winner >= 0) { int i = winner; grad_e += grad_a; grad_a = 0;
   * }}, with {@code grad_e} the operand's adjoint ({@code null} when it has none).
   */
  Stmt backward(Variable winner, Variable adjoint, Expr operandAdjoint) {
    List<Stmt> moved = new ArrayList<>();
    moved.add(new Stmt.Assign(counter, new Expr.Ref(winner), true));
    if (operandAdjoint != null) {
      moved.add(new Stmt.Accumulate(operandAdjoint, new Expr.Ref(adjoint)));
    }
    moved.add(new Stmt.Assign(adjoint, Expr.Literal.ofDouble(0.0), false));
    return new Stmt.If(new Expr.Binary(BinaryOperator.GREATER_EQUAL, new Expr.Ref(winner),
        Expr.Literal.ofInt(0), Type.BOOLEAN), moved, List.of());
  }
}
