package dev.flatgrad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.CustomRule;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.RecordComponents;
import dev.flatgrad.processor.ir.TangentRule;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * The members of a custom rule that has a tangent rule {@code t}: {@code fTangent} calls {@code
 * t}; second order comes from {@code t}'s generated pullback, {@code tPullback}, which adds
 * {@code upstream} × ∂t/∂x = {@code upstream} × the Hessian times the direction. So {@code
 * fHessianVector} is one pullback of {@code f} and one of {@code t}, and {@code
 * fPullbackTangent}, what callers' second-order code calls, adds a second pullback of {@code f}
 * along the upstream gradient's direction.
 */
final class TangentRuleWriter {

  private final ClassId userClass;
  private final ClassName gradClass;
  private final GradientMethodWriter methods;

  TangentRuleWriter(ClassId userClass, ClassName gradClass, GradientMethodWriter methods) {
    this.userClass = userClass;
    this.gradClass = gradClass;
    this.methods = methods;
  }

  /** The names the members declare, clear of the rule's parameters. */
  record Locals(Map<Parameter, Variable> directions, Map<Parameter, Variable> sinks,
      Map<Parameter, Variable> sinkTangents, String upstream, String upstreamTangent,
      String pulled, String along, String second) {

    static Locals of(CustomRule rule) {
      Names names = new Names();
      rule.parameters().forEach(parameter -> names.reserve(parameter.name()));
      Map<Parameter, Variable> directions = new LinkedHashMap<>();
      Map<Parameter, Variable> sinks = new LinkedHashMap<>();
      Map<Parameter, Variable> sinkTangents = new LinkedHashMap<>();
      for (Parameter parameter : rule.differentiatedParameters()) {
        directions.put(parameter, variable(names, "dot_" + parameter.name(), parameter));
      }
      for (Parameter parameter : rule.differentiatedParameters()) {
        if (parameter.type().isArray()) {
          sinks.put(parameter, variable(names, "grad_" + parameter.name(), parameter));
          sinkTangents.put(parameter,
              variable(names, "dot_grad_" + parameter.name(), parameter));
        }
      }
      return new Locals(directions, sinks, sinkTangents, names.fresh("upstream"),
          names.fresh("dot_upstream"), names.fresh("pulled"), names.fresh("along"),
          names.fresh("second"));
    }

    private static Variable variable(Names names, String name, Parameter like) {
      return new Variable(names.fresh(name), like.type(), Variable.Kind.ADJOINT);
    }

    List<String> declared() {
      List<String> all = new ArrayList<>();
      List.of(directions, sinks, sinkTangents).forEach(map ->
          map.values().forEach(variable -> all.add(variable.name())));
      all.addAll(List.of(upstream, upstreamTangent, pulled, along, second));
      return all;
    }
  }

  /** {@code fTangent}: the value, and the tangent rule's derivative along the direction. */
  MethodSpec tangent(CustomRule rule, ClassName recordName) {
    Locals locals = Locals.of(rule);
    MethodSpec.Builder method = start(rule.name() + "Tangent", rule, recordName)
        .addJavadoc("Computes $L and its derivative along a direction, with the tangent rule"
            + " {@code $N}.\n", methods.userMethodLink(rule.name(), rule.parameters()),
            rule.tangent().name());
    declare(method, locals.directions());
    CodeBlock.Builder body = CodeBlock.builder();
    zeroIfNull(locals.directions(), body);
    body.addStatement("return new $T($T.$N($L), $T.$N($L$L))", recordName,
        ExpressionWriter.className(userClass), rule.name(), arguments(rule),
        ExpressionWriter.className(userClass), rule.tangent().name(), arguments(rule),
        names(locals.directions()));
    return method.addCode(body.build()).build();
  }

  /** {@code fHessianVector}: value, gradient, and Hessian times the direction. */
  MethodSpec hessianVector(CustomRule rule, ClassName recordName) {
    Locals locals = Locals.of(rule);
    MethodSpec.Builder method = start(rule.name() + "HessianVector", rule, recordName)
        .addJavadoc("Computes $L, its gradient by the custom derivative {@code $N}, and its"
            + " Hessian times\nthe direction given by the {@code dot_} parameters, by the"
            + " gradient of the tangent rule {@code $N}.\n",
            methods.userMethodLink(rule.name(), rule.parameters()), rule.pullback(),
            rule.tangent().name());
    declare(method, locals.directions());
    CodeBlock.Builder body = CodeBlock.builder();
    zeroIfNull(locals.directions(), body);
    for (Map<Parameter, Variable> arrays : List.of(locals.sinks(), locals.sinkTangents())) {
      arrays.forEach((parameter, sink) -> body.addStatement("$T $N = $L",
          TypeNames.of(parameter.type()), sink.name(),
          ExpressionWriter.write(new Expr.Zeros(parameter.variable()))));
    }
    pullbacks(rule, locals, CodeBlock.of("1.0"), null, body);
    CodeBlock.Builder components = CodeBlock.builder().add("$L", value(rule, locals));
    for (Parameter parameter : rule.differentiatedParameters()) {
      components.add(", $L", parameter.type().isArray()
          ? CodeBlock.of("$N", locals.sinks().get(parameter).name())
          : CodeBlock.of("$N.$N()", locals.pulled(), component(rule, parameter)));
    }
    for (Parameter parameter : rule.differentiatedParameters()) {
      components.add(", $L", parameter.type().isArray()
          ? CodeBlock.of("$N", locals.sinkTangents().get(parameter).name())
          : secondOrder(rule, locals, parameter, false));
    }
    body.addStatement("return new $T($L)", recordName, components.build());
    return method.addCode(body.build()).build();
  }

  /** {@code fPullbackTangent}: what callers' Hessian-vector products call. */
  MethodSpec pullbackTangent(CustomRule rule, Optional<ClassName> recordName) {
    Locals locals = Locals.of(rule);
    TypeName returns = recordName.<TypeName>map(name -> name).orElse(TypeName.DOUBLE);
    MethodSpec.Builder method = start(rule.name() + "PullbackTangent", rule, returns)
        .addJavadoc("The pullback of $L carried along a direction: it does what {@code $N}"
            + " does, and adds\n{@code $N} × the Hessian times the direction (the gradient of"
            + " the tangent rule {@code $N})\nplus {@code $N} × the gradient into the {@code"
            + " dot_} arrays. Second-order code of callers calls it.\n",
            methods.userMethodLink(rule.name(), rule.parameters()), rule.name() + "Pullback",
            locals.upstream(), rule.tangent().name(), locals.upstreamTangent());
    method.addParameter(TypeName.DOUBLE, locals.upstream());
    declare(method, locals.sinks());
    declare(method, locals.directions());
    method.addParameter(TypeName.DOUBLE, locals.upstreamTangent());
    declare(method, locals.sinkTangents());
    CodeBlock.Builder body = CodeBlock.builder()
        .add(ArgumentChecks.sinks(rule.parameters(), locals.sinks()))
        .add(ArgumentChecks.sinkTangents(rule.parameters(), locals.sinks(),
            locals.sinkTangents(), locals.directions()))
        .add(ArgumentChecks.directionShapes(locals.directions()));
    zeroIfNull(locals.directions(), body);
    pullbacks(rule, locals, CodeBlock.of("$N", locals.upstream()),
        CodeBlock.of("$N", locals.upstreamTangent()), body);
    if (recordName.isEmpty()) {
      body.addStatement("return $L", value(rule, locals));
    } else {
      CodeBlock.Builder components = CodeBlock.builder().add("$L", value(rule, locals));
      List<Parameter> scalars = GradientMethodWriter.scalarParameters(rule.parameters());
      scalars.forEach(p -> components.add(", $N.$N()", locals.pulled(), component(rule, p)));
      scalars.forEach(p -> components.add(", $L", secondOrder(rule, locals, p, true)));
      body.addStatement("return new $T($L)", recordName.get(), components.build());
    }
    return method.addCode(body.build()).build();
  }

  /** The variable names the members declare. */
  List<String> declared(CustomRule rule) {
    return Locals.of(rule).declared();
  }

  /**
   * {@code pulled = fPullback(…, upstream, sinks)}; with {@code upstreamTangent}, {@code along
   * = fPullback(…, upstreamTangent, sinkTangents)}; then {@code second = tPullback(…,
   * directions, upstream, sinkTangents)}.
   */
  private void pullbacks(CustomRule rule, Locals locals, CodeBlock upstream,
      CodeBlock upstreamTangent, CodeBlock.Builder body) {
    boolean record = !GradientMethodWriter.scalarParameters(rule.parameters()).isEmpty();
    body.addStatement("$L $N = $T.$N($L, $L$L)", record ? "var" : "double", locals.pulled(),
        gradClass, rule.name() + "Pullback", arguments(rule), upstream, names(locals.sinks()));
    if (upstreamTangent != null) {
      body.addStatement("$L $N = $T.$N($L, $L$L)", record ? "var" : "double", locals.along(),
          gradClass, rule.name() + "Pullback", arguments(rule), upstreamTangent,
          names(locals.sinkTangents()));
    }
    TangentRule tangent = rule.tangent();
    List<String> sinks = new ArrayList<>();
    List<Parameter> parameters = rule.parameters();
    List<Type> types = tangentTypes(rule);
    for (int i = 0; i < types.size(); i++) {
      if (tangent.differentiated().get(i) && types.get(i).isArray()) {
        Variable sink = i < parameters.size() ? locals.sinkTangents().get(parameters.get(i))
            : null;
        sinks.add(sink == null ? "null" : sink.name());
      }
    }
    String sinkArguments = sinks.stream().map(s -> ", " + s).collect(Collectors.joining());
    body.addStatement("$L $N = $T.$N($L$L, $L$L)", tangentHasRecord(rule) ? "var" : "double",
        locals.second(), gradClass, tangent.name() + "Pullback", arguments(rule),
        names(locals.directions()), upstream, sinkArguments);
  }

  /**
   * The tangent of a scalar gradient: the tangent rule's partial (upstream × Hessian times
   * direction), plus in a pullback tangent the gradient along the upstream's direction.
   */
  private CodeBlock secondOrder(CustomRule rule, Locals locals, Parameter parameter,
      boolean along) {
    int index = rule.parameters().indexOf(parameter);
    List<String> names = rule.tangent().parameterNames();
    CodeBlock hessian = CodeBlock.of("$N.$N()", locals.second(),
        RecordComponents.of(names.get(index), names));
    return along
        ? CodeBlock.of("$N.$N() + $L", locals.along(), component(rule, parameter), hessian)
        : hessian;
  }

  private static CodeBlock value(CustomRule rule, Locals locals) {
    return GradientMethodWriter.scalarParameters(rule.parameters()).isEmpty()
        ? CodeBlock.of("$N", locals.pulled())
        : CodeBlock.of("$N.value()", locals.pulled());
  }

  private static String component(CustomRule rule, Parameter parameter) {
    return RecordComponents.of(parameter.name(),
        rule.parameters().stream().map(Parameter::name).toList());
  }

  /** The tangent rule's parameter types: the rule's, then a direction per differentiated one. */
  private static List<Type> tangentTypes(CustomRule rule) {
    List<Type> types = new ArrayList<>();
    rule.parameters().forEach(p -> types.add(p.type()));
    rule.differentiatedParameters().forEach(p -> types.add(p.type()));
    return types;
  }

  /** Whether the tangent rule's pullback returns a record: it differentiates a double. */
  private static boolean tangentHasRecord(CustomRule rule) {
    List<Type> types = tangentTypes(rule);
    for (int i = 0; i < types.size(); i++) {
      if (rule.tangent().differentiated().get(i) && types.get(i) == Type.DOUBLE) {
        return true;
      }
    }
    return false;
  }

  private MethodSpec.Builder start(String name, CustomRule rule, TypeName returns) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(returns);
    methods.generated().ifPresent(method::addAnnotation);
    GradientMethodWriter.addParameters(method, rule.parameters());
    return method;
  }

  private static void declare(MethodSpec.Builder method, Map<Parameter, Variable> variables) {
    variables.values().forEach(variable ->
        method.addParameter(TypeNames.of(variable.type()), variable.name()));
  }

  /** The tangent rule reads its directions: a null one is zeros. */
  private static void zeroIfNull(Map<Parameter, Variable> directions, CodeBlock.Builder body) {
    directions.forEach((parameter, direction) ->
        GradientMethodWriter.zeroIfNull(parameter, direction, body));
  }

  private static String arguments(CustomRule rule) {
    return rule.parameters().stream().map(Parameter::name).collect(Collectors.joining(", "));
  }

  private static String names(Map<Parameter, Variable> variables) {
    return variables.values().stream().map(v -> ", " + v.name())
        .collect(Collectors.joining());
  }
}
