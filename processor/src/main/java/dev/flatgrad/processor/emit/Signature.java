package dev.flatgrad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.RecordParameter;
import dev.flatgrad.processor.ir.RecordType;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The user's parameter list as the generated methods declare it. The IR has one parameter per
 * value; a record parameter's values are read out of the record at the top of each generated
 * method ({@code double[][] m_w1 = m.w1();}), and its gradients go back into a record of the
 * same type ({@code new Mlp(grad_m_w1, …)}).
 */
final class Signature {

  /** One parameter as the user declared it: a plain one, or a record and its values. */
  record Declared(Parameter plain, RecordParameter record, List<Parameter> leaves) {

    String name() {
      return plain != null ? plain.name() : record.name();
    }

    TypeName type() {
      return plain != null ? TypeNames.of(plain.variable())
          : ExpressionWriter.className(record.type().type());
    }

    /** The type, where an instance method's receiver {@code self} has type {@code receiver}. */
    TypeName type(ClassName receiver) {
      return isReceiver() ? receiver : type();
    }

    /** Whether this is an instance method's receiver, {@code self}. */
    boolean isReceiver() {
      return plain != null && plain.type() == Type.RECEIVER;
    }

    /** The type as the Javadoc {@code @link} to the user's method names it. */
    String linkType() {
      return plain != null
          ? switch (plain.type()) {
              case ENUM -> plain.variable().enumClass().canonicalName();
              case ENUM_ARRAY -> plain.variable().enumClass().canonicalName() + "[]";
              default -> plain.type().javaName();
            }
          : String.join(".", record.type().type().simpleNames());
    }

    boolean differentiated() {
      return plain != null ? plain.differentiated() : leaves.get(0).differentiated();
    }

    boolean isRecord() {
      return record != null;
    }
  }

  private Signature() {}

  static List<Declared> of(List<Parameter> parameters) {
    List<Declared> declared = new ArrayList<>();
    Map<RecordParameter, List<Parameter>> records = new IdentityHashMap<>();
    for (Parameter parameter : parameters) {
      if (parameter.field() == null) {
        declared.add(new Declared(parameter, null, List.of()));
        continue;
      }
      RecordParameter record = parameter.field().record();
      List<Parameter> leaves = records.get(record);
      if (leaves == null) {
        leaves = new ArrayList<>();
        records.put(record, leaves);
        declared.add(new Declared(null, record, leaves));
      }
      leaves.add(parameter);
    }
    return declared;
  }

  static boolean hasRecords(List<Parameter> parameters) {
    return parameters.stream().anyMatch(parameter -> parameter.field() != null);
  }

  /** The arguments of a call passing the method's own parameters on: {@code m, x, labels}. */
  static String arguments(List<Parameter> parameters) {
    return of(parameters).stream().map(Declared::name).collect(Collectors.joining(", "));
  }

  /**
   * Declares the user's parameters on {@code method}, reads each record's values into locals,
   * and returns the IR's parameters as specs: the variables the body may use.
   */
  static List<ParameterSpec> declare(MethodSpec.Builder method, List<Parameter> parameters,
      ClassName receiver) {
    List<ParameterSpec> variables = new ArrayList<>();
    CodeBlock.Builder unpack = CodeBlock.builder();
    for (Declared declared : of(parameters)) {
      ParameterSpec spec = ParameterSpec.builder(declared.type(receiver), declared.name())
          .build();
      method.addParameter(spec);
      if (!declared.isRecord()) {
        variables.add(spec);
        continue;
      }
      for (Parameter leaf : declared.leaves()) {
        unpack.addStatement("$T $N = $N.$L", TypeNames.of(leaf.type()), leaf.name(),
            declared.name(), accessors(leaf));
        variables.add(ParameterSpec.builder(TypeNames.of(leaf.type()), leaf.name()).build());
      }
    }
    method.addCode(unpack.build());
    return variables;
  }

  /** Declares the user's parameters on a method that only passes them on, unread. */
  static void declareWhole(MethodSpec.Builder method, List<Parameter> parameters,
      ClassName receiver) {
    for (Declared declared : of(parameters)) {
      method.addParameter(declared.type(receiver), declared.name());
    }
  }

  /**
   * Declares one parameter per differentiated parameter that has a variable in {@code
   * adjoints} (sinks or directions): the variable itself, or for a record, a record of the same
   * type named {@code recordName}, whose values are read into the variables (null, or a null
   * record, counts as zero). Returns the variables as specs.
   */
  static List<ParameterSpec> declareAdjoints(MethodSpec.Builder method, List<Parameter> parameters,
      Map<Parameter, Variable> adjoints, Function<RecordParameter, String> recordName) {
    List<ParameterSpec> variables = new ArrayList<>();
    CodeBlock.Builder unpack = CodeBlock.builder();
    for (Declared declared : of(parameters)) {
      if (!declared.differentiated()) {
        continue;
      }
      if (!declared.isRecord()) {
        Variable adjoint = adjoints.get(declared.plain());
        if (adjoint != null) {
          ParameterSpec spec =
              ParameterSpec.builder(TypeNames.of(adjoint.type()), adjoint.name()).build();
          method.addParameter(spec);
          variables.add(spec);
        }
        continue;
      }
      String record = recordName.apply(declared.record());
      method.addParameter(declared.type(), record);
      for (Parameter leaf : declared.leaves()) {
        Variable adjoint = adjoints.get(leaf);
        if (adjoint == null) {
          continue;
        }
        unpack.addStatement("$T $N = $N == null ? $L : $N.$L", TypeNames.of(adjoint.type()),
            adjoint.name(), record, leaf.type().isArray() ? "null"
                : Expr.Literal.ofReal(leaf.type(), 0.0).text(), record,
            accessors(leaf));
        variables.add(ParameterSpec.builder(TypeNames.of(adjoint.type()), adjoint.name())
            .build());
      }
    }
    method.addCode(unpack.build());
    return variables;
  }

  /**
   * The record components for {@code parameters}, in order: for a plain one {@code value} of
   * it, for a record a new record of its type built from {@code value} of each of its values.
   */
  static List<CodeBlock> components(List<Declared> parameters,
      Function<Parameter, CodeBlock> value) {
    List<CodeBlock> components = new ArrayList<>();
    for (Declared declared : parameters) {
      if (!declared.isRecord()) {
        components.add(value.apply(declared.plain()));
        continue;
      }
      Map<List<String>, Parameter> byPath = new LinkedHashMap<>();
      declared.leaves().forEach(leaf -> byPath.put(leaf.field().path(), leaf));
      components.add(build(declared.record().type(), List.of(), byPath, value));
    }
    return components;
  }

  private static CodeBlock build(RecordType type, List<String> path,
      Map<List<String>, Parameter> leaves, Function<Parameter, CodeBlock> value) {
    List<CodeBlock> arguments = new ArrayList<>();
    for (RecordType.Component component : type.components()) {
      List<String> here = new ArrayList<>(path);
      here.add(component.name());
      arguments.add(component.record() != null
          ? build(component.record(), here, leaves, value)
          : value.apply(leaves.get(here)));
    }
    ClassName name = ExpressionWriter.className(type.type());
    return CodeBlock.of("new $T($L)", name, CodeBlock.join(arguments, ", "));
  }

  /** {@code w1()}, or {@code layer().b()} for a value of a nested record. */
  private static String accessors(Parameter leaf) {
    return leaf.field().path().stream().map(name -> name + "()")
        .collect(Collectors.joining("."));
  }
}
