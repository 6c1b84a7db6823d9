package dev.flatgrad.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.flatgrad.processor.ir.Type;

/** The JavaPoet type for each IR type. */
final class TypeNames {

  static final ClassName TAPE = ClassName.get("dev.flatgrad", "Tape");
  static final ClassName GRADIENTS = ClassName.get("dev.flatgrad", "Gradients");
  static final ClassName ARGUMENTS = ClassName.get("dev.flatgrad", "Arguments");

  private TypeNames() {}

  static TypeName of(Type type) {
    return switch (type) {
      case DOUBLE -> TypeName.DOUBLE;
      case INT -> TypeName.INT;
      case BOOLEAN -> TypeName.BOOLEAN;
      case DOUBLE_ARRAY -> ArrayTypeName.of(TypeName.DOUBLE);
      case DOUBLE_MATRIX -> ArrayTypeName.of(ArrayTypeName.of(TypeName.DOUBLE));
      case INT_ARRAY -> ArrayTypeName.of(TypeName.INT);
      case BOOLEAN_ARRAY -> ArrayTypeName.of(TypeName.BOOLEAN);
      case INT_MATRIX -> ArrayTypeName.of(ArrayTypeName.of(TypeName.INT));
      case BOOLEAN_MATRIX -> ArrayTypeName.of(ArrayTypeName.of(TypeName.BOOLEAN));
      case STRING -> ClassName.get(String.class);
      case TAPE -> TAPE;
      case RECEIVER -> throw new IllegalArgumentException(
          "the receiver's type is its class: use of(type, userClass)");
    };
  }

  /** The type of a parameter of a method of {@code userClass}: the class itself for {@code self}. */
  static TypeName of(Type type, ClassName userClass) {
    return type == Type.RECEIVER ? userClass : of(type);
  }
}
