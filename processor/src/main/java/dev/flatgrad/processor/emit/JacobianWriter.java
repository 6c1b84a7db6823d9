package dev.flatgrad.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes the entry point of a method returning {@code double[]}: its value and its Jacobian
 * with respect to each differentiated parameter. The Jacobian is built from the generated
 * pullback, one row per output, when there are fewer outputs than inputs, and otherwise from
 * the generated tangent method, one column per input entry; both are counted at run time.
 */
final class JacobianWriter {

  private final Optional<AnnotationSpec> generated;
  private final GradientMethodWriter methods;

  JacobianWriter(Optional<AnnotationSpec> generated, GradientMethodWriter methods) {
    this.generated = generated;
    this.methods = methods;
  }

  /** The Jacobian of a parameter of {@code type}: one more leading dimension, the output. */
  static TypeName jacobianType(Type type) {
    return ArrayTypeName.of(TypeNames.of(type));
  }

  /** The record: the value, then one Jacobian per differentiated parameter. */
  TypeSpec record(String name, List<Parameter> all, ClassName recordName) {
    MethodSpec.Builder components = MethodSpec.constructorBuilder()
        .addParameter(ParameterSpec.builder(TypeNames.of(Type.DOUBLE_ARRAY), "value")
            .addJavadoc("what {@code $N} returns\n", name)
            .build());
    for (Signature.Declared parameter : GradientMethodWriter.differentiated(all)) {
      if (parameter.isRecord()) {
        components.addParameter(ParameterSpec.builder(ArrayTypeName.of(parameter.type()),
                parameter.name())
            .addJavadoc("the Jacobian with respect to {@code $N}, one record per output:"
                + " entry {@code [i]} is a record of its type\nholding the partial derivatives"
                + " of {@code value[i]} with respect to each value inside {@code $N},\narrays"
                + " shaped like the input's\n", parameter.name(), parameter.name())
            .build());
        continue;
      }
      // Named like the parameter unless Java forbids it (getClass becomes getClass_).
      components.addParameter(ParameterSpec.builder(jacobianType(parameter.plain().type()),
              GradientMethodWriter.component(parameter.plain(), all))
          .addJavadoc("the Jacobian with respect to {@code $N}: entry {@code [i]…} is the"
              + " partial derivative of {@code value[i]} with respect to {@code $N…}\n",
              parameter.name(), parameter.name())
          .build());
    }
    MethodSpec constructor = components.build();
    TypeSpec.Builder record = TypeSpec.recordBuilder(recordName)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The value of $L and its Jacobian.\n", methods.userMethodLink(name, all))
        .recordConstructor(constructor);
    RecordMembers.addIfArrays(record, recordName, constructor.parameters());
    generated.ifPresent(record::addAnnotation);
    return record.build();
  }

  /**
   * The method: the value from one tangent pass along no direction, then the Jacobian by rows
   * (pullbacks) or by columns (tangents), whichever takes fewer passes. Without a tangent method
   * ({@code tangentName} empty: a callee has none, or the directions do not fit Java's parameter
   * slots) the value comes from {@code primalName}, a copy of the method, and the Jacobian by
   * rows.
   */
  MethodSpec method(Function function, ClassName recordName, String pullbackName,
      Optional<ClassName> pullbackRecord, Optional<String> tangentName, String primalName) {
    List<Parameter> all = function.parameters();
    List<Parameter> differentiated = function.differentiatedParameters();
    MethodSpec.Builder method = MethodSpec.methodBuilder(function.name())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(recordName)
        .addJavadoc("Computes $L and its Jacobian with respect to $L: $L\n",
            methods.userMethodLink(function.name(), all),
            differentiated.isEmpty() ? "no parameter" : differentiated.stream()
                .map(p -> "{@code " + p.name() + "}").collect(Collectors.joining(", ")),
            tangentName.isPresent()
                ? "by rows, one pullback per output,\nwhen there are fewer outputs than input"
                    + " entries, else by columns, one tangent per input entry."
                : "by rows, one pullback per output.\n<p>There is no tangent method to build it"
                    + " by columns: a callee has none, or its direction\nparameters would exceed"
                    + " Java's limit of 255 parameter slots.");
    generated.ifPresent(method::addAnnotation);
    GradientMethodWriter.declareThrown(method, function.thrown());
    // A record's values are read into locals (m_w), whose Jacobians are built, then put
    // together into one record per output.
    methods.ownParameters(method, all);
    // The method's own locals: named so that no parameter can shadow or clash with them.
    Names locals = new Names();
    Signature.of(all).forEach(parameter -> locals.reserve(parameter.name()));
    all.forEach(parameter -> locals.reserve(parameter.name()));
    locals.reserve("value");
    String arguments = Signature.arguments(all);
    String prefix = arguments.isEmpty() ? "" : arguments + ", ";
    Map<Parameter, String> jacobians = new LinkedHashMap<>();
    differentiated.forEach(p -> jacobians.put(p, locals.fresh("jacobian_" + p.name())));
    String outputs = locals.fresh("outputs");
    String inputs = locals.fresh("inputs");
    String i = locals.fresh("i");

    CodeBlock.Builder body = CodeBlock.builder();
    CodeBlock zeros = directions(all, null, null);
    if (tangentName.isPresent()) {
      body.addStatement("double[] value = $N($L).value()", tangentName.get(),
          zeros.isEmpty() ? CodeBlock.of("$L", arguments) : CodeBlock.of("$L$L", prefix, zeros));
    } else {
      body.addStatement("double[] value = $N($L)", primalName, arguments);
    }
    body.addStatement("int $N = value.length", outputs);
    if (tangentName.isPresent()) {
      body.add(inputCount(differentiated, inputs, locals));
    }
    jacobians.forEach((p, jacobian) -> body.addStatement("$T $N = new $L", jacobianType(p.type()),
        jacobian, allocation(p.type(), outputs)));
    List<Parameter> arrays = differentiated.stream().filter(p -> p.type().isArray()).toList();
    if (!arrays.isEmpty()) {
      body.beginControlFlow("for (int $N = 0; $N < $N; $N++)", i, i, outputs, i);
      for (Parameter p : arrays) {
        body.addStatement("$N[$N] = $L", jacobians.get(p), i, Entries.zerosLike(p));
      }
      body.endControlFlow();
    }
    if (tangentName.isEmpty()) {
      body.add("// row i is the pullback of the i-th unit vector\n");
      rows(body, all, jacobians, outputs, i, locals, prefix, pullbackName, pullbackRecord);
    } else {
      body.beginControlFlow("if ($N < $N)", outputs, inputs)
          .add("// fewer outputs: row i is the pullback of the i-th unit vector\n");
      rows(body, all, jacobians, outputs, i, locals, prefix, pullbackName, pullbackRecord);
      body.nextControlFlow("else")
          .add("// fewer inputs: column j is the tangent along the j-th input entry\n");
      columns(body, all, jacobians, outputs, i, locals, prefix, tangentName.get());
      body.endControlFlow();
    }
    StringBuilder components = new StringBuilder();
    for (Signature.Declared declared : GradientMethodWriter.differentiated(all)) {
      if (!declared.isRecord()) {
        Parameter p = declared.plain();
        // With respect to an optional array left out, the Jacobian is null, as its gradient is.
        components.append(", ").append(p.variable().optional()
            ? p.name() + " == null ? null : " + jacobians.get(p)
            : jacobians.get(p));
        continue;
      }
      String jacobian = locals.fresh("jacobian_" + declared.name());
      body.addStatement("$T $N = new $T[$N]", ArrayTypeName.of(declared.type()), jacobian,
          declared.type(), outputs);
      body.beginControlFlow("for (int $N = 0; $N < $N; $N++)", i, i, outputs, i)
          .addStatement("$N[$N] = $L", jacobian, i, Signature.components(List.of(declared),
              leaf -> CodeBlock.of("$N[$N]", jacobians.get(leaf), i)).get(0))
          .endControlFlow();
      components.append(", ").append(jacobian);
    }
    body.addStatement("return new $T(value$L)", recordName, components);
    return method.addCode(body.build()).build();
  }

  private static void rows(CodeBlock.Builder body, List<Parameter> all,
      Map<Parameter, String> jacobians, String outputs, String i, Names locals, String prefix,
      String pullbackName, Optional<ClassName> pullbackRecord) {
    String upstream = locals.fresh("upstream");
    body.addStatement("double[] $N = new double[$N]", upstream, outputs);
    body.beginControlFlow("for (int $N = 0; $N < $N; $N++)", i, i, outputs, i);
    body.addStatement("$N[$N] = 1.0", upstream, i);
    // Rows of array Jacobians are the sinks; a record's sink is a record of them.
    CodeBlock.Builder sinks = CodeBlock.builder();
    for (Signature.Declared declared : GradientMethodWriter.differentiated(all)) {
      if (declared.isRecord()) {
        sinks.add(", $L", Signature.components(List.of(declared), leaf ->
            leaf.type().isArray() ? CodeBlock.of("$N[$N]", jacobians.get(leaf), i)
                : CodeBlock.of("0.0")).get(0));
      } else if (declared.plain().type().isArray()) {
        sinks.add(", $N[$N]", jacobians.get(declared.plain()), i);
      }
    }
    List<Parameter> scalars = all.stream()
        .filter(p -> p.differentiated() && p.type() == Type.DOUBLE).toList();
    if (pullbackRecord.isPresent() && !scalars.isEmpty()) {
      String row = locals.fresh("row");
      body.addStatement("$T $N = $N($L$N$L)", pullbackRecord.get(), row, pullbackName, prefix,
          upstream, sinks.build());
      scalars.forEach(p -> body.addStatement("$N[$N] = $N.$L()", jacobians.get(p), i, row,
          p.field() == null ? GradientMethodWriter.component(p, all)
              : p.field().record().name() + "()." + String.join("().", p.field().path())));
    } else {
      body.addStatement("$N($L$N$L)", pullbackName, prefix, upstream, sinks.build());
    }
    body.addStatement("$N[$N] = 0.0", upstream, i);
    body.endControlFlow();
  }

  private static void columns(CodeBlock.Builder body, List<Parameter> all,
      Map<Parameter, String> jacobians, String outputs, String i, Names locals, String prefix,
      String tangentName) {
    List<Parameter> differentiated = all.stream().filter(Parameter::differentiated).toList();
    String column = locals.fresh("column");
    body.addStatement("double[] $N", column);
    for (Parameter p : differentiated) {
      String jacobian = jacobians.get(p);
      switch (p.type()) {
        case DOUBLE -> {
          body.addStatement("$N = $N($L$L).tangent()", column, tangentName, prefix,
              directions(all, p, "1.0"));
          body.beginControlFlow("for (int $N = 0; $N < $N; $N++)", i, i, outputs, i)
              .addStatement("$N[$N] = $N[$N]", jacobian, i, column, i)
              .endControlFlow();
        }
        default -> {
          String direction = locals.fresh("dot_" + p.name());
          List<String> indices = Entries.indices(p.type().rank(), locals);
          String entry = Entries.at(direction, indices);
          Entries.ifPresent(body, p);
          body.addStatement("$T $N = $L", TypeNames.of(p.type()), direction,
              Entries.zerosLikePresent(p));
          Entries.open(body, p.name(), indices);
          body.addStatement("$L = 1.0", entry)
              .addStatement("$N = $N($L$L).tangent()", column, tangentName, prefix,
                  directions(all, p, direction))
              .beginControlFlow("for (int $N = 0; $N < $N; $N++)", i, i, outputs, i)
              .addStatement("$L = $N[$N]", Entries.at(jacobian + "[" + i + "]", indices), column,
                  i)
              .endControlFlow()
              .addStatement("$L = 0.0", entry);
          Entries.close(body, indices);
          Entries.endIfPresent(body, p);
        }
      }
    }
  }

  /**
   * The direction arguments of a tangent call, one per differentiated parameter as declared:
   * {@code seed} for {@code along}, zero (or null) for the others; a record of them for a record
   * parameter holding {@code along}, else {@code null}.
   */
  private static CodeBlock directions(List<Parameter> all, Parameter along, String seed) {
    List<CodeBlock> directions = new ArrayList<>();
    for (Signature.Declared declared : GradientMethodWriter.differentiated(all)) {
      if (!declared.isRecord()) {
        Parameter p = declared.plain();
        directions.add(CodeBlock.of(p == along ? seed : p.type() == Type.DOUBLE ? "0.0" : "null"));
      } else if (declared.leaves().contains(along)) {
        directions.add(Signature.components(List.of(declared), leaf -> CodeBlock.of(
            leaf == along ? seed : leaf.type() == Type.DOUBLE ? "0.0" : "null")).get(0));
      } else {
        directions.add(CodeBlock.of("null"));
      }
    }
    return CodeBlock.join(directions, ", ");
  }

  /** The direction arguments: {@code seed} for {@code along}, zero (or null) for the others. */
  static String leafDirections(List<Parameter> differentiated, Parameter along,
      String seed) {
    List<String> directions = new ArrayList<>();
    for (Parameter p : differentiated) {
      directions.add(p == along ? seed : p.type() == Type.DOUBLE ? "0.0"
          : p.type() == Type.FLOAT ? "0.0f" : "null");
    }
    return String.join(", ", directions);
  }

  /** {@code int inputs = 1 + x.length;} plus a loop over a matrix's rows. */
  static CodeBlock inputCount(List<Parameter> differentiated, String inputs,
      Names locals) {
    CodeBlock.Builder code = CodeBlock.builder();
    List<String> terms = new ArrayList<>();
    int scalars = 0;
    for (Parameter p : differentiated) {
      if (p.type().isReal()) {
        scalars++;
      } else if (p.type() == Type.DOUBLE_ARRAY || p.type() == Type.FLOAT_ARRAY) {
        terms.add(p.variable().optional()
            ? "(" + p.name() + " == null ? 0 : " + p.name() + ".length)"
            : p.name() + ".length");
      }
    }
    if (scalars > 0 || terms.isEmpty()) {
      terms.add(0, Integer.toString(scalars));
    }
    code.addStatement("int $N = $L", inputs, String.join(" + ", terms));
    for (Parameter p : differentiated) {
      if (p.type().rank() >= 2) {
        Entries.ifPresent(code, p);
        String row = Entries.eachRow(code, p.type(), p.name(), locals);
        code.addStatement("$N += $N.length", inputs, row);
        for (int level = 1; level < p.type().rank(); level++) {
          code.endControlFlow();
        }
        Entries.endIfPresent(code, p);
      }
    }
    return code.build();
  }

  private static String allocation(Type type, String outputs) {
    return "double[" + outputs + "]" + "[]".repeat(type.rank());
  }


}
