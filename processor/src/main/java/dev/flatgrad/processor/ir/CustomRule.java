package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * A {@code @Differentiable} method whose derivative the user wrote: flatgrad does not read its
 * body, and the generated methods call the user's pullback.
 *
 * @param name the method's name
 * @param parameters its parameters, the differentiated ones marked
 * @param pullback the name of the user's pullback, a static method of the same class
 * @param tangent the user's tangent rule, or null: what the rule's tangent and second-order
 *     members call
 */
public record CustomRule(String name, List<Parameter> parameters, String pullback,
    TangentRule tangent) {

  public CustomRule {
    parameters = List.copyOf(parameters);
  }

  /** A rule without a tangent rule. */
  public CustomRule(String name, List<Parameter> parameters, String pullback) {
    this(name, parameters, pullback, null);
  }

  public List<Parameter> differentiatedParameters() {
    return parameters.stream().filter(Parameter::differentiated).toList();
  }
}
