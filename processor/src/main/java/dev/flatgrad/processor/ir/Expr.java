package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * An expression of the IR. The forward code the frontend builds is in three-address form: each
 * assigned expression is one operation whose operands are {@linkplain #isAtom() atoms}. Adjoint
 * code uses small trees, such as {@code grad_L * (1 - L) * L}.
 */
public sealed interface Expr
    permits Expr.Ref, Expr.Literal, Expr.Constant, Expr.Unary, Expr.Binary, Expr.Call,
        Expr.Conditional {

  Type type();

  /** The operands, left to right. */
  default List<Expr> operands() {
    if (this instanceof Unary unary) {
      return List.of(unary.operand());
    }
    if (this instanceof Binary binary) {
      return List.of(binary.left(), binary.right());
    }
    if (this instanceof Call call) {
      return call.arguments();
    }
    if (this instanceof Conditional conditional) {
      return List.of(conditional.condition(), conditional.whenTrue(), conditional.whenFalse());
    }
    return List.of();
  }

  /** A variable, a literal or a named constant: something that costs nothing to read again. */
  default boolean isAtom() {
    return this instanceof Ref || this instanceof Literal || this instanceof Constant;
  }

  /** Reads a variable. */
  record Ref(Variable variable) implements Expr {
    @Override
    public Type type() {
      return variable.type();
    }
  }

  /** A number as it is written in Java source, such as {@code 2}, {@code 0.5} or {@code 1e-3}. */
  record Literal(Type type, String text, double value) implements Expr {
    public static Literal ofDouble(double value) {
      return new Literal(Type.DOUBLE, Double.toString(value), value);
    }

    public static Literal ofInt(int value) {
      return new Literal(Type.INT, Integer.toString(value), value);
    }

    public boolean isZero() {
      return value == 0.0;
    }

    public boolean isOne() {
      return value == 1.0;
    }
  }

  /**
   * A {@code static final} field of a class, such as {@code Math.PI}: read by name so the
   * generated code says where the number comes from.
   */
  record Constant(ClassId owner, String field, Type type) implements Expr {}

  /** {@code -x}, {@code +x}, {@code !b} and the numeric casts. */
  record Unary(UnaryOperator operator, Expr operand, Type type) implements Expr {}

  /** Arithmetic, comparison and logic on two operands. */
  record Binary(BinaryOperator operator, Expr left, Expr right, Type type) implements Expr {}

  /**
   * A call of a primitive function such as {@code Math.exp}; {@code int} for {@code Math.abs},
   * {@code max} and {@code min} of {@code int} arguments, as in Java.
   */
  record Call(Primitive function, List<Expr> arguments, Type type) implements Expr {
    public Call {
      arguments = List.copyOf(arguments);
    }
  }

  /** {@code condition ? whenTrue : whenFalse}. */
  record Conditional(Expr condition, Expr whenTrue, Expr whenFalse, Type type) implements Expr {}
}
