package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;

/**
 * Splits double and float computations into one operation per statement, the lecture's flat code: {@code
 * sigmoid(w0 * x0 + w2)} becomes {@code t0 = w0 * x0; t1 = t0 + w2; L = sigmoid(t1)}. Each
 * operation is then one node of the computation graph, with one line of adjoint code. A {@code ?:}
 * of doubles becomes an {@code if}, so only the chosen branch is computed, as in Java.
 */
final class ThreeAddress {

  private final Blocks blocks;
  private final Names names;

  ThreeAddress(Blocks blocks, Names names) {
    this.blocks = blocks;
    this.names = names;
  }

  /**
   * {@code expr} as one operation whose double operands are simple; passive (int and boolean)
   * expressions, and array ones but for vector-valued calls, are returned whole.
   */
  Expr operation(Expr expr) {
    if (expr instanceof Expr.Invoke invoke && !expr.type().isReal()) {
      // A vector-valued call: its double arguments are operands like a scalar call's.
      return new Expr.Invoke(invoke.callee(),
          invoke.arguments().stream().map(this::operand).toList());
    }
    if (!expr.type().isReal() || expr.isSimple()) {
      return expr;
    }
    if (expr instanceof Expr.Unary unary) {
      return new Expr.Unary(unary.operator(), operand(unary.operand()), unary.type());
    }
    if (expr instanceof Expr.Binary binary) {
      return new Expr.Binary(binary.operator(), operand(binary.left()), operand(binary.right()),
          binary.type());
    }
    if (expr instanceof Expr.Call call) {
      return new Expr.Call(call.function(),
          call.arguments().stream().map(this::operand).toList(), call.type(), call.strict());
    }
    if (expr instanceof Expr.Invoke invoke) {
      return new Expr.Invoke(invoke.callee(),
          invoke.arguments().stream().map(this::operand).toList());
    }
    if (expr instanceof Expr.Conditional conditional) {
      return branches(conditional);
    }
    if (expr instanceof Expr.StaticCall call) {
      return new Expr.StaticCall(call.method(),
          call.arguments().stream().map(this::operand).toList(), call.type(), call.site());
    }
    throw new IllegalArgumentException("not a double operation: " + expr);
  }

  /** {@code expr} as an operand: simple, passive, or computed into a temporary first. */
  Expr operand(Expr expr) {
    Expr operation = operation(expr);
    if (!operation.type().isReal() || operation.isSimple()) {
      return operation;
    }
    Variable temporary = temporary(operation.type());
    blocks.emit(new Stmt.Assign(temporary, operation, true));
    return new Expr.Ref(temporary);
  }

  /** {@code c ? a : b} as {@code double t; if (c) t = a; else t = b;}. */
  private Expr branches(Expr.Conditional conditional) {
    Variable temporary = temporary(conditional.type());
    blocks.emit(new Stmt.Declare(temporary));
    List<Stmt> then = blocks.nested(() -> assign(temporary, conditional.whenTrue()));
    List<Stmt> otherwise = blocks.nested(() -> assign(temporary, conditional.whenFalse()));
    blocks.emit(new Stmt.If(conditional.condition(), then, otherwise));
    return new Expr.Ref(temporary);
  }

  private void assign(Variable target, Expr value) {
    blocks.emit(new Stmt.Assign(target, operation(value), false));
  }

  private Variable temporary(Type type) {
    return new Variable(names.temporary(), type, Variable.Kind.TEMPORARY);
  }
}
