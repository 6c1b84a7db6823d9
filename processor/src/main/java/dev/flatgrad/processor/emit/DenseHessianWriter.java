package dev.flatgrad.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code fHessian} for a method with array parameters: the dense Hessian over every
 * differentiated entry, flattened in parameter order (a matrix row by row), one Hessian-vector
 * product per entry along its unit direction.
 */
final class DenseHessianWriter {

  private final Optional<AnnotationSpec> generated;
  private final GradientMethodWriter methods;

  DenseHessianWriter(Optional<AnnotationSpec> generated, GradientMethodWriter methods) {
    this.generated = generated;
    this.methods = methods;
  }

  /** {@code fHessian} and its private helper {@code fHessianRow}. */
  List<MethodSpec> methods(Function function, ClassName productRecord,
      Map<Parameter, Variable> productDirections) {
    List<Parameter> all = function.parameters();
    List<Parameter> differentiated = function.differentiatedParameters();
    String name = function.name();
    String product = name + "HessianVector";
    String rowMethod = name + "HessianRow";
    MethodSpec.Builder method = MethodSpec.methodBuilder(name + "Hessian")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(double[][].class)
        .addJavadoc("The Hessian of $L with respect to $L, over their entries flattened in"
            + " parameter order\n(a double, then an array's elements, then a matrix row by"
            + " row): entry {@code [i][j]} is the\nsecond partial derivative with respect to"
            + " entries {@code i} and {@code j}. Row {@code i} is the\nHessian-vector product"
            + " along the {@code i}-th unit direction.\n",
            methods.userMethodLink(name, all), differentiated.stream()
                .map(p -> "{@code " + p.name() + "}").collect(Collectors.joining(", ")));
    generated.ifPresent(method::addAnnotation);
    GradientMethodWriter.declareThrown(method, function.thrown());
    Signature.declareWhole(method, all, methods.receiverType());
    Names locals = new Names();
    Signature.of(all).forEach(p -> locals.reserve(p.name()));
    String size = locals.fresh("size");
    String hessian = locals.fresh("hessian");
    String k = locals.fresh("k");
    String prefix = Signature.arguments(all);
    prefix = prefix.isEmpty() ? "" : prefix + ", ";

    CodeBlock.Builder body = CodeBlock.builder();
    body.add(JacobianWriter.inputCount(differentiated, size, locals));
    body.addStatement("double[][] $N = new double[$N][]", hessian, size);
    body.addStatement("int $N = 0", k);
    String arguments = prefix;
    java.util.function.Function<String, CodeBlock> row = directions -> CodeBlock.of(
        "$N[$N++] = $N($N($L$L), $N)", hessian, k, rowMethod, product, arguments, directions,
        size);
    for (Parameter p : differentiated) {
      // A float parameter's directions are floats (its one and zero too: 1.0f).
      String one = Expr.Literal.ofReal(p.type(), 1.0).text();
      String zero = Expr.Literal.ofReal(p.type(), 0.0).text();
      switch (p.type()) {
        case DOUBLE, FLOAT -> body.addStatement(
            row.apply(JacobianWriter.leafDirections(differentiated, p, one)));
        default -> {
          String direction = locals.fresh("dot_" + p.name());
          List<String> indices = Entries.indices(p.type().rank(), locals);
          String entry = Entries.at(direction, indices);
          Entries.ifPresent(body, p);
          body.addStatement("$T $N = $L", TypeNames.of(p.type()), direction,
              Entries.zerosLikePresent(p));
          Entries.open(body, p.name(), indices);
          body.addStatement("$L = $L", entry, one)
              .addStatement(row.apply(JacobianWriter.leafDirections(differentiated, p, direction)))
              .addStatement("$L = $L", entry, zero);
          Entries.close(body, indices);
          Entries.endIfPresent(body, p);
        }
      }
    }
    body.addStatement("return $N", hessian);
    method.addCode(body.build());
    return List.of(method.build(), row(function, productRecord, rowMethod, productDirections));
  }

  /** A Hessian-vector product's {@code dot_} components, flattened into one row. */
  private MethodSpec row(Function function, ClassName productRecord, String rowMethod,
      Map<Parameter, Variable> productDirections) {
    Names locals = new Names();
    String along = "along";
    String size = "size";
    locals.reserve(along);
    locals.reserve(size);
    String row = locals.fresh("row");
    String at = locals.fresh("at");
    MethodSpec.Builder method = MethodSpec.methodBuilder(rowMethod)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(double[].class)
        .addParameter(ParameterSpec.builder(productRecord, along).build())
        .addParameter(int.class, size)
        .addJavadoc("One row of {@code $N}: the Hessian-vector product's {@code dot_}"
            + " components, flattened.\n", function.name() + "Hessian");
    generated.ifPresent(method::addAnnotation);
    method.addStatement("double[] $N = new double[$N]", row, size);
    method.addStatement("int $N = 0", at);
    for (Parameter p : function.differentiatedParameters()) {
      // The product's components are named like the direction parameters.
      String component = along + "." + productDirections.get(p).name() + "()";
      String scalar = p.type().realScalar().javaName();
      if (p.type().isReal()) {
        method.addStatement("$N[$N++] = $L", row, at, component);
      } else {
        // for (double[] r : along.dot_m()) for (double v : r): every entry, in order.
        if (p.variable().optional()) { // null along an optional array left out
          method.beginControlFlow("if ($L != null)", component);
        }
        String current = component;
        for (Type level = p.type().elementType(); level.isArray(); level = level.elementType()) {
          String r = locals.fresh(level.elementType().isArray() ? "m" : "r");
          method.beginControlFlow("for ($L $N : $L)", level.javaName(), r, current);
          current = r;
        }
        String v = locals.fresh("v");
        method.beginControlFlow("for ($L $N : $L)", scalar, v, current)
            .addStatement("$N[$N++] = $N", row, at, v);
        for (int level = 0; level < p.type().rank(); level++) {
          method.endControlFlow();
        }
        if (p.variable().optional()) {
          method.endControlFlow();
        }
      }
    }
    method.addStatement("return $N", row);
    return method.build();
  }
}
