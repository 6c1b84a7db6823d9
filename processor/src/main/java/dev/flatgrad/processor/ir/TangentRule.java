package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * A custom rule's tangent rule, {@code @Differentiable(tangent = "name")}: a {@code
 * @Differentiable} static method of the same class taking the rule's parameters and a direction
 * per differentiated one, returning the derivative along the direction. Its generated pullback,
 * {@code <name>Pullback}, is the rule's Hessian times the direction.
 *
 * @param name the tangent rule's name
 * @param parameterNames its parameters' names
 * @param differentiated for each of its parameters, whether its pullback gives its gradient
 */
public record TangentRule(String name, List<String> parameterNames,
    List<Boolean> differentiated) {

  public TangentRule {
    parameterNames = List.copyOf(parameterNames);
    differentiated = List.copyOf(differentiated);
  }
}
