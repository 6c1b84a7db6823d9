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

  /** {@code Arguments.requireArray(x, "x")} for each array among {@code parameters}. */
  static CodeBlock inputs(List<Parameter> parameters) {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Parameter parameter : parameters) {
      if (parameter.type().isArray()) {
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
   * {@code Arguments.checkApart(…)} when a sink could be another sink or another array argument:
   * two or more sinks, or one sink beside other {@code double} arrays.
   */
  private static CodeBlock apart(List<Parameter> parameters, Map<Parameter, Variable> sinks) {
    List<Parameter> pulled = parameters.stream()
        .filter(sinks::containsKey)
        .filter(parameter -> parameter.type().isArray())
        .toList();
    List<Parameter> inputs = parameters.stream()
        .filter(parameter -> parameter.type().isArray() && parameter.type().isDifferentiable())
        .toList();
    if (pulled.isEmpty() || pulled.size() + inputs.size() < 3) {
      return CodeBlock.of("");
    }
    List<String> sinkNames = pulled.stream().map(parameter -> sinks.get(parameter).name())
        .toList();
    return CodeBlock.builder()
        .addStatement("$T.checkApart(new Object[] {$L}, new Object[] {$L}, $S,\n"
                + "new Object[] {$L}, $S)",
            TypeNames.ARGUMENTS, String.join(", ", sinkNames), names(pulled),
            String.join(",", sinkNames), names(inputs),
            String.join(",", inputs.stream().map(Parameter::name).toList()))
        .build();
  }

  private static String names(List<Parameter> parameters) {
    return String.join(", ", parameters.stream().map(Parameter::name).toList());
  }

  /** For a tangent: each array with a direction is one, and its direction null or its shape. */
  static CodeBlock directions(Map<Parameter, Variable> directions) {
    List<Parameter> arrays = directions.keySet().stream()
        .filter(parameter -> parameter.type().isArray())
        .toList();
    CodeBlock.Builder code = CodeBlock.builder().add(inputs(arrays));
    for (Parameter parameter : arrays) {
      Variable direction = directions.get(parameter);
      code.addStatement("$T.checkDirection($N, $S, $N, $S)", TypeNames.ARGUMENTS,
          direction.name(), direction.name(), parameter.name(), parameter.name());
    }
    return code.build();
  }
}
