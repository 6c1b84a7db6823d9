package dev.flatgrad.processor.ir;

import java.util.Optional;

/**
 * The value of a condition that Java's rules make a constant expression, such as {@code true},
 * {@code !false} or {@code true ^ false}: javac treats a loop on one as never ending (JLS 14.22),
 * so nothing may follow it in its block. Literals, constant fields ({@code static final boolean
 * FOREVER = true}) and the boolean and comparison operators on them are folded; anything else is
 * unknown.
 */
final class ConstantConditions {

  private ConstantConditions() {}

  /** The value of {@code condition} if it is a constant expression flatgrad can fold. */
  static Optional<Boolean> value(Expr condition) {
    if (condition.type() == Type.BOOLEAN && number(condition).isPresent()) {
      return Optional.of(number(condition).get() != 0);
    }
    if (condition instanceof Expr.Unary unary && unary.operator() == UnaryOperator.NOT) {
      return value(unary.operand()).map(operand -> !operand);
    }
    if (!(condition instanceof Expr.Binary binary)) {
      return Optional.empty();
    }
    if (binary.left().type() != Type.BOOLEAN && binary.right().type() != Type.BOOLEAN) {
      Optional<Double> left = number(binary.left());
      Optional<Double> right = number(binary.right());
      return left.isPresent() && right.isPresent()
          ? compare(binary.operator(), left.get(), right.get())
          : Optional.empty();
    }
    Optional<Boolean> left = value(binary.left());
    Optional<Boolean> right = value(binary.right());
    if (left.isEmpty() || right.isEmpty()) {
      return Optional.empty();
    }
    boolean a = left.get();
    boolean b = right.get();
    return switch (binary.operator()) {
      case AND, BITWISE_AND -> Optional.of(a && b);
      case OR, BITWISE_OR -> Optional.of(a || b);
      case BITWISE_XOR, NOT_EQUAL -> Optional.of(a != b);
      case EQUAL -> Optional.of(a == b);
      default -> Optional.empty();
    };
  }

  /** The value of a literal or of a constant field; a boolean as 1 or 0. */
  private static Optional<Double> number(Expr expr) {
    if (expr instanceof Expr.Literal literal) {
      return Optional.of(literal.value());
    }
    return expr instanceof Expr.Constant constant
        ? Optional.ofNullable(constant.value())
        : Optional.empty();
  }

  private static Optional<Boolean> compare(BinaryOperator operator, double a, double b) {
    return switch (operator) {
      case LESS -> Optional.of(a < b);
      case LESS_EQUAL -> Optional.of(a <= b);
      case GREATER -> Optional.of(a > b);
      case GREATER_EQUAL -> Optional.of(a >= b);
      case EQUAL -> Optional.of(a == b);
      case NOT_EQUAL -> Optional.of(a != b);
      default -> Optional.empty();
    };
  }
}
