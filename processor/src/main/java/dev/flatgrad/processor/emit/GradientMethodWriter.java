package dev.flatgrad.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.processor.ad.ForwardMode;
import dev.flatgrad.processor.ad.Gradient;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes the generated members for one differentiated method: the gradient method and its result
 * record, the pullback (and its record when it returns scalar gradients), and the
 * allocation-free {@code Accumulate} entry point. Each method body is a forward section followed
 * by a backward section, one statement per operation.
 */
final class GradientMethodWriter {

  private final ClassId userClass;
  private final Optional<AnnotationSpec> generated;

  GradientMethodWriter(ClassId userClass, Optional<AnnotationSpec> generated) {
    this.userClass = userClass;
    this.generated = generated;
  }

  /** The record holding the value and gradient of {@code name}. */
  TypeSpec resultRecord(String name, List<Parameter> all, ClassName recordName) {
    return record(name, all, recordName,
        all.stream().filter(Parameter::differentiated).toList(),
        "The value of $L and its gradient.\n");
  }

  /** The record a pullback returns: the value, and upstream × each scalar partial derivative. */
  TypeSpec pullbackRecord(String name, List<Parameter> all, ClassName recordName) {
    return record(name, all, recordName, scalarParameters(all),
        "What the pullback of $L returns: the value, and the upstream gradient times the"
            + " partial derivative with respect to each differentiated double parameter.\n");
  }

  private TypeSpec record(String name, List<Parameter> all, ClassName recordName,
      List<Parameter> parameters, String javadoc) {
    MethodSpec.Builder components = MethodSpec.constructorBuilder()
        .addParameter(ParameterSpec.builder(TypeName.DOUBLE, "value")
            .addJavadoc("what {@code $N} returns\n", name)
            .build());
    for (Parameter parameter : parameters) {
      components.addParameter(ParameterSpec.builder(TypeNames.of(parameter.type()),
              parameter.name())
          .addJavadoc("the partial derivative of {@code value} with respect to {@code $N}\n",
              parameter.name())
          .build());
    }
    TypeSpec.Builder record = TypeSpec.recordBuilder(recordName)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc(javadoc, userMethodLink(name, all))
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
            userMethodLink(function.name(), function.parameters()), differentiatedNames(function));
    generated.ifPresent(method::addAnnotation);
    addParameters(method, function.parameters());
    CodeBlock.Builder body = CodeBlock.builder();
    sections(gradient, body);
    CodeBlock.Builder components = CodeBlock.builder()
        .add("$L", ExpressionWriter.write(gradient.result()));
    for (Parameter parameter : function.differentiatedParameters()) {
      components.add(", $L", ExpressionWriter.write(gradient.gradientOf(parameter)));
    }
    body.addStatement("return new $T($L)", recordName, components.build());
    return method.addCode(body.build()).build();
  }

  /**
   * The pullback: the vector-Jacobian product. Adds {@code upstream} × the gradient into the
   * caller's arrays and returns the value, with scalar gradients in {@code recordName} if any.
   */
  MethodSpec pullback(Gradient gradient, Optional<ClassName> recordName) {
    Function function = gradient.function();
    Variable upstream = gradient.upstream().orElseThrow();
    MethodSpec.Builder method = MethodSpec.methodBuilder(gradient.methodName())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(recordName.<TypeName>map(name -> name).orElse(TypeName.DOUBLE))
        .addJavadoc("The pullback of $L: for an upstream gradient {@code $N} of its value,"
            + " adds\n{@code $N} × the gradient with respect to each differentiated array"
            + " parameter into the\narray passed for it (a null array is ignored), and returns"
            + " $L.\nGenerated code of callers calls it; so can you, to backpropagate your own"
            + " upstream gradient.\n", userMethodLink(function.name(), function.parameters()), upstream.name(),
            upstream.name(), recordName.isPresent()
                ? "the value and {@code " + upstream.name() + "} × the partial derivative with"
                    + " respect to each\ndifferentiated double parameter"
                : "the value");
    generated.ifPresent(method::addAnnotation);
    addParameters(method, function.parameters());
    method.addParameter(TypeName.DOUBLE, upstream.name());
    gradient.sinks().values().forEach(sink ->
        method.addParameter(TypeNames.of(sink.type()), sink.name()));
    CodeBlock.Builder body = CodeBlock.builder();
    gradient.sinks().forEach((parameter, sink) -> body
        .beginControlFlow("if ($N == null)", sink.name())
        .addStatement("$N = $L", sink.name(),
            ExpressionWriter.write(new dev.flatgrad.processor.ir.Expr.Zeros(parameter.variable())))
        .endControlFlow());
    sections(gradient, body);
    if (recordName.isPresent()) {
      CodeBlock.Builder components = CodeBlock.builder()
          .add("$L", ExpressionWriter.write(gradient.result()));
      for (Parameter parameter : scalarParameters(function.parameters())) {
        components.add(", $L", ExpressionWriter.write(gradient.gradientOf(parameter)));
      }
      body.addStatement("return new $T($L)", recordName.get(), components.build());
    } else {
      body.addStatement("return $L", ExpressionWriter.write(gradient.result()));
    }
    return method.addCode(body.build()).build();
  }

  /** The record a tangent method returns: the value and the directional derivative. */
  TypeSpec tangentRecord(String name, List<Parameter> all, ClassName recordName) {
    MethodSpec components = MethodSpec.constructorBuilder()
        .addParameter(ParameterSpec.builder(TypeName.DOUBLE, "value")
            .addJavadoc("what {@code $N} returns\n", name).build())
        .addParameter(ParameterSpec.builder(TypeName.DOUBLE, "tangent")
            .addJavadoc("its derivative along the direction: the gradient dotted with it\n")
            .build())
        .build();
    TypeSpec.Builder record = TypeSpec.recordBuilder(recordName)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The value of $L and its derivative along a direction.\n",
            userMethodLink(name, all))
        .recordConstructor(components);
    generated.ifPresent(record::addAnnotation);
    return record.build();
  }

  /**
   * The tangent method: forward mode. Takes a direction ({@code dot_x} for each differentiated
   * {@code x}; a null array counts as zero) and returns the value and the derivative along it.
   */
  MethodSpec tangent(ForwardMode.Tangent tangent, ClassName recordName) {
    Function function = tangent.function();
    MethodSpec.Builder method = MethodSpec.methodBuilder(tangent.methodName())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(recordName)
        .addJavadoc("Computes $L and its derivative along the direction given by the {@code dot_}"
            + "\nparameters (a Jacobian-vector product), in one forward pass.\n",
            userMethodLink(function.name(), function.parameters()));
    generated.ifPresent(method::addAnnotation);
    addParameters(method, function.parameters());
    tangent.directions().values().forEach(direction ->
        method.addParameter(TypeNames.of(direction.type()), direction.name()));
    CodeBlock.Builder body = CodeBlock.builder();
    tangent.directions().forEach((parameter, direction) -> {
      if (parameter.type().isArray()) {
        body.beginControlFlow("if ($N == null)", direction.name())
            .addStatement("$N = $L", direction.name(),
                ExpressionWriter.write(new dev.flatgrad.processor.ir.Expr.Zeros(
                    parameter.variable())))
            .endControlFlow();
      }
    });
    StatementWriter.write(tangent.body(), body);
    body.addStatement("return new $T($L, $L)", recordName,
        ExpressionWriter.write(tangent.value()), ExpressionWriter.write(tangent.tangent()));
    return method.addCode(body.build()).build();
  }

  /** The allocation-free entry point: the pullback with upstream gradient 1. */
  MethodSpec accumulate(String name, List<Parameter> parameters, List<Variable> sinks,
      Optional<ClassName> recordName) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(name + "Accumulate")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(recordName.<TypeName>map(record -> record).orElse(TypeName.DOUBLE))
        .addJavadoc("Computes $L and adds its gradient into the arrays passed for the"
            + " differentiated\narray parameters, allocating nothing: the call for training"
            + " loops, where gradients of a\nminibatch add up. Clear the arrays between steps"
            + " yourself.\n", userMethodLink(name, parameters));
    generated.ifPresent(method::addAnnotation);
    addParameters(method, parameters);
    sinks.forEach(sink -> method.addParameter(TypeNames.of(sink.type()), sink.name()));
    String arguments = parameters.stream().map(Parameter::name)
        .collect(Collectors.joining(", "));
    String sinkArguments = sinks.stream().map(Variable::name)
        .map(sink -> ", " + sink).collect(Collectors.joining());
    method.addStatement("return $N($L$L1.0$L)", name + "Pullback", arguments,
        arguments.isEmpty() ? "" : ", ", sinkArguments);
    return method.build();
  }

  static List<Parameter> scalarParameters(List<Parameter> parameters) {
    return parameters.stream()
        .filter(parameter -> parameter.differentiated() && parameter.type() == Type.DOUBLE)
        .toList();
  }

  static void addParameters(MethodSpec.Builder method, List<Parameter> parameters) {
    for (Parameter parameter : parameters) {
      method.addParameter(TypeNames.of(parameter.type()), parameter.name());
    }
  }

  private static void sections(Gradient gradient, CodeBlock.Builder body) {
    body.add("// forward\n");
    gradient.tape().ifPresent(tape -> body.addStatement("$T $N = $T.forThread()",
        TypeNames.TAPE, tape.name(), TypeNames.TAPE));
    StatementWriter.write(gradient.forward(), body);
    if (!gradient.backward().isEmpty()) {
      body.add("// backward\n");
      StatementWriter.write(gradient.backward(), body);
    }
  }

  CodeBlock userMethodLink(String name, List<Parameter> parameters) {
    String parameterTypes = parameters.stream()
        .map(parameter -> parameter.type().javaName())
        .collect(Collectors.joining(", "));
    return CodeBlock.of("{@link $T#$L($L)}",
        ExpressionWriter.className(userClass), name, parameterTypes);
  }

  private static String differentiatedNames(Function function) {
    List<Parameter> parameters = function.differentiatedParameters();
    return parameters.isEmpty()
        ? "no parameter"
        : parameters.stream().map(p -> "{@code " + p.name() + "}").collect(Collectors.joining(", "));
  }
}
