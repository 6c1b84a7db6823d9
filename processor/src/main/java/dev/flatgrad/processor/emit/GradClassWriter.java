package dev.flatgrad.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.processor.ad.ForwardMode;
import dev.flatgrad.processor.ad.ForwardOverReverse;
import dev.flatgrad.processor.ad.Gradient;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.CustomRule;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.ParameterSlots;
import dev.flatgrad.processor.ir.StaticField;
import dev.flatgrad.processor.ir.Type;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes the generated class for one user class: {@code p.CGrad} for {@code p.C}, {@code
 * p.Outer_InnerGrad} for {@code p.Outer.Inner}, with a result record and a method per
 * differentiated method.
 */
public final class GradClassWriter {

  /** The annotation type for {@code @Generated}, if the target platform has it. */
  private final Optional<ClassName> generatedAnnotation;
  private final String processorName;

  public GradClassWriter(Optional<String> generatedAnnotation, String processorName) {
    this.generatedAnnotation = generatedAnnotation.map(ClassName::bestGuess);
    this.processorName = processorName;
  }

  /** The generated class's name for methods of {@code userClass}. */
  public static ClassId gradClassOf(ClassId userClass) {
    return userClass.gradClass();
  }

  /**
   * The source file for {@code userClass}, holding what is generated for each of its methods
   * (in that order); {@code originatingElement} is the user class, for incremental builds.
   */
  /**
   * What is generated for one method: its gradient and its pullback, or for a method with a
   * custom derivative, its rule.
   */
  public record Generated(Gradient gradient, Gradient pullback, ForwardMode.Tangent tangent,
      Optional<ForwardOverReverse.HessianVector> hessianVector, CustomRule rule,
      List<Gradient> variants, boolean helper, boolean primalCopy,
      Optional<ForwardOverReverse.PullbackTangent> pullbackTangent,
      String whyNoHessianVector) {
    public Generated {
      variants = List.copyOf(variants);
    }

    public Generated(Gradient gradient, Gradient pullback, ForwardMode.Tangent tangent,
        Optional<ForwardOverReverse.HessianVector> hessianVector, CustomRule rule,
        List<Gradient> variants, boolean helper, boolean primalCopy) {
      this(gradient, pullback, tangent, hessianVector, rule, variants, helper, primalCopy,
          Optional.empty(), null);
    }

    /** The same members with the pullback tangent that callers' second-order code calls. */
    public Generated withSecondOrder(SecondOrder second) {
      return new Generated(gradient, pullback, tangent, hessianVector, rule, variants, helper,
          primalCopy, second.pullbackTangent(), second.whyNoHessianVector());
    }

    public static Generated of(Gradient gradient, Gradient pullback,
        ForwardMode.Tangent tangent, Optional<ForwardOverReverse.HessianVector> hessianVector) {
      return new Generated(gradient, pullback, tangent, hessianVector, null, List.of(), false,
          false);
    }

    public static Generated of(CustomRule rule) {
      return new Generated(null, null, null, Optional.empty(), rule, List.of(), false, false);
    }

    /**
     * What callers of a helper without {@code @Differentiable} need: its pullback, tangent and
     * second-order members, and with {@code primalCopy} a copy of the method itself, for a
     * helper generated code cannot call; no public gradient entry point.
     */
    public static Generated ofHelper(Gradient pullback, ForwardMode.Tangent tangent,
        Optional<ForwardOverReverse.HessianVector> hessianVector, boolean primalCopy) {
      return new Generated(null, pullback, tangent, hessianVector, null, List.of(), true,
          primalCopy);
    }

    /** The same members with the pullback variants that callers need. */
    public Generated withVariants(List<Gradient> more) {
      return new Generated(gradient, pullback, tangent, hessianVector, rule, more, helper,
          primalCopy, pullbackTangent, whyNoHessianVector);
    }
  }

  /**
   * A method's second-order members: its Hessian-vector product, or why it has none (for the
   * Javadoc), and the pullback tangent callers' second-order code calls.
   */
  public record SecondOrder(Optional<ForwardOverReverse.HessianVector> hessianVector,
      Optional<ForwardOverReverse.PullbackTangent> pullbackTangent,
      String whyNoHessianVector) {}

  public JavaFile write(ClassId userClass, List<Generated> methodsOf,
      Element originatingElement, Tangents tangents) {
    ClassId gradClass = gradClassOf(userClass);
    ClassName gradName = ExpressionWriter.className(gradClass);
    Optional<AnnotationSpec> generated = generatedAnnotation.map(type ->
        AnnotationSpec.builder(type).addMember("value", "$S", processorName).build());
    Set<String> typeNames = new HashSet<>();
    typeNames.add(gradName.simpleName());
    GradientMethodWriter methods =
        new GradientMethodWriter(userClass, gradName, generated, typeNames);

    TypeSpec.Builder type = TypeSpec.classBuilder(gradName)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("Values and gradients of the {@code @Differentiable} methods of {@link $T},\n"
            + "generated by flatgrad. Each method returns a record with the value and one gradient\n"
            + "component per differentiated parameter.\n", ExpressionWriter.className(userClass))
        .addOriginatingElement(originatingElement)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    generated.ifPresent(type::addAnnotation);

    staticFields(methodsOf).forEach(type::addField);
    handleWrappers(methodsOf).forEach(type::addMethod);
    CustomRuleWriter rules = new CustomRuleWriter(userClass, generated, methods);
    JacobianWriter jacobians = new JacobianWriter(generated, methods);
    DenseHessianWriter hessians = new DenseHessianWriter(generated, methods);
    PullbackTangentWriter pullbackTangents = new PullbackTangentWriter(methods);
    TangentRuleWriter tangentRules = new TangentRuleWriter(userClass, gradName, methods);
    for (Generated members : methodsOf) {
      if (members.rule() != null) {
        CustomRule rule = members.rule();
        ClassName recordName = gradName.nestedClass(recordName(rule.name(), "", typeNames));
        type.addType(methods.resultRecord(rule.name(), rule.parameters(), recordName,
            Type.DOUBLE));
        MethodSpec ruleMethod = rules.method(rule, recordName);
        if (rule.tangent() == null) {
          ruleMethod = ruleMethod.toBuilder().addJavadoc("\n<p>No $N or $N method is"
              + " generated, for this method or the methods that call it:\nits custom"
              + " derivative has no tangent rule (@Differentiable(tangent = ...)).\n",
              rule.name() + "HessianVector", rule.name() + "Hessian").build();
        }
        type.addMethod(ruleMethod);
        Optional<ClassName> pullbackRecord = Optional.empty();
        if (!GradientMethodWriter.scalarParameters(rule.parameters()).isEmpty()) {
          pullbackRecord = Optional.of(
              gradName.nestedClass(recordName(rule.name(), "Pullback", typeNames)));
          type.addType(methods.pullbackRecord(rule.name(), rule.parameters(),
              pullbackRecord.get()));
        }
        type.addMethod(rules.pullback(rule, pullbackRecord));
        type.addMethod(methods.accumulate(rule.name(), rule.parameters(), rules.sinks(rule),
            pullbackRecord, List.of(), Type.DOUBLE));
        if (ParameterSlots.fitTangent(rule.parameters())) {
          ClassName tangentRecord =
              gradName.nestedClass(recordName(rule.name(), "Tangent", typeNames));
          type.addType(methods.tangentRecord(rule.name(), rule.parameters(), tangentRecord,
              Type.DOUBLE));
          type.addMethod(rule.tangent() == null
              ? rules.tangent(rule, tangentRecord)
              : tangentRules.tangent(rule, tangentRecord));
        }
        methods.declare(rules.declared(rule));
        if (rule.tangent() != null) {
          tangentRule(rule, gradName, typeNames, type, methods, tangentRules, hessians);
        }
        continue;
      }
      Gradient pullback = members.pullback();
      Function function = pullback.function();
      String name = function.name();
      methods.declare(declaredAsIs(function));
      if (function.result().type() == Type.DOUBLE_ARRAY) {
        vectorValued(members, gradName, typeNames, type, methods, jacobians,
            userMethods(methodsOf), tangents);
        methods.takeFrames().forEach(type::addType);
        continue;
      }
      List<Parameter> parameters = function.parameters();
      boolean tangent = tangents.has(members);
      boolean hessianVector = members.hessianVector().isPresent()
          && ParameterSlots.fitHessianVector(parameters);
      if (members.helper()) {
        if (members.primalCopy()) {
          type.addMethod(methods.primal(function));
        }
      } else {
        ClassName recordName = gradName.nestedClass(recordName(name, "", typeNames));
        type.addType(methods.resultRecord(name, parameters, recordName, function.returnType()));
        MethodSpec method = methods.method(members.gradient(), recordName);
        List<String> missing = new java.util.ArrayList<>();
        if (!tangent) {
          missing.add(name + "Tangent");
        }
        if (members.hessianVector().isPresent() && !hessianVector) {
          missing.add(name + "HessianVector");
        }
        if (!missing.isEmpty()) {
          // Java's limit of 255 parameter slots: the direction parameters do not fit.
          method = method.toBuilder().addJavadoc("\n<p>No $L method is generated: with a"
              + " direction parameter per differentiated\nparameter, it or a method it calls"
              + " would exceed Java's limit of 255 parameter slots.\n",
              String.join(" or ", missing)).build();
        }
        if (members.whyNoHessianVector() != null) {
          method = method.toBuilder().addJavadoc("\n<p>No $N or $N method is generated: $L.\n",
              name + "HessianVector", name + "Hessian", members.whyNoHessianVector()).build();
        }
        type.addMethod(method);
      }
      Optional<ClassName> pullbackRecord = Optional.empty();
      if (!GradientMethodWriter.pulledParameters(parameters).isEmpty()) {
        pullbackRecord = Optional.of(gradName.nestedClass(recordName(name, "Pullback", typeNames)));
        type.addType(methods.pullbackRecord(name, parameters, pullbackRecord.get(),
            function.returnType()));
      }
      type.addMethod(methods.pullback(pullback, pullbackRecord));
      if (!members.helper()) {
        type.addMethod(methods.accumulate(name, parameters,
            List.copyOf(pullback.sinks().values()), pullbackRecord, function.thrown(),
            function.returnType()));
      }
      if (tangent) {
        ClassName tangentRecord = gradName.nestedClass(recordName(name, "Tangent", typeNames));
        type.addType(methods.tangentRecord(name, parameters, tangentRecord,
            function.returnType()));
        type.addMethod(methods.tangent(members.tangent(), tangentRecord));
      }
      if (hessianVector) {
        ClassName hvRecord =
            gradName.nestedClass(recordName(name, "HessianVector", typeNames));
        type.addType(methods.hessianVectorRecord(name, parameters,
            members.hessianVector().get().directions(), hvRecord, function.returnType()));
        type.addMethod(methods.hessianVector(members.hessianVector().get(), hvRecord));
        boolean scalars = GradientMethodWriter.scalarParameters(parameters).size()
            == function.differentiatedParameters().size();
        if (members.helper() || Signature.hasRecords(parameters)) {
          // callers need no dense Hessian of a helper; none over a record's values yet
        } else if (scalars && !parameters.isEmpty()) {
          type.addMethod(methods.hessian(function,
              members.hessianVector().get().directions()));
        } else if (!scalars) {
          hessians.methods(function, hvRecord,
              members.hessianVector().get().directions()).forEach(type::addMethod);
        }
      }
      pullbackTangent(members, gradName, typeNames, type, pullbackTangents);
      variants(members, gradName, typeNames, type, methods);
      methods.takeFrames().forEach(type::addType);
    }
    // A local named Math or like a class hides the class in expressions such as Math.sin(x):
    // such names are written qualified, java.lang.Math.sin(x).
    // Only names that can be a class's (capitalized, by Java's convention): thousands of
    // temporaries would slow JavaPoet down for nothing.
    type.alwaysQualify(methods.declared().stream()
        .filter(name -> Character.isUpperCase(name.charAt(0)))
        .sorted().toArray(String[]::new));
    return JavaFile.builder(gradClass.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /**
   * The names {@code function}'s generated code may declare as variables: all it used, but for
   * a user's local named like a class the generated code must name, which it renamed (the class
   * then needs no qualification, and qualifying it could run into a parameter named like its
   * package, such as {@code dev}).
   */
  private static List<String> declaredAsIs(Function function) {
    Set<String> parameters = function.parameters().stream().map(Parameter::name)
        .collect(Collectors.toSet());
    return function.names().everUsed().stream()
        .filter(name -> parameters.contains(name) || !function.names().isQualifier(name))
        .toList();
  }

  /**
   * The members of a method returning {@code double[]}: the Jacobian entry point, the pullback
   * (a vector-Jacobian product) and the tangent method (a Jacobian-vector product).
   */
  private static void vectorValued(Generated members, ClassName gradName, Set<String> typeNames,
      TypeSpec.Builder type, GradientMethodWriter methods, JacobianWriter jacobians,
      Set<String> userMethods, Tangents tangents) {
    Gradient pullback = members.pullback();
    Function function = pullback.function();
    String name = function.name();
    List<Parameter> parameters = function.parameters();
    ClassName recordName = gradName.nestedClass(recordName(name, "", typeNames));
    Optional<ClassName> pullbackRecord = Optional.empty();
    if (!GradientMethodWriter.pulledParameters(parameters).isEmpty()) {
      pullbackRecord = Optional.of(gradName.nestedClass(recordName(name, "Pullback", typeNames)));
    }
    boolean tangent = tangents.has(members);
    String primalName = unusedMethodName(name + "Value", userMethods);
    if (members.helper()) {
      // A private helper: callers call its copy here for the value, and its pullback; no
      // Jacobian, as a double-valued helper gets no gradient method.
      if (members.primalCopy()) {
        type.addMethod(methods.primal(function));
      }
    } else {
      type.addType(jacobians.record(name, parameters, recordName));
      type.addMethod(jacobians.method(function, recordName, pullback.methodName(),
          pullbackRecord, tangent ? Optional.of(members.tangent().methodName())
              : Optional.empty(), primalName));
    }
    pullbackRecord.ifPresent(record -> type.addType(
        methods.pullbackRecord(name, parameters, record, Type.DOUBLE_ARRAY)));
    type.addMethod(methods.pullback(pullback, pullbackRecord));
    if (tangent) {
      ClassName tangentRecord = gradName.nestedClass(recordName(name, "Tangent", typeNames));
      type.addType(methods.tangentRecord(name, parameters, tangentRecord, Type.DOUBLE_ARRAY));
      type.addMethod(methods.tangent(members.tangent(), tangentRecord));
    } else if (!members.helper()) {
      type.addMethod(methods.privatePrimal(function, primalName));
    }
    pullbackTangent(members, gradName, typeNames, type, new PullbackTangentWriter(methods));
    variants(members, gradName, typeNames, type, methods);
  }

  /** {@code fPullbackTangent}, and its record when it returns scalar gradients, if it has one. */
  private static void pullbackTangent(Generated members, ClassName gradName,
      Set<String> typeNames, TypeSpec.Builder type, PullbackTangentWriter pullbackTangents) {
    if (members.pullbackTangent().isEmpty()) {
      return;
    }
    Function function = members.pullback().function();
    Optional<ClassName> record = Optional.empty();
    if (PullbackTangentWriter.hasRecord(function)) {
      record = Optional.of(
          gradName.nestedClass(recordName(function.name(), "PullbackTangent", typeNames)));
      type.addType(pullbackTangents.record(function, record.get()));
    }
    type.addMethod(pullbackTangents.method(members.pullbackTangent().get(), record));
  }

  /**
   * The second-order members of a custom rule with a tangent rule: the Hessian-vector product,
   * the dense Hessian, and the pullback tangent callers call.
   */
  private static void tangentRule(CustomRule rule, ClassName gradName, Set<String> typeNames,
      TypeSpec.Builder type, GradientMethodWriter methods, TangentRuleWriter tangentRules,
      DenseHessianWriter hessians) {
    methods.declare(tangentRules.declared(rule));
    List<Parameter> parameters = rule.parameters();
    // The rule's signature, for the writers that need no body.
    Function signature = new Function(rule.name(), parameters, List.of(),
        Expr.Literal.ofDouble(0), new dev.flatgrad.processor.ir.Names());
    TangentRuleWriter.Locals locals = TangentRuleWriter.Locals.of(rule);
    if (ParameterSlots.fitHessianVector(parameters)) {
      ClassName hvRecord = gradName.nestedClass(recordName(rule.name(), "HessianVector",
          typeNames));
      type.addType(methods.hessianVectorRecord(rule.name(), parameters, locals.directions(),
          hvRecord, Type.DOUBLE));
      type.addMethod(tangentRules.hessianVector(rule, hvRecord));
      if (GradientMethodWriter.scalarParameters(parameters).size()
          == rule.differentiatedParameters().size()) {
        type.addMethod(methods.hessian(signature, locals.directions()));
      } else {
        hessians.methods(signature, hvRecord, locals.directions()).forEach(type::addMethod);
      }
    }
    if (ParameterSlots.fitPullbackTangent(parameters)) {
      Optional<ClassName> record = Optional.empty();
      if (PullbackTangentWriter.hasRecord(signature)) {
        record = Optional.of(
            gradName.nestedClass(recordName(rule.name(), "PullbackTangent", typeNames)));
        type.addType(new PullbackTangentWriter(methods).record(signature, record.get()));
      }
      type.addMethod(tangentRules.pullbackTangent(rule, record));
    }
  }

  /** The pullback variants that callers compiled with the method asked for. */
  private static void variants(Generated members, ClassName gradName, Set<String> typeNames,
      TypeSpec.Builder type, GradientMethodWriter methods) {
    for (Gradient variant : members.variants()) {
      Function function = variant.function();
      Optional<ClassName> variantRecord = Optional.empty();
      if (!GradientMethodWriter.pulledParameters(function.parameters()).isEmpty()) {
        variantRecord = Optional.of(
            gradName.nestedClass(recordName(variant.methodName(), "", typeNames)));
        type.addType(methods.pullbackRecord(function.name(), function.parameters(),
            variantRecord.get(), function.returnType()));
      }
      type.addMethod(methods.pullback(variant, variantRecord));
    }
  }

  /**
   * The copies of private static fields the methods read, each once, dependencies first (each
   * method lists them so, and the first occurrence of a name comes after its dependencies').
   */
  private static List<FieldSpec> staticFields(List<Generated> methodsOf) {
    Map<String, FieldSpec> fields = new LinkedHashMap<>();
    for (Generated members : methodsOf) {
      Gradient any = members.gradient() != null ? members.gradient() : members.pullback();
      if (any == null) {
        continue; // a custom rule: its body is not differentiated
      }
      for (StaticField field : any.function().fields()) {
        fields.computeIfAbsent(field.name(), name -> FieldSpec.builder(
                field.objectType() != null
                    ? ExpressionWriter.className(field.objectType())
                    : TypeNames.of(field.type()),
                name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer(initializer(field.initial()))
            .build());
      }
    }
    return List.copyOf(fields.values());
  }

  /**
   * The methods that call private static methods of the user's class through the handles the
   * class holds, each once: {@code private static int findSegment(double[] xs, double x)}.
   */
  private static List<MethodSpec> handleWrappers(List<Generated> methodsOf) {
    Map<String, MethodSpec> wrappers = new LinkedHashMap<>();
    for (Generated members : methodsOf) {
      Gradient any = members.gradient() != null ? members.gradient() : members.pullback();
      if (any == null) {
        continue;
      }
      for (StaticField field : any.function().fields()) {
        if (field.wrapper() != null) {
          wrappers.computeIfAbsent(field.name(), name -> wrapper(field));
        }
      }
    }
    return List.copyOf(wrappers.values());
  }

  private static MethodSpec wrapper(StaticField handle) {
    StaticField.Wrapper wrapper = handle.wrapper();
    MethodSpec.Builder method = MethodSpec.methodBuilder(wrapper.method())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Calls the private {@link $T#$L}, which this class cannot name.\n",
            ExpressionWriter.className(wrapper.owner()), wrapper.method());
    for (int i = 0; i < wrapper.parameterNames().size(); i++) {
      method.addParameter(TypeNames.of(wrapper.parameterTypes().get(i)),
          wrapper.parameterNames().get(i));
    }
    String arguments = String.join(", ", wrapper.parameterNames());
    CodeBlock call = wrapper.result() == null
        ? CodeBlock.of("$N.invokeExact($L);\n", handle.name(), arguments)
        : CodeBlock.of("return ($T) $N.invokeExact($L);\n", TypeNames.of(wrapper.result()),
            handle.name(), arguments);
    if (wrapper.result() != null) {
      method.returns(TypeNames.of(wrapper.result()));
    }
    return method
        .beginControlFlow("try")
        .addCode(call)
        .nextControlFlow("catch ($T failure)", Throwable.class)
        .addStatement("throw $T.rethrow(failure)", PRIVATE_MEMBERS)
        .endControlFlow()
        .build();
  }

  private static final ClassName PRIVATE_MEMBERS = ClassName.get("dev.flatgrad", "PrivateMembers");

  private static CodeBlock initializer(StaticField.Initial initial) {
    if (initial.value() != null) {
      return ExpressionWriter.write(initial.value());
    }
    // $W: long coefficient tables wrap instead of running off the page.
    CodeBlock.Builder elements = CodeBlock.builder().add("{");
    for (int i = 0; i < initial.elements().size(); i++) {
      elements.add(i == 0 ? "$L" : ",$W$L", initializer(initial.elements().get(i)));
    }
    return elements.add("}").build();
  }

  /** Whether {@code statements} call a tangent method that Java's parameter limit rules out. */
  /** The names of the user's methods this class holds members for. */
  private static Set<String> userMethods(List<Generated> methodsOf) {
    return methodsOf.stream()
        .map(members -> members.rule() != null ? members.rule().name()
            : members.pullback().function().name())
        .collect(Collectors.toSet());
  }

  /**
   * {@code base}, or {@code base2}, {@code base3}…: a name no member generated for a user's
   * method has. Those are named like their method, or like it plus a suffix that never ends in
   * {@code base}'s last word ({@code Value}), so only a user's method of that very name clashes.
   */
  private static String unusedMethodName(String base, Set<String> userMethods) {
    String name = base;
    for (int number = 2; userMethods.contains(name); number++) {
      name = base + number;
    }
    return name;
  }

  /** The method's name capitalized, {@code neuron} to {@code Neuron}, made unique in the class. */
  private static String recordName(String methodName, String suffix, Set<String> taken) {
    String base = Character.toUpperCase(methodName.charAt(0)) + methodName.substring(1) + suffix;
    String name = base;
    for (int number = 2; !taken.add(name); number++) {
      name = base + number;
    }
    return name;
  }
}
