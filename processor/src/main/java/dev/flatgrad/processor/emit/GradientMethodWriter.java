package dev.flatgrad.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.processor.ad.Gradient;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes one differentiated method: its result record and the static method that fills it, a
 * forward section followed by a backward section, one statement per operation.
 */
final class GradientMethodWriter {

  private final ClassId userClass;
  private final Optional<AnnotationSpec> generated;

  GradientMethodWriter(ClassId userClass, Optional<AnnotationSpec> generated) {
    this.userClass = userClass;
    this.generated = generated;
  }

  /** The record holding the value and gradient of {@code function}. */
  TypeSpec resultRecord(Function function, ClassName recordName) {
    MethodSpec.Builder components = MethodSpec.constructorBuilder()
        .addParameter(ParameterSpec.builder(TypeName.DOUBLE, "value")
            .addJavadoc("what {@code $N} returns\n", function.name())
            .build());
    for (Parameter parameter : function.differentiatedParameters()) {
      components.addParameter(ParameterSpec.builder(javaType(parameter.type()), parameter.name())
          .addJavadoc("the partial derivative of {@code value} with respect to {@code $N}\n",
              parameter.name())
          .build());
    }
    TypeSpec.Builder record = TypeSpec.recordBuilder(recordName)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The value of $L and its gradient.\n", userMethodLink(function))
        .recordConstructor(components.build());
    generated.ifPresent(record::addAnnotation);
    return record.build();
  }

  /** The method computing the value and gradient of {@code gradient.function()}. */
  MethodSpec method(Gradient gradient, ClassName recordName) {
    Function function = gradient.function();
    MethodSpec.Builder method = MethodSpec.methodBuilder(function.name())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(recordName)
        .addJavadoc("Computes $L and its gradient with respect to $L.\n",
            userMethodLink(function), differentiatedNames(function));
    generated.ifPresent(method::addAnnotation);
    for (Parameter parameter : function.parameters()) {
      method.addParameter(javaType(parameter.type()), parameter.name());
    }
    method.addComment("forward");
    function.body().forEach(stmt -> method.addStatement(statement(stmt)));
    if (!gradient.backward().isEmpty()) {
      method.addComment("backward");
      gradient.backward().forEach(stmt -> method.addStatement(statement(stmt)));
    }
    CodeBlock.Builder components = CodeBlock.builder().add("$L", ExpressionWriter.write(function.result()));
    for (Parameter parameter : function.differentiatedParameters()) {
      components.add(", $L", gradient.adjointOf(parameter)
          .map(adjoint -> CodeBlock.of("$N", adjoint.name()))
          .orElse(CodeBlock.of("0.0")));
    }
    method.addStatement("return new $T($L)", recordName, components.build());
    return method.build();
  }

  private static CodeBlock statement(Stmt stmt) {
    if (stmt instanceof Stmt.Assign assign) {
      CodeBlock value = ExpressionWriter.write(assign.value());
      return assign.declares()
          ? CodeBlock.of("$T $N = $L", javaType(assign.target().type()), assign.target().name(), value)
          : CodeBlock.of("$N = $L", assign.target().name(), value);
    }
    if (stmt instanceof Stmt.Accumulate accumulate) {
      return CodeBlock.of("$N += $L", accumulate.target().name(),
          ExpressionWriter.write(accumulate.value()));
    }
    throw new IllegalArgumentException("cannot write " + stmt);
  }

  private CodeBlock userMethodLink(Function function) {
    String parameterTypes = function.parameters().stream()
        .map(parameter -> parameter.type().javaName())
        .collect(Collectors.joining(", "));
    return CodeBlock.of("{@link $T#$L($L)}",
        ExpressionWriter.className(userClass), function.name(), parameterTypes);
  }

  private static String differentiatedNames(Function function) {
    List<Parameter> parameters = function.differentiatedParameters();
    return parameters.isEmpty()
        ? "no parameter"
        : parameters.stream().map(p -> "{@code " + p.name() + "}").collect(Collectors.joining(", "));
  }

  static TypeName javaType(Type type) {
    return switch (type) {
      case DOUBLE -> TypeName.DOUBLE;
      case INT -> TypeName.INT;
      case BOOLEAN -> TypeName.BOOLEAN;
    };
  }
}
