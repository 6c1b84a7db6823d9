package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * A {@code @Differentiable} method that a differentiated method calls. The reverse pass calls
 * its pullback, {@code <gradClass>.<name>Pullback}, which exists whether the callee was compiled
 * with the caller or comes from a jar.
 *
 * @param owner the class declaring the callee
 * @param name the callee's name
 * @param parameterNames its parameters' names
 * @param parameterTypes its parameters' types
 * @param differentiated for each parameter, whether the pullback gives its gradient
 */
public record Callee(ClassId owner, String name, List<String> parameterNames,
    List<Type> parameterTypes, List<Boolean> differentiated) {

  public Callee {
    parameterNames = List.copyOf(parameterNames);
    parameterTypes = List.copyOf(parameterTypes);
    differentiated = List.copyOf(differentiated);
  }

  /** Whether the pullback returns a record of scalar gradients rather than just the value. */
  public boolean hasScalarGradients() {
    for (int i = 0; i < parameterTypes.size(); i++) {
      if (differentiated.get(i) && parameterTypes.get(i) == Type.DOUBLE) {
        return true;
      }
    }
    return false;
  }

  public String pullbackName() {
    return name + "Pullback";
  }
}
