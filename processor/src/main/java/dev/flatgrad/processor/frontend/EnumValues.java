package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import java.util.Optional;

/** Which enum an enum-valued expression belongs to, where the IR can tell. */
final class EnumValues {

  private EnumValues() {}

  /**
   * The enum of {@code value}: a variable's, an enum constant's owner (flatgrad reads no other
   * field of enum type as a constant), or a conditional's branches'.
   */
  static Optional<ClassId> classOf(Expr value) {
    if (value.type() != Type.ENUM) {
      return Optional.empty();
    }
    if (value instanceof Expr.Ref ref) {
      return Optional.ofNullable(ref.variable().enumClass());
    }
    if (value instanceof Expr.Element element) {
      return Optional.ofNullable(element.array().enumClass()); // an element of an enum array
    }
    if (value instanceof Expr.Constant constant) {
      return Optional.of(constant.owner());
    }
    if (value instanceof Expr.Conditional conditional) {
      return classOf(conditional.whenTrue()).or(() -> classOf(conditional.whenFalse()));
    }
    return Optional.empty();
  }
}
