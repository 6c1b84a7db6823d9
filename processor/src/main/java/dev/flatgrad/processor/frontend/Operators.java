package dev.flatgrad.processor.frontend;

import com.sun.source.tree.Tree;
import dev.flatgrad.processor.ir.BinaryOperator;

/** Maps javac's operator tree kinds to IR operators. */
final class Operators {

  private Operators() {}

  static BinaryOperator arithmetic(Tree tree) {
    return switch (tree.getKind()) {
      case PLUS -> BinaryOperator.ADD;
      case MINUS -> BinaryOperator.SUBTRACT;
      case MULTIPLY -> BinaryOperator.MULTIPLY;
      case DIVIDE -> BinaryOperator.DIVIDE;
      case REMAINDER -> BinaryOperator.REMAINDER;
      default -> throw new IllegalArgumentException(tree.getKind().toString());
    };
  }

  static BinaryOperator comparison(Tree tree) {
    return switch (tree.getKind()) {
      case LESS_THAN -> BinaryOperator.LESS;
      case LESS_THAN_EQUAL -> BinaryOperator.LESS_EQUAL;
      case GREATER_THAN -> BinaryOperator.GREATER;
      case GREATER_THAN_EQUAL -> BinaryOperator.GREATER_EQUAL;
      case EQUAL_TO -> BinaryOperator.EQUAL;
      case NOT_EQUAL_TO -> BinaryOperator.NOT_EQUAL;
      default -> throw new IllegalArgumentException(tree.getKind().toString());
    };
  }

  /** A shift or a bitwise {@code & ^ |}. */
  static BinaryOperator bitwise(Tree tree) {
    return switch (tree.getKind()) {
      case LEFT_SHIFT -> BinaryOperator.SHIFT_LEFT;
      case RIGHT_SHIFT -> BinaryOperator.SHIFT_RIGHT;
      case UNSIGNED_RIGHT_SHIFT -> BinaryOperator.UNSIGNED_SHIFT_RIGHT;
      case AND -> BinaryOperator.BITWISE_AND;
      case XOR -> BinaryOperator.BITWISE_XOR;
      case OR -> BinaryOperator.BITWISE_OR;
      default -> throw new IllegalArgumentException(tree.getKind().toString());
    };
  }

  /** The operator of a compound assignment: {@code +} for {@code +=}. */
  static BinaryOperator compound(Tree tree) {
    return switch (tree.getKind()) {
      case PLUS_ASSIGNMENT -> BinaryOperator.ADD;
      case MINUS_ASSIGNMENT -> BinaryOperator.SUBTRACT;
      case MULTIPLY_ASSIGNMENT -> BinaryOperator.MULTIPLY;
      case DIVIDE_ASSIGNMENT -> BinaryOperator.DIVIDE;
      case REMAINDER_ASSIGNMENT -> BinaryOperator.REMAINDER;
      case LEFT_SHIFT_ASSIGNMENT -> BinaryOperator.SHIFT_LEFT;
      case RIGHT_SHIFT_ASSIGNMENT -> BinaryOperator.SHIFT_RIGHT;
      case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> BinaryOperator.UNSIGNED_SHIFT_RIGHT;
      case AND_ASSIGNMENT -> BinaryOperator.BITWISE_AND;
      case XOR_ASSIGNMENT -> BinaryOperator.BITWISE_XOR;
      case OR_ASSIGNMENT -> BinaryOperator.BITWISE_OR;
      default -> throw new IllegalArgumentException(tree.getKind().toString());
    };
  }
}
