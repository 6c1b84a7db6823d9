package dev.flatgrad.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;

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
      case LONG -> TypeName.LONG;
      case FLOAT -> TypeName.FLOAT;
      case SHORT -> TypeName.SHORT;
      case BYTE -> TypeName.BYTE;
      case CHAR -> TypeName.CHAR;
      case DOUBLE_ARRAY -> ArrayTypeName.of(TypeName.DOUBLE);
      case DOUBLE_MATRIX -> ArrayTypeName.of(ArrayTypeName.of(TypeName.DOUBLE));
      case DOUBLE_TENSOR -> ArrayTypeName.of(of(Type.DOUBLE_MATRIX));
      case FLOAT_ARRAY -> ArrayTypeName.of(TypeName.FLOAT);
      case FLOAT_MATRIX -> ArrayTypeName.of(ArrayTypeName.of(TypeName.FLOAT));
      case INT_ARRAY -> ArrayTypeName.of(TypeName.INT);
      case BOOLEAN_ARRAY -> ArrayTypeName.of(TypeName.BOOLEAN);
      case INT_MATRIX -> ArrayTypeName.of(ArrayTypeName.of(TypeName.INT));
      case BOOLEAN_MATRIX -> ArrayTypeName.of(ArrayTypeName.of(TypeName.BOOLEAN));
      case LONG_ARRAY -> ArrayTypeName.of(TypeName.LONG);
      case SHORT_ARRAY -> ArrayTypeName.of(TypeName.SHORT);
      case BYTE_ARRAY -> ArrayTypeName.of(TypeName.BYTE);
      case CHAR_ARRAY -> ArrayTypeName.of(TypeName.CHAR);
      case STRING -> ClassName.get(String.class);
      case STRING_ARRAY -> ArrayTypeName.of(ClassName.get(String.class));
      case OBJECT -> ClassName.OBJECT;
      case TAPE -> TAPE;
      case ENUM, ENUM_ARRAY -> throw new IllegalArgumentException(
          "an enum value's type is its enum: use of(variable)");
      case RECEIVER -> throw new IllegalArgumentException(
          "the receiver's type is its class: use of(type, userClass)");
    };
  }

  /** The type of {@code variable}: for an enum value, its enum. */
  static TypeName of(Variable variable) {
    return switch (variable.type()) {
      case ENUM -> ExpressionWriter.className(variable.enumClass());
      case ENUM_ARRAY -> ArrayTypeName.of(ExpressionWriter.className(variable.enumClass()));
      default -> of(variable.type());
    };
  }

  /** The type of a parameter of a method of {@code userClass}: the class itself for {@code self}. */
  static TypeName of(Type type, ClassName userClass) {
    return type == Type.RECEIVER ? userClass : of(type);
  }
}
