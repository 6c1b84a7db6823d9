package dev.flatgrad.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.CustomRule;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes the generated members of a method with a custom derivative: the same gradient method,
 * pullback and {@code Accumulate} entry point as for any method, each calling the user's
 * pullback instead of generated adjoint code.
 */
final class CustomRuleWriter {

  private final ClassId userClass;
  private final Optional<AnnotationSpec> generated;
  private final GradientMethodWriter methods;

  CustomRuleWriter(ClassId userClass, Optional<AnnotationSpec> generated,
      GradientMethodWriter methods) {
    this.userClass = userClass;
    this.generated = generated;
    this.methods = methods;
  }

  /** {@code f(...)}: allocates the gradient arrays and calls the user's pullback with 1. */
  MethodSpec method(CustomRule rule, ClassName recordName) {
    MethodSpec.Builder method = start(rule.name(), rule)
        .returns(recordName)
        .addJavadoc("Computes $L and its gradient, with the custom derivative {@code $N}.\n",
            methods.userMethodLink(rule.name(), rule.parameters()), rule.pullback());
    CodeBlock.Builder body = CodeBlock.builder();
    for (Parameter parameter : arrays(rule)) {
      body.addStatement("$T $N = $L", TypeNames.of(parameter.type()), sink(parameter),
          ExpressionWriter.write(new Expr.Zeros(parameter.variable())));
    }
    CodeBlock value = callUser(rule, CodeBlock.of("1.0"), body);
    CodeBlock.Builder components = CodeBlock.builder().add("$L", value);
    for (Parameter parameter : rule.differentiatedParameters()) {
      components.add(", $L", parameter.type().isArray()
          ? CodeBlock.of("$N", sink(parameter))
          : CodeBlock.of("pulled.$N()", parameter.name()));
    }
    body.addStatement("return new $T($L)", recordName, components.build());
    return method.addCode(body.build()).build();
  }

  /** {@code fPullback(...)}: passes the upstream gradient on to the user's pullback. */
  MethodSpec pullback(CustomRule rule, Optional<ClassName> recordName) {
    MethodSpec.Builder method = start(rule.name() + "Pullback", rule)
        .returns(recordName.<TypeName>map(name -> name).orElse(TypeName.DOUBLE))
        .addJavadoc("The pullback of $L, by its custom derivative {@code $N}; a null array is"
            + " ignored.\n", methods.userMethodLink(rule.name(), rule.parameters()),
            rule.pullback());
    method.addParameter(TypeName.DOUBLE, "upstream");
    arrays(rule).forEach(p -> method.addParameter(TypeNames.of(p.type()), sink(p)));
    CodeBlock.Builder body = CodeBlock.builder();
    for (Parameter parameter : arrays(rule)) {
      body.beginControlFlow("if ($N == null)", sink(parameter))
          .addStatement("$N = $L", sink(parameter),
              ExpressionWriter.write(new Expr.Zeros(parameter.variable())))
          .endControlFlow();
    }
    CodeBlock value = callUser(rule, CodeBlock.of("upstream"), body);
    if (recordName.isPresent()) {
      CodeBlock.Builder components = CodeBlock.builder().add("$L", value);
      for (Parameter parameter : GradientMethodWriter.scalarParameters(rule.parameters())) {
        components.add(", pulled.$N()", parameter.name());
      }
      body.addStatement("return new $T($L)", recordName.get(), components.build());
    } else {
      body.addStatement("return $L", value);
    }
    return method.addCode(body.build()).build();
  }

  /**
   * {@code fTangent(...)}: with only a pullback at hand, the directional derivative is the
   * gradient (one pullback with upstream 1) dotted with the direction.
   */
  MethodSpec tangent(CustomRule rule, ClassName recordName) {
    MethodSpec.Builder method = start(rule.name() + "Tangent", rule)
        .returns(recordName)
        .addJavadoc("Computes $L and its derivative along a direction, with the custom"
            + " derivative {@code $N}.\n", methods.userMethodLink(rule.name(), rule.parameters()),
            rule.pullback());
    for (Parameter parameter : rule.differentiatedParameters()) {
      method.addParameter(TypeNames.of(parameter.type()), "dot_" + parameter.name());
    }
    CodeBlock.Builder body = CodeBlock.builder();
    for (Parameter parameter : arrays(rule)) {
      body.addStatement("$T $N = $L", TypeNames.of(parameter.type()), sink(parameter),
          ExpressionWriter.write(new Expr.Zeros(parameter.variable())));
    }
    CodeBlock value = callUser(rule, CodeBlock.of("1.0"), body);
    body.addStatement("double tangent = 0.0");
    for (Parameter parameter : rule.differentiatedParameters()) {
      String direction = "dot_" + parameter.name();
      if (parameter.type() == Type.DOUBLE) {
        body.addStatement("tangent += pulled.$N() * $N", parameter.name(), direction);
      } else if (parameter.type() == Type.DOUBLE_ARRAY) {
        body.beginControlFlow("for (int i = 0; $N != null && i < $N.length; i++)", direction,
                direction)
            .addStatement("tangent += $N[i] * $N[i]", sink(parameter), direction)
            .endControlFlow();
      } else {
        body.beginControlFlow("for (int i = 0; $N != null && i < $N.length; i++)", direction,
                direction)
            .beginControlFlow("for (int j = 0; j < $N[i].length; j++)", direction)
            .addStatement("tangent += $N[i][j] * $N[i][j]", sink(parameter), direction)
            .endControlFlow()
            .endControlFlow();
      }
    }
    body.addStatement("return new $T($L, tangent)", recordName, value);
    return method.addCode(body.build()).build();
  }

  List<Variable> sinks(CustomRule rule) {
    return arrays(rule).stream()
        .map(p -> new Variable(sink(p), p.type(), Variable.Kind.ADJOINT))
        .toList();
  }

  /** Calls the user's pullback; returns the expression for the value. */
  private CodeBlock callUser(CustomRule rule, CodeBlock upstream, CodeBlock.Builder body) {
    String arguments = rule.parameters().stream().map(Parameter::name)
        .collect(Collectors.joining(", "));
    String sinks = arrays(rule).stream().map(p -> ", " + sink(p))
        .collect(Collectors.joining());
    CodeBlock call = CodeBlock.of("$T.$N($L$L$L$L)", ExpressionWriter.className(userClass),
        rule.pullback(), arguments, arguments.isEmpty() ? "" : ", ", upstream, sinks);
    if (GradientMethodWriter.scalarParameters(rule.parameters()).isEmpty()) {
      // Bound first: what follows reads the gradient arrays the call fills.
      body.addStatement("double value = $L", call);
      return CodeBlock.of("value");
    }
    body.addStatement("var pulled = $L", call);
    return CodeBlock.of("pulled.value()");
  }

  private MethodSpec.Builder start(String name, CustomRule rule) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC);
    generated.ifPresent(method::addAnnotation);
    GradientMethodWriter.addParameters(method, rule.parameters());
    return method;
  }

  private static List<Parameter> arrays(CustomRule rule) {
    return rule.differentiatedParameters().stream()
        .filter(p -> p.type() != Type.DOUBLE)
        .toList();
  }

  private static String sink(Parameter parameter) {
    return "grad_" + parameter.name();
  }
}
