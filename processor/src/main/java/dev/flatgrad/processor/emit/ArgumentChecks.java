package dev.flatgrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;
import java.util.Map;

/**
 * The first lines of a generated entry point: calls to {@code dev.flatgrad.Arguments} that reject
 * a null input array, a gradient or direction array shaped unlike its input, and a gradient array
 * that is its input itself (adding into it would corrupt the input), each naming the parameter.
 * Only arrays are checked: their shapes are what the generated code relies on.
 */
final class ArgumentChecks {

  private ArgumentChecks() {}

  /**
   * {@code Arguments.requireArray(x, "x")} for each array among {@code parameters}, but an
   * optional one, which the method itself compares with null.
   */
  static CodeBlock inputs(List<Parameter> parameters) {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Parameter parameter : parameters) {
      if (parameter.type().isArray() && !parameter.variable().optional()) {
        code.addStatement("$T.requireArray($N, $S)", TypeNames.ARGUMENTS, parameter.name(),
            parameter.name());
      }
    }
    return code.build();
  }

  /**
   * For a pullback: each input that has a sink is an array, and each sink is null or shaped like
   * its input and not the input itself.
   */
  static CodeBlock sinks(List<Parameter> parameters, Map<Parameter, Variable> sinks) {
    CodeBlock.Builder code = CodeBlock.builder()
        .add(inputs(parameters.stream().filter(sinks::containsKey).toList()));
    sinks.forEach((parameter, sink) -> code.addStatement("$T.checkSink($N, $S, $N, $S)",
        TypeNames.ARGUMENTS, sink.name(), sink.name(), parameter.name(), parameter.name()));
    return code.add(apart(parameters, sinks)).build();
  }

  /**
   * {@code Arguments.checkApart(…)} for each sink and each other array argument of its type (an
   * array of another type cannot be the same object): for two differentiated arrays one call
   * checks both sinks against the other input and against each other; for a data array, one
   * call per sink. Comparisons only, so the entry point still allocates nothing.
   */
  private static CodeBlock apart(List<Parameter> parameters, Map<Parameter, Variable> sinks) {
    CodeBlock.Builder code = CodeBlock.builder();
    List<Parameter> arrays = parameters.stream()
        .filter(parameter -> parameter.type().isArray() && parameter.type().isDifferentiable())
        .toList();
    for (int i = 0; i < arrays.size(); i++) {
      Parameter a = arrays.get(i);
      for (int j = i + 1; j < arrays.size(); j++) {
        Parameter b = arrays.get(j);
        if (a.type() != b.type()) {
          continue;
        }
        Variable sinkA = sinks.get(a);
        Variable sinkB = sinks.get(b);
        if (sinkA != null && sinkB != null) {
          code.addStatement("$T.checkApart($N, $S, $N, $S,\n$N, $S, $N, $S)",
              TypeNames.ARGUMENTS, sinkA.name(), sinkA.name(), a.name(), a.name(), sinkB.name(),
              sinkB.name(), b.name(), b.name());
        } else if (sinkA != null || sinkB != null) {
          Variable sink = sinkA != null ? sinkA : sinkB;
          Parameter other = sinkA != null ? b : a;
          code.addStatement("$T.checkApart($N, $S, $N, $S)", TypeNames.ARGUMENTS, sink.name(),
              sink.name(), other.name(), other.name());
        }
      }
    }
    return code.build();
  }

  /**
   * For a pullback tangent, beyond the pullback's checks: each array a sink's tangent is added
   * into is null or shaped like its input and not the input itself, and no array the method adds
   * into (a sink, a sink's tangent) is an array it reads (an input, a direction) or another one
   * it adds into. As with sinks, two parameters passed one array may share their tangents' array.
   */
  static CodeBlock sinkTangents(List<Parameter> parameters, Map<Parameter, Variable> sinks,
      Map<Parameter, Variable> sinkTangents, Map<Parameter, Variable> directions) {
    CodeBlock.Builder code = CodeBlock.builder();
    sinkTangents.forEach((parameter, sink) -> code.addStatement("$T.checkSink($N, $S, $N, $S)",
        TypeNames.ARGUMENTS, sink.name(), sink.name(), parameter.name(), parameter.name()));
    code.add(apart(parameters, sinkTangents));
    List<Variable> written = new java.util.ArrayList<>(sinks.values());
    written.addAll(sinkTangents.values());
    for (Variable tangent : sinkTangents.values()) {
      for (Variable sink : sinks.values()) {
        apartIfSameType(tangent, sink, code);
      }
    }
    for (Variable array : written) {
      for (Variable direction : directions.values()) {
        apartIfSameType(array, direction, code);
      }
    }
    return code.build();
  }

  /** {@code Arguments.checkApart(a, "a", b, "b")} when the arrays can be one object. */
  private static void apartIfSameType(Variable written, Variable other, CodeBlock.Builder code) {
    if (written.type() == other.type() && written.type().isArray()) {
      code.addStatement("$T.checkApart($N, $S, $N, $S)", TypeNames.ARGUMENTS, written.name(),
          written.name(), other.name(), other.name());
    }
  }

  /** For a tangent: each array with a direction is one, and its direction null or its shape. */
  static CodeBlock directions(Map<Parameter, Variable> directions) {
    List<Parameter> arrays = directions.keySet().stream()
        .filter(parameter -> parameter.type().isArray())
        .toList();
    return CodeBlock.builder().add(inputs(arrays)).add(directionShapes(directions)).build();
  }

  /** Each direction of an array is null or shaped like it (the arrays checked already). */
  static CodeBlock directionShapes(Map<Parameter, Variable> directions) {
    List<Parameter> arrays = directions.keySet().stream()
        .filter(parameter -> parameter.type().isArray())
        .toList();
    CodeBlock.Builder code = CodeBlock.builder();
    for (Parameter parameter : arrays) {
      Variable direction = directions.get(parameter);
      code.addStatement("$T.checkDirection($N, $S, $N, $S)", TypeNames.ARGUMENTS,
          direction.name(), direction.name(), parameter.name(), parameter.name());
    }
    return code.build();
  }
}
