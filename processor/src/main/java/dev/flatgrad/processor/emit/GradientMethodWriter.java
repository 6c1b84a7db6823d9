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
      components.addParameter(ParameterSpec.builder(TypeNames.of(parameter.type()), parameter.name())
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
      method.addParameter(TypeNames.of(parameter.type()), parameter.name());
    }
    CodeBlock.Builder body = CodeBlock.builder();
    body.add("// forward\n");
    gradient.tape().ifPresent(tape ->
        body.addStatement("$T $N = new $T()", TypeNames.TAPE, tape.name(), TypeNames.TAPE));
    StatementWriter.write(gradient.forward(), body);
    if (!gradient.backward().isEmpty()) {
      body.add("// backward\n");
      StatementWriter.write(gradient.backward(), body);
    }
    CodeBlock.Builder components = CodeBlock.builder()
        .add("$L", ExpressionWriter.write(gradient.result()));
    for (Parameter parameter : function.differentiatedParameters()) {
      components.add(", $L", ExpressionWriter.write(gradient.gradientOf(parameter)));
    }
    body.addStatement("return new $T($L)", recordName, components.build());
    return method.addCode(body.build()).build();
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

}
