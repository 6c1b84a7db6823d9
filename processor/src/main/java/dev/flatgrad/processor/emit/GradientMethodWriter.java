package dev.flatgrad.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.processor.ad.ForwardMode;
import dev.flatgrad.processor.ad.ForwardOverReverse;
import dev.flatgrad.processor.ad.Gradient;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.RecordParameter;
import dev.flatgrad.processor.ir.RecordComponents;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.TapeLocals;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  private final ClassName gradClass;
  private final Optional<AnnotationSpec> generated;
  /** The nested type names in use, so frame classes get free ones. */
  private final Set<String> typeNames;
  private final List<TypeSpec> frames = new ArrayList<>();
  /** The variable names the generated code declares, which could hide a class of that name. */
  private final Set<String> declared = new HashSet<>();

  GradientMethodWriter(ClassId userClass, ClassName gradClass, Optional<AnnotationSpec> generated,
      Set<String> typeNames) {
    this.userClass = userClass;
    this.gradClass = gradClass;
    this.generated = generated;
    this.typeNames = typeNames;
  }

  /**
   * Notes names the generated class declares as variables (parameters, locals, fields of
   * frames): a class of such a name must be written qualified.
   */
  void declare(Collection<String> names) {
    declared.addAll(names);
  }

  /** The {@code @Generated} annotation, when the platform has it. */
  Optional<AnnotationSpec> generated() {
    return generated;
  }

  /** Every variable name declared so far. */
  Set<String> declared() {
    return declared;
  }

  /** The frame classes written for long methods since the last call; the caller adds them. */
  List<TypeSpec> takeFrames() {
    List<TypeSpec> taken = List.copyOf(frames);
    frames.clear();
    return taken;
  }

  /** The record holding the value and gradient of {@code name}. */
  TypeSpec resultRecord(String name, List<Parameter> all, ClassName recordName,
      Type valueType) {
    return record(name, all, recordName, valueType,
        Signature.of(all).stream().filter(Signature.Declared::differentiated).toList(), false,
        "The value of $L and its gradient.\n");
  }

  /** The record a pullback returns: the value, and upstream × each scalar partial derivative. */
  TypeSpec pullbackRecord(String name, List<Parameter> all, ClassName recordName) {
    return pullbackRecord(name, all, recordName, Type.DOUBLE);
  }

  /** The same for a function returning {@code valueType}. */
  TypeSpec pullbackRecord(String name, List<Parameter> all, ClassName recordName,
      Type valueType) {
    return record(name, all, recordName, valueType, pulledParameters(all), true,
        "What the pullback of $L returns: the value, and the upstream gradient times the"
            + " partial derivative with respect to each differentiated double parameter (for a"
            + " record parameter,\na record of those of its double values, holding the arrays"
            + " its array values' gradients were added into).\n");
  }

  private TypeSpec record(String name, List<Parameter> all, ClassName recordName,
      Type valueType, List<Signature.Declared> parameters, boolean timesUpstream,
      String javadoc) {
    MethodSpec.Builder components = MethodSpec.constructorBuilder()
        .addParameter(ParameterSpec.builder(TypeNames.of(valueType), RecordComponents.VALUE)
            .addJavadoc("what {@code $N} returns\n", name)
            .build());
    for (Signature.Declared parameter : parameters) {
      components.addParameter(gradientComponent(parameter, all, timesUpstream));
    }
    MethodSpec constructor = components.build();
    TypeSpec.Builder record = TypeSpec.recordBuilder(recordName)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc(javadoc, userMethodLink(name, all))
        .recordConstructor(constructor);
    RecordMembers.addIfArrays(record, recordName, constructor.parameters());
    generated.ifPresent(record::addAnnotation);
    return record.build();
  }

  /**
   * The component holding the gradient for {@code parameter}, one of {@code all}; in a
   * pullback's record ({@code timesUpstream}) the upstream gradient times it.
   */
  private static ParameterSpec gradientComponent(Signature.Declared parameter,
      List<Parameter> all, boolean timesUpstream) {
    String component = RecordComponents.of(parameter.name(),
        Signature.of(all).stream().map(Signature.Declared::name).toList());
    return ParameterSpec.builder(parameter.type(), component)
        .addJavadoc((timesUpstream ? "{@code upstream} times " : "")
            + ComponentJavadoc.gradient(parameter.name(), parameter.type())
            + (component.equals(parameter.name()) ? "" : " (a record component cannot be named"
                + " {@code " + parameter.name() + "})")
            + "\n")
        .build();
  }

  /** The record component for {@code parameter}: its name, unless Java forbids it. */
  static String component(Parameter parameter, List<Parameter> all) {
    return RecordComponents.of(parameter.name(), all.stream().map(Parameter::name).toList());
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
    declareThrown(method, function.thrown());
    List<ParameterSpec> parameters = ownParameters(method, function.parameters());
    method.addCode(ArgumentChecks.inputs(function.differentiatedParameters()));
    CodeBlock.Builder components = CodeBlock.builder()
        .add("$L", ExpressionWriter.write(gradient.result()));
    gradients(function.parameters(), gradient).forEach(c -> components.add(", $L", c));
    body(method, parameters, gradient.tape(), sections(gradient),
        CodeBlock.of("new $T($L)", recordName, components.build()), recordName);
    return method.build();
  }

  /**
   * The pullback: the vector-Jacobian product. Adds {@code upstream} × the gradient into the
   * caller's arrays and returns the value, with scalar gradients in {@code recordName} if any.
   */
  MethodSpec pullback(Gradient gradient, Optional<ClassName> recordName) {
    Function function = gradient.function();
    Variable upstream = gradient.upstream().orElseThrow();
    TypeName valueType = TypeNames.of(upstream.type());
    MethodSpec.Builder method = MethodSpec.methodBuilder(gradient.methodName())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(recordName.<TypeName>map(name -> name).orElse(valueType))
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
    declareThrown(method, function.thrown());
    List<ParameterSpec> parameters = ownParameters(method, function.parameters());
    parameters.add(parameter(method, valueType, upstream.name()));
    parameters.addAll(Signature.declareAdjoints(method, function.parameters(), gradient.sinks(),
        RecordParameter::gradName));
    CodeBlock.Builder prologue = CodeBlock.builder()
        .add(ArgumentChecks.sinks(function.parameters(), gradient.sinks()));
    gradient.sinks().forEach((parameter, sink) -> zeroIfNull(parameter, sink, prologue));
    method.addCode(prologue.build());
    CodeBlock result;
    if (recordName.isPresent()) {
      CodeBlock.Builder components = CodeBlock.builder()
          .add("$L", ExpressionWriter.write(gradient.result()));
      Signature.components(pulledParameters(function.parameters()), leaf ->
              gradient.sinks().containsKey(leaf)
                  ? CodeBlock.of("$N", gradient.sinks().get(leaf).name())
                  : ExpressionWriter.write(gradient.gradientOf(leaf)))
          .forEach(c -> components.add(", $L", c));
      result = CodeBlock.of("new $T($L)", recordName.get(), components.build());
    } else {
      result = ExpressionWriter.write(gradient.result());
    }
    body(method, parameters, gradient.tape(), sections(gradient), result,
        recordName.<TypeName>map(name -> name).orElse(valueType));
    return method.build();
  }

  /**
   * A copy of a helper that generated code cannot call (a private one), under the helper's own
   * name: its forward code, which computes exactly what the helper returns.
   */
  MethodSpec primal(Function function) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(function.name())
        .addModifiers(Modifier.STATIC)
        .addJavadoc("A copy of $L, which generated code cannot call where it is.\n",
            userMethodLink(function.name(), function.parameters()));
    return primalBody(method, function, ownParameters(method, function.parameters()));
  }

  /**
   * A private copy of an entry point's own method under {@code name}, taking its parameters as
   * the generated entry points do: what the Jacobian reads the value from when there is no
   * tangent method to read it from.
   */
  MethodSpec privatePrimal(Function function, String name) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("The value of $L.\n", userMethodLink(function.name(), function.parameters()));
    return primalBody(method, function, ownParameters(method, function.parameters()));
  }

  private MethodSpec primalBody(MethodSpec.Builder method, Function function,
      List<ParameterSpec> parameters) {
    method.returns(TypeNames.of(function.returnType()));
    generated.ifPresent(method::addAnnotation);
    declareThrown(method, function.thrown());
    body(method, parameters, Optional.empty(),
        List.of(new MethodSplitter.Section(null, function.body())),
        ExpressionWriter.write(function.result()), TypeNames.of(function.returnType()));
    return method.build();
  }


  /** The same for a function returning {@code valueType}; a vector's tangent is a vector. */
  TypeSpec tangentRecord(String name, List<Parameter> all, ClassName recordName,
      Type valueType) {
    MethodSpec components = MethodSpec.constructorBuilder()
        .addParameter(ParameterSpec.builder(TypeNames.of(valueType), "value")
            .addJavadoc("what {@code $N} returns\n", name).build())
        .addParameter(ParameterSpec.builder(TypeNames.of(valueType), "tangent")
            .addJavadoc(valueType.isReal()
                ? "its derivative along the direction: the gradient dotted with it\n"
                : "its derivative along the direction: the Jacobian times it, entry {@code [i]}"
                    + " for {@code value[i]}\n")
            .build())
        .build();
    TypeSpec.Builder record = TypeSpec.recordBuilder(recordName)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The value of $L and its derivative along a direction.\n",
            userMethodLink(name, all))
        .recordConstructor(components);
    RecordMembers.addIfArrays(record, recordName, components.parameters());
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
    declareThrown(method, function.thrown());
    List<ParameterSpec> parameters = ownParameters(method, function.parameters());
    parameters.addAll(Signature.declareAdjoints(method, function.parameters(),
        tangent.directions(), RecordParameter::dotName));
    CodeBlock.Builder prologue = CodeBlock.builder()
        .add(ArgumentChecks.directions(tangent.directions()));
    tangent.directions().forEach((parameter, direction) ->
        zeroIfNull(parameter, direction, prologue));
    method.addCode(prologue.build());
    body(method, parameters, Optional.empty(),
        List.of(new MethodSplitter.Section(null, tangent.body())),
        CodeBlock.of("new $T($L, $L)", recordName, ExpressionWriter.write(tangent.value()),
            ExpressionWriter.write(tangent.tangent())), recordName);
    return method.build();
  }

  /** The record of a Hessian-vector product: value, gradient, and Hessian times direction. */
  TypeSpec hessianVectorRecord(String name, List<Parameter> all,
      Map<Parameter, Variable> directions, ClassName recordName, Type valueType) {
    MethodSpec.Builder components = MethodSpec.constructorBuilder()
        .addParameter(ParameterSpec.builder(TypeNames.of(valueType), RecordComponents.VALUE)
            .addJavadoc("what {@code $N} returns\n", name).build());
    List<Signature.Declared> differentiated = Signature.of(all).stream()
        .filter(Signature.Declared::differentiated).toList();
    for (Signature.Declared parameter : differentiated) {
      components.addParameter(gradientComponent(parameter, all, false));
    }
    // Named like the direction parameters, which the allocator kept clear of the user's names.
    for (Signature.Declared parameter : differentiated) {
      String direction = parameter.plain() != null && directions.containsKey(parameter.plain())
          ? directions.get(parameter.plain()).name()
          : "dot_" + parameter.name();
      components.addParameter(ParameterSpec.builder(parameter.type(), direction)
          .addJavadoc("the derivative of that partial along the direction: the {@code $N}"
              + " part of the Hessian times the direction\n", parameter.name())
          .build());
    }
    MethodSpec constructor = components.build();
    TypeSpec.Builder record = TypeSpec.recordBuilder(recordName)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The value of $L, its gradient, and its Hessian times a direction.\n",
            userMethodLink(name, all))
        .recordConstructor(constructor);
    RecordMembers.addIfArrays(record, recordName, constructor.parameters());
    generated.ifPresent(record::addAnnotation);
    return record.build();
  }

  /** The Hessian-vector product, forward over reverse. */
  MethodSpec hessianVector(ForwardOverReverse.HessianVector product, ClassName recordName) {
    Gradient gradient = product.gradient();
    Function function = gradient.function();
    MethodSpec.Builder method = MethodSpec.methodBuilder(function.name() + "HessianVector")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(recordName)
        .addJavadoc("Computes $L, its gradient, and its Hessian times the direction given by"
            + " the\n{@code dot_} parameters: the gradient code differentiated again in forward"
            + " mode.\n", userMethodLink(function.name(), function.parameters()));
    generated.ifPresent(method::addAnnotation);
    declareThrown(method, function.thrown());
    List<ParameterSpec> parameters = ownParameters(method, function.parameters());
    parameters.addAll(Signature.declareAdjoints(method, function.parameters(),
        product.directions(), RecordParameter::dotName));
    CodeBlock.Builder prologue = CodeBlock.builder()
        .add(ArgumentChecks.directions(product.directions()));
    product.directions().forEach((parameter, direction) ->
        zeroIfNull(parameter, direction, prologue));
    method.addCode(prologue.build());
    CodeBlock.Builder components = CodeBlock.builder()
        .add("$L", ExpressionWriter.write(gradient.result()));
    gradients(function.parameters(), gradient).forEach(c -> components.add(", $L", c));
    Signature.components(differentiated(function.parameters()),
            leaf -> ExpressionWriter.write(product.hessianVector().get(leaf)))
        .forEach(c -> components.add(", $L", c));
    body(method, parameters, gradient.tape(),
        List.of(new MethodSplitter.Section(null, product.body())),
        CodeBlock.of("new $T($L)", recordName, components.build()), recordName);
    return method.build();
  }

  /**
   * The dense Hessian of a method of scalar parameters: one Hessian-vector product per
   * parameter, along each unit direction in turn.
   */
  MethodSpec hessian(Function function, Map<Parameter, Variable> directions) {
    List<Parameter> differentiated = function.differentiatedParameters();
    // Of float parameters only, a float Hessian, like their gradients; else double.
    Type entry = differentiated.stream().allMatch(p -> p.type() == Type.FLOAT)
        && !differentiated.isEmpty() ? Type.FLOAT : Type.DOUBLE;
    MethodSpec.Builder method = MethodSpec.methodBuilder(function.name() + "Hessian")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(TypeNames.of(entry == Type.FLOAT ? Type.FLOAT_MATRIX : Type.DOUBLE_MATRIX))
        .addJavadoc("The Hessian of $L with respect to $L, row {@code i} the gradient of the"
            + " {@code i}-th\npartial derivative, in the order of the parameters.\n",
            userMethodLink(function.name(), function.parameters()),
            differentiatedNames(function));
    generated.ifPresent(method::addAnnotation);
    declareThrown(method, function.thrown());
    Signature.declareWhole(method, function.parameters(), receiverType());
    // The method's own locals: named so that no parameter can shadow or clash with them.
    Names locals = new Names();
    function.parameters().forEach(parameter -> locals.reserve(parameter.name()));
    String hessian = locals.fresh("hessian");
    CodeBlock.Builder body = CodeBlock.builder();
    body.addStatement("$L[][] $N = new $L[$L][]", entry.javaName(), hessian, entry.javaName(),
        differentiated.size());
    String arguments = function.parameters().stream().map(Parameter::name)
        .collect(Collectors.joining(", "));
    for (int row = 0; row < differentiated.size(); row++) {
      StringBuilder direction = new StringBuilder();
      for (int k = 0; k < differentiated.size(); k++) {
        direction.append(", ").append(dev.flatgrad.processor.ir.Expr.Literal.ofReal(
            differentiated.get(k).type(), k == row ? 1.0 : 0.0).text());
      }
      String column = locals.fresh("along_" + differentiated.get(row).name());
      body.addStatement("var $N = $N($L$L)", column, function.name() + "HessianVector",
          arguments, direction);
      String entries = differentiated.stream()
          .map(p -> column + "." + directions.get(p).name() + "()")
          .collect(Collectors.joining(", "));
      body.addStatement("$N[$L] = new $L[] {$L}", hessian, row, entry.javaName(), entries);
    }
    body.addStatement("return $N", hessian);
    declared.addAll(locals.everUsed());
    return method.addCode(body.build()).build();
  }

  /** The allocation-free entry point: the pullback with upstream gradient 1. */
  MethodSpec accumulate(String name, List<Parameter> parameters, List<Variable> sinks,
      Optional<ClassName> recordName, List<ClassId> thrown, Type valueType) {
    MethodSpec.Builder method = MethodSpec.methodBuilder(name + "Accumulate")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(recordName.<TypeName>map(record -> record).orElse(TypeNames.of(valueType)))
        .addJavadoc("Computes $L and adds its gradient into the arrays passed for the"
            + " differentiated\narray parameters: the call for training loops, where gradients"
            + " of a minibatch add up.\nIt allocates no gradient arrays and no tape (the"
            + " thread's tape is reused); only the method's\nown local arrays, their adjoints,"
            + " and a small record when a double parameter is\ndifferentiated. Clear the arrays"
            + " between steps yourself.\n", userMethodLink(name, parameters));
    generated.ifPresent(method::addAnnotation);
    declareThrown(method, thrown);
    Signature.declareWhole(method, parameters, receiverType());
    // One sink per differentiated array parameter (the given ones, in order) and record.
    List<String> sinkNames = new ArrayList<>();
    List<Variable> plainSinks = new ArrayList<>(sinks);
    for (Signature.Declared declared : differentiated(parameters)) {
      if (declared.isRecord()) {
        method.addParameter(declared.type(), declared.record().gradName());
        sinkNames.add(declared.record().gradName());
        // The sink record stands for its array leaves' sinks, which come next in the list.
        for (Parameter leaf : declared.leaves()) {
          if (leaf.differentiated() && leaf.type().isArray() && !plainSinks.isEmpty()) {
            plainSinks.remove(0);
          }
        }
      } else if (declared.plain().type().isArray() && !plainSinks.isEmpty()) {
        Variable sink = plainSinks.remove(0);
        method.addParameter(TypeNames.of(sink.type()), sink.name());
        sinkNames.add(sink.name());
      }
    }
    String arguments = Signature.arguments(parameters);
    String sinkArguments = sinkNames.stream().map(sink -> ", " + sink)
        .collect(Collectors.joining());
    method.addStatement("return $N($L$L$L$L)", name + "Pullback", arguments,
        arguments.isEmpty() ? "" : ", ", ExpressionWriter.write(
            dev.flatgrad.processor.ir.Expr.Literal.ofReal(valueType, 1.0)),
        sinkArguments);
    return method.build();
  }

  /**
   * The user method's {@code throws} clause, on every method generated for it: they run its
   * code, so they throw what it throws, and callers' generated code propagates it the same way.
   */
  static void declareThrown(MethodSpec.Builder method, List<ClassId> thrown) {
    thrown.forEach(exception -> method.addException(ExpressionWriter.className(exception)));
  }

  /** {@code if (a == null) a = <zeros shaped like the parameter>;} for array arguments. */
  static void zeroIfNull(Parameter parameter, Variable array, CodeBlock.Builder body) {
    if (parameter.type().isArray()) {
      body.beginControlFlow("if ($N == null)", array.name())
          .addStatement("$N = $L", array.name(),
              ExpressionWriter.write(new dev.flatgrad.processor.ir.Expr.Zeros(
                  parameter.variable())))
          .endControlFlow();
    }
  }

  /** The differentiated parameters as declared, records whole. */
  static List<Signature.Declared> differentiated(List<Parameter> parameters) {
    return Signature.of(parameters).stream().filter(Signature.Declared::differentiated).toList();
  }

  /**
   * What a pullback returns besides the value: each differentiated double parameter's gradient,
   * and for each differentiated record, a record of its double values' gradients and the sink
   * arrays of its array values.
   */
  static List<Signature.Declared> pulledParameters(List<Parameter> parameters) {
    return differentiated(parameters).stream()
        .filter(declared -> declared.isRecord() || declared.plain().type().isReal())
        .toList();
  }

  /** The gradient components of the result record, records built whole. */
  private static List<CodeBlock> gradients(List<Parameter> parameters, Gradient gradient) {
    return Signature.components(differentiated(parameters),
        leaf -> ExpressionWriter.write(gradient.gradientOf(leaf)));
  }

  static List<Parameter> scalarParameters(List<Parameter> parameters) {
    return parameters.stream()
        .filter(parameter -> parameter.differentiated() && parameter.type().isReal())
        .toList();
  }

  /** Declares the user's parameters; returns the variables the body may use. */
  static List<ParameterSpec> addParameters(MethodSpec.Builder method,
      List<Parameter> parameters) {
    return Signature.declare(method, parameters, null);
  }

  /** The same for a method of this class, whose receiver {@code self} has the user's class. */
  List<ParameterSpec> ownParameters(MethodSpec.Builder method,
      List<Parameter> parameters) {
    return Signature.declare(method, parameters, receiverType());
  }

  /** The type of an instance method's receiver {@code self}: the user's class. */
  ClassName receiverType() {
    return ExpressionWriter.className(userClass);
  }

  static ParameterSpec parameter(MethodSpec.Builder method, TypeName type, String name) {
    ParameterSpec spec = ParameterSpec.builder(type, name).build();
    method.addParameter(spec);
    return spec;
  }

  /**
   * The forward pass, cut where a fused loop starts and ends so that its heading says what it
   * does, then the backward pass.
   */
  private static List<MethodSplitter.Section> sections(Gradient gradient) {
    List<MethodSplitter.Section> sections = new ArrayList<>();
    List<Stmt> run = new ArrayList<>();
    boolean fused = false;
    for (Stmt stmt : gradient.forward()) {
      if (gradient.isFused(stmt) != fused && !run.isEmpty()) {
        sections.add(new MethodSplitter.Section(forwardHeading(fused), run));
        run = new ArrayList<>();
      }
      fused = gradient.isFused(stmt);
      run.add(stmt);
    }
    sections.add(new MethodSplitter.Section(forwardHeading(fused), run));
    sections.add(new MethodSplitter.Section("backward", gradient.backward()));
    return sections;
  }

  private static String forwardHeading(boolean fused) {
    return fused ? "forward and backward, one iteration at a time: nothing is saved across"
        + " iterations" : "forward";
  }

  /** The body, split into a frame class when too long for the JIT. */
  void body(MethodSpec.Builder method, List<ParameterSpec> parameters,
      Optional<TapeLocals> tape, List<MethodSplitter.Section> sections, CodeBlock result,
      TypeName returnType) {
    String name = method.build().name();
    String base = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Frame";
    String frameName = base;
    for (int number = 2; typeNames.contains(frameName); number++) {
      frameName = base + number;
    }
    List<TypeSpec> written = new ArrayList<>();
    // The method's one local besides its parameters, which may be called anything.
    Names locals = new Names();
    parameters.forEach(parameter -> locals.reserve(parameter.name()));
    String frameLocal = locals.fresh("frame");
    declared.add(frameLocal);
    MethodSplitter.write(method, parameters, tape, sections, result, returnType,
        gradClass.nestedClass(frameName), frameLocal, written);
    if (!written.isEmpty()) {
      typeNames.add(frameName);
      frames.addAll(written);
    }
  }

  CodeBlock userMethodLink(String name, List<Parameter> parameters) {
    String parameterTypes = Signature.of(parameters).stream()
        .filter(declared -> !declared.isReceiver())
        .map(Signature.Declared::linkType)
        .collect(Collectors.joining(", "));
    return CodeBlock.of("{@link $T#$L($L)}",
        ExpressionWriter.className(userClass), name, parameterTypes);
  }

  private static String differentiatedNames(Function function) {
    List<Signature.Declared> parameters = differentiated(function.parameters());
    return parameters.isEmpty()
        ? "no parameter"
        : parameters.stream().map(p -> "{@code " + p.name() + "}")
            .collect(Collectors.joining(", "));
  }
}
