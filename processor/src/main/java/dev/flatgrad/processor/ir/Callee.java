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
 * @param specialized whether the pullback is a variant for fewer parameters than the callee's
 *     own differentiated ones, generated for callers compiled with it
 * @param result what the callee returns: double, or double[] for a vector-valued one
 * @param primalGenerated whether generated code computes the callee's value with the copy in
 *     its generated class, {@code <gradClass>.<name>}: for a helper the generated code cannot
 *     call, such as a private one
 */
public record Callee(ClassId owner, String name, List<String> parameterNames,
    List<Type> parameterTypes, List<Boolean> differentiated, boolean specialized,
    Type result, boolean primalGenerated) {

  public Callee {
    parameterNames = List.copyOf(parameterNames);
    parameterTypes = List.copyOf(parameterTypes);
    differentiated = List.copyOf(differentiated);
  }

  /** A callee that generated code calls in the user's class for its value. */
  public Callee(ClassId owner, String name, List<String> parameterNames,
      List<Type> parameterTypes, List<Boolean> differentiated, boolean specialized,
      Type result) {
    this(owner, name, parameterNames, parameterTypes, differentiated, specialized, result, false);
  }

  /** A callee returning {@code double}, called in the user's class for its value. */
  public Callee(ClassId owner, String name, List<String> parameterNames,
      List<Type> parameterTypes, List<Boolean> differentiated, boolean specialized) {
    this(owner, name, parameterNames, parameterTypes, differentiated, specialized, Type.DOUBLE);
  }

  /** Whether the callee is an instance method, whose first parameter is its receiver. */
  public boolean hasReceiver() {
    return !parameterTypes.isEmpty() && parameterTypes.get(0) == Type.RECEIVER;
  }

  /** Whether the pullback returns a record of scalar gradients rather than just the value. */
  public boolean hasScalarGradients() {
    for (int i = 0; i < parameterTypes.size(); i++) {
      if (differentiated.get(i) && parameterTypes.get(i).isReal()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The pullback's name: {@code fPullback}, or for a specialized variant {@code fPullback_a_b},
   * naming the parameters it differentiates.
   */
  public String pullbackName() {
    if (!specialized) {
      return name + "Pullback";
    }
    StringBuilder variant = new StringBuilder(name).append("Pullback");
    for (int i = 0; i < parameterNames.size(); i++) {
      if (differentiated.get(i)) {
        variant.append('_').append(parameterNames.get(i));
      }
    }
    return variant.toString();
  }

  /**
   * The tangent of the full pullback, {@code fPullbackTangent}: what a caller's second-order
   * code calls (there are no specialized variants of it).
   */
  public String pullbackTangentName() {
    return name + "PullbackTangent";
  }

  /** The same callee, differentiated with respect to the parameters {@code mask} marks only. */
  public Callee specialize(List<Boolean> mask) {
    return mask.equals(differentiated)
        ? this
        : new Callee(owner, name, parameterNames, parameterTypes, mask, true, result,
            primalGenerated);
  }

  /** Identifies the method itself, whatever variant: its class, name and parameter types. */
  public String key() {
    return owner.canonicalName() + "#" + name + parameterTypes;
  }
}
