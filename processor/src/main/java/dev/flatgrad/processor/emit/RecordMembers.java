package dev.flatgrad.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * {@code equals}, {@code hashCode} and {@code toString} for a generated record with array
 * components. A record's own compare arrays by identity and print {@code [D@1b6d3586}; these look
 * at the contents, as {@link java.util.Arrays}' deep methods do, so two results computed alike are
 * equal and a result prints its numbers. Components are read as {@code this.x}, so no component
 * name (not even {@code that} or {@code result}) can be hidden by these methods' own names.
 */
final class RecordMembers {

  private static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");
  private static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
  private static final ClassName DOUBLE = ClassName.get("java.lang", "Double");
  private static final ClassName OBJECT = ClassName.get("java.lang", "Object");

  private RecordMembers() {}

  /** Adds the three methods to {@code record} if one of its {@code components} is an array. */
  static void addIfArrays(TypeSpec.Builder record, ClassName recordName,
      List<ParameterSpec> components) {
    if (components.stream().noneMatch(component -> component.type() instanceof ArrayTypeName)) {
      return;
    }
    record.addJavadoc("\n<p>{@code equals}, {@code hashCode} and {@code toString} look at the"
        + " arrays' contents.\n");
    record.addMethod(equalsMethod(recordName, components));
    record.addMethod(hashCodeMethod(components));
    record.addMethod(toStringMethod(recordName, components));
  }

  private static MethodSpec equalsMethod(ClassName recordName, List<ParameterSpec> components) {
    CodeBlock.Builder test = CodeBlock.builder()
        .add("return object instanceof $T that", recordName);
    for (ParameterSpec component : components) {
      String name = component.name();
      TypeName type = component.type();
      if (type.equals(TypeName.DOUBLE)) {
        // What a record's own equals does for a double: NaN equals NaN, 0.0 differs from -0.0.
        test.add("\n&& $T.compare(this.$N, that.$N) == 0", DOUBLE, name, name);
      } else if (type.isPrimitive()) {
        test.add("\n&& this.$N == that.$N", name, name);
      } else if (type instanceof ArrayTypeName array) {
        test.add("\n&& $T.$L(this.$N, that.$N)", ARRAYS,
            nested(array) ? "deepEquals" : "equals", name, name);
      } else {
        test.add("\n&& $T.equals(this.$N, that.$N)", OBJECTS, name, name);
      }
    }
    return MethodSpec.methodBuilder("equals")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.BOOLEAN)
        .addParameter(OBJECT, "object")
        .addStatement(test.build())
        .build();
  }

  private static MethodSpec hashCodeMethod(List<ParameterSpec> components) {
    MethodSpec.Builder method = MethodSpec.methodBuilder("hashCode")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(TypeName.INT);
    boolean first = true;
    for (ParameterSpec component : components) {
      CodeBlock hash = hash(component);
      if (first) {
        method.addStatement("int hash = $L", hash);
        first = false;
      } else {
        method.addStatement("hash = 31 * hash + $L", hash);
      }
    }
    return method.addStatement("return hash").build();
  }

  private static CodeBlock hash(ParameterSpec component) {
    String name = component.name();
    TypeName type = component.type();
    if (type instanceof ArrayTypeName array) {
      return CodeBlock.of("$T.$L(this.$N)", ARRAYS, nested(array) ? "deepHashCode" : "hashCode",
          name);
    }
    if (type.isPrimitive()) {
      return CodeBlock.of("$T.hashCode(this.$N)", type.box(), name);
    }
    return CodeBlock.of("$T.hashCode(this.$N)", OBJECTS, name);
  }

  /** {@code Name[value=…, x=[…]]}, the format of a record's own toString. */
  private static MethodSpec toStringMethod(ClassName recordName,
      List<ParameterSpec> components) {
    CodeBlock.Builder text = CodeBlock.builder().add("return $S", recordName.simpleName() + "[");
    String separator = "";
    for (ParameterSpec component : components) {
      String name = component.name();
      text.add("\n+ $S + ", separator + name + "=");
      if (component.type() instanceof ArrayTypeName array) {
        text.add("$T.$L(this.$N)", ARRAYS, nested(array) ? "deepToString" : "toString", name);
      } else {
        text.add("this.$N", name);
      }
      separator = ", ";
    }
    return MethodSpec.methodBuilder("toString")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(String.class)
        .addStatement(text.add("\n+ $S", "]").build())
        .build();
  }

  private static boolean nested(ArrayTypeName array) {
    return array.componentType() instanceof ArrayTypeName;
  }
}
