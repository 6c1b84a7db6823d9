package dev.flatgrad.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.CustomRule;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * The names the generated members of {@code rule} declare besides its parameters, clear of
   * them: a parameter may be called {@code upstream}, {@code pulled} or {@code dot_x}.
   */
  private record Locals(Map<Parameter, String> sinks, Map<Parameter, String> directions,
      String upstream, String value, String pulled, String tangent, String i, String j) {

    static Locals of(CustomRule rule) {
      Names names = new Names();
      rule.parameters().forEach(parameter -> names.reserve(parameter.name()));
      Map<Parameter, String> sinks = new LinkedHashMap<>();
      Map<Parameter, String> directions = new LinkedHashMap<>();
      for (Parameter parameter : rule.differentiatedParameters()) {
        if (parameter.type() != Type.DOUBLE) {
          sinks.put(parameter, names.fresh("grad_" + parameter.name()));
        }
        directions.put(parameter, names.fresh("dot_" + parameter.name()));
      }
      return new Locals(sinks, directions, names.fresh("upstream"), names.fresh("value"),
          names.fresh("pulled"), names.fresh("tangent"), names.fresh("i"), names.fresh("j"));
    }

    String sink(Parameter parameter) {
      return sinks.get(parameter);
    }
  }

  /** {@code f(...)}: allocates the gradient arrays and calls the user's pullback with 1. */
  MethodSpec method(CustomRule rule, ClassName recordName) {
    Locals locals = Locals.of(rule);
    MethodSpec.Builder method = start(rule.name(), rule)
        .returns(recordName)
        .addJavadoc("Computes $L and its gradient, with the custom derivative {@code $N}.\n",
            methods.userMethodLink(rule.name(), rule.parameters()), rule.pullback());
    CodeBlock.Builder body = CodeBlock.builder();
    for (Parameter parameter : arrays(rule)) {
      body.addStatement("$T $N = $L", TypeNames.of(parameter.type()), locals.sink(parameter),
          ExpressionWriter.write(new Expr.Zeros(parameter.variable())));
    }
    CodeBlock value = callUser(rule, locals, CodeBlock.of("1.0"), body);
    CodeBlock.Builder components = CodeBlock.builder().add("$L", value);
    for (Parameter parameter : rule.differentiatedParameters()) {
      components.add(", $L", parameter.type().isArray()
          ? CodeBlock.of("$N", locals.sink(parameter))
          : CodeBlock.of("$N.$N()", locals.pulled(), parameter.name()));
    }
    body.addStatement("return new $T($L)", recordName, components.build());
    return method.addCode(body.build()).build();
  }

  /** {@code fPullback(...)}: passes the upstream gradient on to the user's pullback. */
  MethodSpec pullback(CustomRule rule, Optional<ClassName> recordName) {
    Locals locals = Locals.of(rule);
    MethodSpec.Builder method = start(rule.name() + "Pullback", rule)
        .returns(recordName.<TypeName>map(name -> name).orElse(TypeName.DOUBLE))
        .addJavadoc("The pullback of $L, by its custom derivative {@code $N}; a null array is"
            + " ignored.\n", methods.userMethodLink(rule.name(), rule.parameters()),
            rule.pullback());
    method.addParameter(TypeName.DOUBLE, locals.upstream());
    arrays(rule).forEach(p -> method.addParameter(TypeNames.of(p.type()), locals.sink(p)));
    // The user's pullback adds into the sinks: each is checked as a generated pullback's is.
    Map<Parameter, Variable> sinks = new LinkedHashMap<>();
    arrays(rule).forEach(p -> sinks.put(p,
        new Variable(locals.sink(p), p.type(), Variable.Kind.ADJOINT)));
    CodeBlock.Builder body =
        CodeBlock.builder().add(ArgumentChecks.sinks(rule.parameters(), sinks));
    for (Parameter parameter : arrays(rule)) {
      body.beginControlFlow("if ($N == null)", locals.sink(parameter))
          .addStatement("$N = $L", locals.sink(parameter),
              ExpressionWriter.write(new Expr.Zeros(parameter.variable())))
          .endControlFlow();
    }
    CodeBlock value = callUser(rule, locals, CodeBlock.of("$N", locals.upstream()), body);
    if (recordName.isPresent()) {
      CodeBlock.Builder components = CodeBlock.builder().add("$L", value);
      for (Parameter parameter : GradientMethodWriter.scalarParameters(rule.parameters())) {
        components.add(", $N.$N()", locals.pulled(), parameter.name());
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
    Locals locals = Locals.of(rule);
    MethodSpec.Builder method = start(rule.name() + "Tangent", rule)
        .returns(recordName)
        .addJavadoc("Computes $L and its derivative along a direction, with the custom"
            + " derivative {@code $N}.\n", methods.userMethodLink(rule.name(), rule.parameters()),
            rule.pullback());
    for (Parameter parameter : rule.differentiatedParameters()) {
      method.addParameter(TypeNames.of(parameter.type()), locals.directions().get(parameter));
    }
    CodeBlock.Builder body = CodeBlock.builder();
    for (Parameter parameter : arrays(rule)) {
      body.addStatement("$T $N = $L", TypeNames.of(parameter.type()), locals.sink(parameter),
          ExpressionWriter.write(new Expr.Zeros(parameter.variable())));
    }
    CodeBlock value = callUser(rule, locals, CodeBlock.of("1.0"), body);
    String tangent = locals.tangent();
    String i = locals.i();
    String j = locals.j();
    body.addStatement("double $N = 0.0", tangent);
    for (Parameter parameter : rule.differentiatedParameters()) {
      String direction = locals.directions().get(parameter);
      if (parameter.type() == Type.DOUBLE) {
        body.addStatement("$N += $N.$N() * $N", tangent, locals.pulled(), parameter.name(),
            direction);
      } else if (parameter.type() == Type.DOUBLE_ARRAY) {
        body.beginControlFlow("for (int $N = 0; $N != null && $N < $N.length; $N++)", i,
                direction, i, direction, i)
            .addStatement("$N += $N[$N] * $N[$N]", tangent, locals.sink(parameter), i,
                direction, i)
            .endControlFlow();
      } else {
        body.beginControlFlow("for (int $N = 0; $N != null && $N < $N.length; $N++)", i,
                direction, i, direction, i)
            .beginControlFlow("for (int $N = 0; $N < $N[$N].length; $N++)", j, j, direction, i,
                j)
            .addStatement("$N += $N[$N][$N] * $N[$N][$N]", tangent, locals.sink(parameter), i, j,
                direction, i, j)
            .endControlFlow()
            .endControlFlow();
      }
    }
    body.addStatement("return new $T($L, $N)", recordName, value, tangent);
    return method.addCode(body.build()).build();
  }

  /** The variable names the members of {@code rule} declare. */
  List<String> declared(CustomRule rule) {
    Locals locals = Locals.of(rule);
    List<String> names = new java.util.ArrayList<>(locals.sinks().values());
    names.addAll(locals.directions().values());
    rule.parameters().forEach(parameter -> names.add(parameter.name()));
    names.addAll(List.of(locals.upstream(), locals.value(), locals.pulled(), locals.tangent(),
        locals.i(), locals.j()));
    return names;
  }

  List<Variable> sinks(CustomRule rule) {
    Locals locals = Locals.of(rule);
    return arrays(rule).stream()
        .map(p -> new Variable(locals.sink(p), p.type(), Variable.Kind.ADJOINT))
        .toList();
  }

  /** Calls the user's pullback; returns the expression for the value. */
  private CodeBlock callUser(CustomRule rule, Locals locals, CodeBlock upstream,
      CodeBlock.Builder body) {
    String arguments = rule.parameters().stream().map(Parameter::name)
        .collect(Collectors.joining(", "));
    String sinks = arrays(rule).stream().map(p -> ", " + locals.sink(p))
        .collect(Collectors.joining());
    CodeBlock call = CodeBlock.of("$T.$N($L$L$L$L)", ExpressionWriter.className(userClass),
        rule.pullback(), arguments, arguments.isEmpty() ? "" : ", ", upstream, sinks);
    if (GradientMethodWriter.scalarParameters(rule.parameters()).isEmpty()) {
      // Bound first: what follows reads the gradient arrays the call fills.
      body.addStatement("double $N = $L", locals.value(), call);
      return CodeBlock.of("$N", locals.value());
    }
    body.addStatement("var $N = $L", locals.pulled(), call);
    return CodeBlock.of("$N.value()", locals.pulled());
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
}
