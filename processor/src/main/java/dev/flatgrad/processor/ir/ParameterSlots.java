package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * The JVM's limit on parameters: a method's take at most 255 slots, a {@code double} two, the
 * receiver of a constructor one. Generated methods take more parameters than the user's (the
 * tangent and Hessian-vector methods a direction per parameter, records a component per
 * gradient), and a method split into a frame passes its parameters to the frame's constructor,
 * so each generated method keeps one slot free.
 */
public final class ParameterSlots {

  private static final int LIMIT = 255;

  private ParameterSlots() {}

  private static int of(Type type) {
    return type == Type.DOUBLE ? 2 : 1;
  }

  private static int of(List<Type> types, List<Boolean> which) {
    int slots = 0;
    for (int i = 0; i < types.size(); i++) {
      if (which == null || which.get(i)) {
        slots += of(types.get(i));
      }
    }
    return slots;
  }

  private static List<Type> types(List<Parameter> parameters) {
    return parameters.stream().map(Parameter::type).toList();
  }

  private static List<Boolean> differentiated(List<Parameter> parameters) {
    return parameters.stream().map(Parameter::differentiated).toList();
  }

  /** Whether a static method of {@code slots}, and its frame's constructor, are legal. */
  private static boolean fitsMethod(int slots) {
    return slots + 1 <= LIMIT;
  }

  /**
   * Whether the gradient method, its result record and the pullback fit: without them nothing
   * can be generated.
   */
  public static boolean fitGradient(List<Parameter> parameters) {
    int all = of(types(parameters), null);
    int gradients = of(types(parameters), differentiated(parameters));
    int arraySinks = (int) parameters.stream()
        .filter(p -> p.differentiated() && p.type().isArray()).count();
    return fitsMethod(all + 2 + arraySinks) && 1 + 2 + gradients <= LIMIT;
  }

  /** Whether the tangent method, which takes a direction per differentiated parameter, fits. */
  public static boolean fitTangent(List<Parameter> parameters) {
    return fitsTangent(types(parameters), differentiated(parameters));
  }

  /** Whether the tangent method of a callee of these parameter types fits. */
  public static boolean fitsTangent(List<Type> types, List<Boolean> differentiated) {
    return fitsMethod(of(types, null) + of(types, differentiated));
  }

  /**
   * Whether the Hessian-vector method fits, and its record, with a gradient and a product
   * component per differentiated parameter.
   */
  public static boolean fitHessianVector(List<Parameter> parameters) {
    int gradients = of(types(parameters), differentiated(parameters));
    return fitTangent(parameters) && 1 + 2 + 2 * gradients <= LIMIT;
  }

  /**
   * Whether the pullback tangent fits: the pullback's parameters, a direction per
   * differentiated parameter, the upstream's direction and a tangent per sink.
   */
  public static boolean fitPullbackTangent(List<Parameter> parameters) {
    int all = of(types(parameters), null);
    int gradients = of(types(parameters), differentiated(parameters));
    int arraySinks = (int) parameters.stream()
        .filter(p -> p.differentiated() && p.type().isArray()).count();
    return fitsMethod(all + 2 + arraySinks + gradients + 2 + arraySinks)
        && 1 + 2 * gradients <= LIMIT;
  }
}
