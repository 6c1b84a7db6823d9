package dev.flatgrad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.processor.ad.ForwardOverReverse;
import dev.flatgrad.processor.ad.Gradient;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.RecordComponents;
import dev.flatgrad.processor.ir.RecordParameter;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code fPullbackTangent}, the tangent of the pullback: what the second-order code of a
 * method calling {@code f} calls where the gradient code calls {@code fPullback}. Its parameters
 * are the pullback's, then one direction per differentiated parameter, the upstream gradient's
 * direction, and one array per sink that the sink's tangent is added into. It returns the value,
 * or a record of the value, the scalar gradients and their tangents ({@code dot_<name>}).
 */
final class PullbackTangentWriter {

  private final GradientMethodWriter methods;

  PullbackTangentWriter(GradientMethodWriter methods) {
    this.methods = methods;
  }

  /**
   * Whether {@code f} has scalar gradients or records, and so its pullback tangent returns a
   * record.
   */
  static boolean hasRecord(Function function) {
    return !GradientMethodWriter.pulledParameters(function.parameters()).isEmpty();
  }

  /**
   * The record: value, upstream × each scalar partial, and the tangent of each; for a record
   * parameter, a record of its doubles' (and the arrays its arrays' were added into).
   */
  TypeSpec record(Function function, ClassName recordName) {
    List<String> names = Signature.of(function.parameters()).stream()
        .map(Signature.Declared::name).toList();
    MethodSpec.Builder components = MethodSpec.constructorBuilder()
        .addParameter(ParameterSpec.builder(TypeNames.of(function.returnType()),
                RecordComponents.VALUE)
            .addJavadoc("what {@code $N} returns\n", function.name()).build());
    List<Signature.Declared> pulled =
        GradientMethodWriter.pulledParameters(function.parameters());
    for (Signature.Declared parameter : pulled) {
      components.addParameter(ParameterSpec.builder(parameter.type(),
              RecordComponents.of(parameter.name(), names))
          .addJavadoc("the upstream gradient times the partial derivative with respect to"
              + " {@code $N}$L\n", parameter.name(), parameter.isRecord()
                  ? ", a record of its type holding those of its doubles and the arrays its"
                      + " arrays' were added into"
                  : "")
          .build());
    }
    for (Signature.Declared parameter : pulled) {
      components.addParameter(ParameterSpec.builder(parameter.type(),
              RecordComponents.tangentOf(parameter.name(), names))
          .addJavadoc("the derivative of that along the direction$L\n", parameter.isRecord()
              ? ", a record of its type holding those of its doubles and the arrays the"
                  + " tangents of its arrays' were added into"
              : "")
          .build());
    }
    TypeSpec.Builder record = TypeSpec.recordBuilder(recordName)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("What the pullback tangent of $L returns.\n",
            methods.userMethodLink(function.name(), function.parameters()))
        .recordConstructor(components.build());
    methods.generated().ifPresent(record::addAnnotation);
    return record.build();
  }

  MethodSpec method(ForwardOverReverse.PullbackTangent product,
      Optional<ClassName> recordName) {
    Gradient pullback = product.pullback();
    Function function = pullback.function();
    Variable upstream = pullback.upstream().orElseThrow();
    TypeName valueType = TypeNames.of(upstream.type());
    TypeName returns = recordName.<TypeName>map(name -> name).orElse(valueType);
    MethodSpec.Builder method = MethodSpec.methodBuilder(function.name() + "PullbackTangent")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(returns)
        .addJavadoc("The pullback of $L carried along a direction (forward over reverse): it"
            + " does what\n{@code $N} does, and adds the derivative of each gradient it adds"
            + " along the direction\n(the {@code dot_} parameters, and {@code $N} for"
            + " {@code $N}) into the {@code dot_} arrays: {@code $N} × the Hessian\ntimes the"
            + " direction plus {@code $N} × the gradient. Second-order code of\ncallers calls"
            + " it.\n", methods.userMethodLink(function.name(), function.parameters()),
            pullback.methodName(), product.upstreamTangent().name(), upstream.name(),
            upstream.name(), product.upstreamTangent().name());
    methods.generated().ifPresent(method::addAnnotation);
    GradientMethodWriter.declareThrown(method, function.thrown());
    List<ParameterSpec> parameters = methods.ownParameters(method, function.parameters());
    parameters.add(GradientMethodWriter.parameter(method, valueType, upstream.name()));
    parameters.addAll(Signature.declareAdjoints(method, function.parameters(), pullback.sinks(),
        RecordParameter::gradName));
    parameters.addAll(Signature.declareAdjoints(method, function.parameters(),
        product.directions(), RecordParameter::dotName));
    parameters.add(GradientMethodWriter.parameter(method, valueType,
        product.upstreamTangent().name()));
    parameters.addAll(Signature.declareAdjoints(method, function.parameters(),
        product.sinkTangents(), RecordParameter::dotGradName));
    CodeBlock.Builder prologue = CodeBlock.builder()
        .add(ArgumentChecks.sinks(function.parameters(), pullback.sinks()))
        .add(ArgumentChecks.sinkTangents(function.parameters(), pullback.sinks(),
            product.sinkTangents(), product.directions()))
        .add(ArgumentChecks.inputs(function.parameters().stream()
            .filter(p -> product.directions().containsKey(p) && !pullback.sinks().containsKey(p))
            .toList()))
        .add(ArgumentChecks.directionShapes(product.directions()));
    pullback.sinks().forEach((parameter, sink) ->
        GradientMethodWriter.zeroIfNull(parameter, sink, prologue));
    product.sinkTangents().forEach((parameter, sink) ->
        GradientMethodWriter.zeroIfNull(parameter, sink, prologue));
    product.directions().forEach((parameter, direction) ->
        GradientMethodWriter.zeroIfNull(parameter, direction, prologue));
    if (upstream.type().isArray()) {
      // A vector upstream's tangent, like a direction: null means zeros (a caller passes null
      // when nothing it varies reaches the call).
      prologue.beginControlFlow("if ($N == null)", product.upstreamTangent().name())
          .addStatement("$N = new $T[$N.length]", product.upstreamTangent().name(),
              TypeNames.of(upstream.type().scalar()), upstream.name())
          .endControlFlow();
    }
    method.addCode(prologue.build());
    CodeBlock result = ExpressionWriter.write(pullback.result());
    if (recordName.isPresent()) {
      CodeBlock.Builder components = CodeBlock.builder().add("$L", result);
      List<Signature.Declared> pulled =
          GradientMethodWriter.pulledParameters(function.parameters());
      Signature.components(pulled, leaf -> pullback.sinks().containsKey(leaf)
              ? CodeBlock.of("$N", pullback.sinks().get(leaf).name())
              : ExpressionWriter.write(pullback.gradientOf(leaf)))
          .forEach(c -> components.add(", $L", c));
      Signature.components(pulled, leaf -> product.sinkTangents().containsKey(leaf)
              ? CodeBlock.of("$N", product.sinkTangents().get(leaf).name())
              : ExpressionWriter.write(product.scalarTangents().get(leaf)))
          .forEach(c -> components.add(", $L", c));
      result = CodeBlock.of("new $T($L)", recordName.get(), components.build());
    }
    methods.body(method, parameters, pullback.tape(),
        List.of(new MethodSplitter.Section(null, product.body())), result, returns);
    return method.build();
  }
}
