package dev.flatgrad.processor.fuzz;

import dev.flatgrad.Tape;
import dev.flatgrad.processor.fuzz.Survey.MethodInfo;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The fuzzer's check of {@code fHessianVector}, wherever flatgrad generates one (calls, helpers
 * and custom rules with tangent rules included): at a point whose gradient was checked, along a
 * random direction, the value bit for bit, the gradient it returns equal to the gradient
 * method's, each {@code dot_} component against central differences of that gradient along the
 * direction at three step sizes (where they disagree the gradient is not smooth there, and the
 * point is skipped), and the tape left empty.
 */
final class HessianVectorCheck {

  /** Calls the generated method {@code method} with {@code arguments}. */
  interface Invoker {
    Object invoke(Method method, Object[] arguments) throws Checker.Threw;
  }

  private final MethodInfo info;
  private final Method gradient;
  private final Method product;
  private final Invoker invoker;

  private HessianVectorCheck(MethodInfo info, Method gradient, Method product,
      Invoker invoker) {
    this.info = info;
    this.gradient = gradient;
    this.product = product;
    this.invoker = invoker;
  }

  /** The check for {@code info}, or null when it has no Hessian-vector product. */
  static HessianVectorCheck of(MethodInfo info, Method gradient, Invoker invoker) {
    int directions = 0;
    for (int p = 0; p < info.parameterCount(); p++) {
      directions += info.differentiated().get(p) ? 1 : 0;
    }
    int arity = gradient.getParameterCount() + directions;
    for (Method method : gradient.getDeclaringClass().getDeclaredMethods()) {
      if (method.getName().equals(info.name() + "HessianVector")
          && method.getParameterCount() == arity) {
        method.setAccessible(true);
        return new HessianVectorCheck(info, gradient, method, invoker);
      }
    }
    return null;
  }

  Checker.Failure check(Object[] point, Map<String, Object> gradientAt, double value,
      String where, Random random, Checker.Stats stats) {
    List<Object> directions = new ArrayList<>();
    for (int p = 0; p < info.parameterCount(); p++) {
      if (info.differentiated().get(p)) {
        directions.add(Values.fill(point[p], () -> random.nextDouble() * 2 - 1));
      }
    }
    List<Object> arguments = new ArrayList<>(Arrays.asList(Points.copy(point)));
    directions.forEach(d -> arguments.add(Points.copy(new Object[] {d})[0]));
    stats.products++;
    Map<String, Object> result;
    try {
      result = Checker.components((Record) invoker.invoke(product, arguments.toArray()));
    } catch (Checker.Threw e) {
      return failure(where + ": the Hessian-vector product threw " + e.getCause());
    }
    if (!Tape.forThread().isEmpty()) {
      return new Checker.Failure(Checker.Kind.TAPE, info.name(),
          where + ": the Hessian-vector product left the tape dirty");
    }
    if (Double.doubleToLongBits((double) result.get("value")) != Double.doubleToLongBits(value)) {
      return failure(where + ": its value " + result.get("value") + ", the user's " + value);
    }
    double[] expectedGradient = flat(gradientAt, null);
    double[] actualGradient = flat(result, null);
    for (int i = 0; i < expectedGradient.length; i++) {
      if (!close(actualGradient[i], expectedGradient[i], 1e-9)) {
        return failure(where + ": its gradient entry " + i + " is " + actualGradient[i]
            + ", the gradient method's " + expectedGradient[i]);
      }
    }
    double[] hv = flat(result, "dot_");
    double[][] fd = new double[3][];
    double[] steps = {1e-4, 3e-5, 1e-5};
    for (int s = 0; s < steps.length; s++) {
      try {
        double[] plus = flat(gradientAt(shifted(point, directions, steps[s])), null);
        double[] minus = flat(gradientAt(shifted(point, directions, -steps[s])), null);
        fd[s] = new double[plus.length];
        for (int i = 0; i < plus.length; i++) {
          fd[s][i] = (plus[i] - minus[i]) / (2 * steps[s]);
        }
      } catch (Checker.Threw e) {
        stats.nonSmooth++;
        return null;
      }
    }
    // A kink of the gradient exactly at the point fools central differences, which then agree
    // at every step: compare the slopes on the two sides.
    double[] forward;
    double[] backward;
    try {
      double[] plus = flat(gradientAt(shifted(point, directions, 1e-6)), null);
      double[] minus = flat(gradientAt(shifted(point, directions, -1e-6)), null);
      forward = new double[plus.length];
      backward = new double[plus.length];
      for (int i = 0; i < plus.length; i++) {
        forward[i] = (plus[i] - expectedGradient[i]) / 1e-6;
        backward[i] = (expectedGradient[i] - minus[i]) / 1e-6;
      }
    } catch (Checker.Threw e) {
      stats.nonSmooth++;
      return null;
    }
    for (int i = 0; i < hv.length; i++) {
      if (!(Math.abs(forward[i] - backward[i]) <= 1e-3 * Math.max(1, Math.abs(fd[2][i])))) {
        stats.nonSmooth++;
        continue;
      }
      double spread = Math.max(Math.abs(fd[0][i] - fd[2][i]),
          Math.max(Math.abs(fd[0][i] - fd[1][i]), Math.abs(fd[1][i] - fd[2][i])));
      if (!Double.isFinite(spread) || spread > 1e-3 * Math.max(1, Math.abs(fd[2][i]))) {
        stats.nonSmooth++; // the gradient has a kink or jump within the steps
        continue;
      }
      stats.coordinates++;
      double tolerance = 1e-5 * Math.max(1, Math.abs(hv[i])) + 4 * spread
          + 1e-12 * Math.max(1, Math.abs(expectedGradient[i])) / steps[2];
      if (!(Math.abs(hv[i] - fd[2][i]) <= tolerance || Math.abs(hv[i] - fd[1][i]) <= tolerance)) {
        return Checker.Failure.derivative(Checker.Kind.HESSIAN_VECTOR, info.name(), where
            + ": (H v)[" + i + "] = " + hv[i] + ", finite differences of the gradient "
            + fd[0][i] + ", " + fd[1][i] + ", " + fd[2][i], hv[i], fd[2][i]);
      }
    }
    return null;
  }

  private Map<String, Object> gradientAt(Object[] point) throws Checker.Threw {
    return Checker.components((Record) invoker.invoke(gradient, point));
  }

  /** The point moved by {@code h} along the directions of the differentiated parameters. */
  private Object[] shifted(Object[] point, List<Object> directions, double h) {
    Object[] shifted = Points.copy(point);
    int d = 0;
    for (int p = 0; p < shifted.length; p++) {
      if (!info.differentiated().get(p)) {
        continue;
      }
      shifted[p] = Values.plus(shifted[p], h, directions.get(d++));
    }
    return shifted;
  }

  /**
   * Every double of the components after {@code value}, in order: the gradient's ({@code
   * prefix} null, skipping {@code dot_} ones) or the products' ({@code prefix} "dot_").
   */
  private double[] flat(Map<String, Object> components, String prefix) {
    List<Double> all = new ArrayList<>();
    int seen = 0;
    int gradients = (int) info.differentiated().stream().filter(b -> b).count();
    for (Map.Entry<String, Object> entry : components.entrySet()) {
      if (entry.getKey().equals("value")) {
        continue;
      }
      boolean product = seen++ >= gradients;
      if (product != (prefix != null)) {
        continue;
      }
      Arrays.stream(Values.flatten(entry.getValue())).forEach(all::add);
    }
    return all.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private Checker.Failure failure(String detail) {
    return new Checker.Failure(Checker.Kind.HESSIAN_VECTOR, info.name(), detail);
  }

  private static boolean close(double a, double b, double relative) {
    return Double.doubleToLongBits(a) == Double.doubleToLongBits(b)
        || Math.abs(a - b) <= relative * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
  }
}
