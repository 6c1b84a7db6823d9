package dev.flatgrad.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;

/**
 * What a gradient component of a generated record holds, in words for its Javadoc: a user reads
 * the record's {@code @param} lines to learn what {@code g.x()} is, so they name the shape and
 * the index, not only "the partial derivative".
 */
final class ComponentJavadoc {

  private ComponentJavadoc() {}

  /** The gradient of {@code value} with respect to the parameter {@code name} of {@code type}. */
  static String gradient(String name, TypeName type) {
    String code = "{@code " + name + "}";
    if (type.equals(TypeName.DOUBLE)) {
      return "the partial derivative of {@code value} with respect to " + code;
    }
    if (type instanceof ArrayTypeName array) {
      String index = array.componentType() instanceof ArrayTypeName ? "[i][j]" : "[i]";
      return "the gradient of {@code value} with respect to " + code + ", shaped like it: entry"
          + " {@code " + index + "} is the partial derivative with respect to {@code " + name
          + index + "}";
    }
    return "the gradient of {@code value} with respect to " + code + ", a record of its type"
        + " holding in each differentiated component the gradient with respect to that"
        + " component of " + code;
  }
}
