package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Expr.Binary;
import dev.flatgrad.processor.ir.Expr.Literal;
import dev.flatgrad.processor.ir.Expr.Unary;
import dev.flatgrad.processor.ir.Primitive;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOperator;
import java.util.List;

/**
 * Builds the small double (and float) expressions of adjoint code, dropping what a person would not write:
 * multiplication by one, double negation, arithmetic on two literals. It never reassociates, so
 * what it drops never changes a result.
 */
final class Algebra {

  static final Literal ZERO = Literal.ofDouble(0.0);
  static final Literal ONE = Literal.ofDouble(1.0);
  static final Literal FLOAT_ZERO = Literal.ofReal(Type.FLOAT, 0.0);
  static final Literal FLOAT_ONE = Literal.ofReal(Type.FLOAT, 1.0);

  private Algebra() {}

  /** {@code 0.0}, or {@code 0.0f} for a float adjoint or tangent (Java will not narrow 0.0). */
  static Literal zero(Type type) {
    return type.realScalar() == Type.FLOAT ? FLOAT_ZERO : ZERO;
  }

  /** {@code 1.0}, or {@code 1.0f} for a float. */
  static Literal one(Type type) {
    return type.realScalar() == Type.FLOAT ? FLOAT_ONE : ONE;
  }

  /** Whether {@code e} is the literal zero, of either type. */
  static boolean isZero(Expr e) {
    return e == ZERO || e == FLOAT_ZERO;
  }

  /**
   * {@code value} as a {@code target} (the type of a float adjoint or tangent): a double
   * contribution, such as {@code g * Math.cos(x)}, is narrowed with one cast, as the user narrows
   * the primal; a literal zero becomes {@code 0.0f}. Anything else is returned as it is.
   */
  static Expr narrow(Type target, Expr value) {
    if (target != Type.FLOAT || value.type() != Type.DOUBLE) {
      return value;
    }
    if (value instanceof Literal literal) {
      return literal.value() == 0 ? FLOAT_ZERO : Literal.ofReal(Type.FLOAT, literal.value());
    }
    return new Unary(UnaryOperator.TO_FLOAT, value, Type.FLOAT);
  }

  static Expr literal(int value) {
    return Literal.ofInt(value);
  }

  static Expr add(Expr a, Expr b) {
    return binary(BinaryOperator.ADD, a, b);
  }

  static Expr subtract(Expr a, Expr b) {
    return binary(BinaryOperator.SUBTRACT, a, b);
  }

  static Expr multiply(Expr a, Expr b) {
    if (isOne(a)) {
      return b;
    }
    if (isOne(b)) {
      return a;
    }
    return binary(BinaryOperator.MULTIPLY, a, b);
  }

  static Expr divide(Expr a, Expr b) {
    return isOne(b) ? a : binary(BinaryOperator.DIVIDE, a, b);
  }

  static Expr negate(Expr a) {
    if (a instanceof Unary unary && unary.operator() == UnaryOperator.NEGATE) {
      return unary.operand();
    }
    if (a instanceof Literal literal) {
      return negatedLiteral(literal);
    }
    return new Unary(UnaryOperator.NEGATE, a, a.type() == Type.FLOAT ? Type.FLOAT : Type.DOUBLE);
  }

  static Expr call(Primitive function, Expr... arguments) {
    return new Expr.Call(function, List.of(arguments), Type.DOUBLE);
  }

  static Expr compare(BinaryOperator comparison, Expr a, Expr b) {
    return new Binary(comparison, a, b, Type.BOOLEAN);
  }

  static Expr choose(Expr condition, Expr whenTrue, Expr whenFalse) {
    Type type = whenTrue.type() == Type.FLOAT && whenFalse.type() == Type.FLOAT
        ? Type.FLOAT : Type.DOUBLE;
    return new Expr.Conditional(condition, whenTrue, whenFalse, type);
  }

  /** {@code a op b}, folded when both are literals (as in {@code pow}'s {@code y - 1}). */
  private static Expr binary(BinaryOperator operator, Expr a, Expr b) {
    Type type = Type.promote(a.type(), b.type());
    boolean additive = operator == BinaryOperator.ADD || operator == BinaryOperator.SUBTRACT;
    if (additive && a instanceof Literal x && b instanceof Literal y) {
      double folded = operator == BinaryOperator.ADD ? x.value() + y.value() : x.value() - y.value();
      if (type == Type.DOUBLE) {
        return Literal.ofDouble(folded);
      }
      if (type == Type.FLOAT) {
        return Literal.ofReal(Type.FLOAT, folded);
      }
      if (folded == (int) folded) {
        return Literal.ofInt((int) folded);
      }
    }
    return new Binary(operator, a, b, type);
  }

  private static boolean isOne(Expr e) {
    return e instanceof Literal literal && literal.isOne();
  }

  private static Literal negatedLiteral(Literal literal) {
    String text = literal.text();
    String negated = text.startsWith("-") ? text.substring(1) : "-" + text;
    return new Literal(literal.type(), negated, -literal.value());
  }
}
