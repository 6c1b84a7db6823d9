package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * A {@code @Differentiable} method whose derivative the user wrote: flatgrad does not read its
 * body, and the generated methods call the user's pullback.
 *
 * @param name the method's name
 * @param parameters its parameters, the differentiated ones marked
 * @param pullback the name of the user's pullback, a static method of the same class
 */
public record CustomRule(String name, List<Parameter> parameters, String pullback) {

  public CustomRule {
    parameters = List.copyOf(parameters);
  }

  public List<Parameter> differentiatedParameters() {
    return parameters.stream().filter(Parameter::differentiated).toList();
  }
}
