package dev.flatgrad.processor;

import static org.junit.jupiter.api.Assertions.fail;

import dev.flatgrad.Tape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks generated gradients of methods with array parameters against central finite
 * differences of the user's own method, element by element: {@code double[]}, {@code
 * double[][]} and {@code double[][][]} parameters perturbed one entry at a time, {@code double}
 * ones as scalars. Also
 * checks that the value is bit-identical, that gradient arrays are shaped like their inputs, and
 * that the generated method leaves its arguments untouched.
 */
final class ArrayGradientCheck {

  private static final double RELATIVE_TOLERANCE = 1e-6;
  private static final double ROUNDOFF = 1e-13;

  private final GeneratedCode code;
  private final String className;

  private ArrayGradientCheck(GeneratedCode code, String className) {
    this.code = code;
    this.className = className;
  }

  /** Compiles {@code members} as the body of class {@code p.<simpleName>}, with the imports. */
  static ArrayGradientCheck ofMembers(String simpleName, String members) {
    String source = """
        package p;

        import dev.flatgrad.Activations;
        import dev.flatgrad.Differentiable;

        class %s {
        %s
        }
        """.formatted(simpleName, members);
    return new ArrayGradientCheck(GeneratedCode.compile("p." + simpleName, source),
        "p." + simpleName);
  }

  /** Checks methods of {@code className} in code already compiled. */
  static ArrayGradientCheck of(GeneratedCode code, String className) {
    return new ArrayGradientCheck(code, className);
  }

  GeneratedCode code() {
    return code;
  }

  double value(String method, Object... arguments) {
    return (double) code.invokeUserWith(className, method, deepCopy(arguments));
  }

  /** The generated result's components, by name. */
  Map<String, Object> gradient(String method, Object... arguments) {
    return GeneratedCode.components(
        code.invokeGradientWith(className, method, deepCopy(arguments)));
  }

  /** Checks the gradient at {@code arguments} (given in parameter order). */
  void check(String method, Object... arguments) {
    Object[] call = deepCopy(arguments);
    List<String> failures = new ArrayList<>();
    if (!Tape.forThread().isEmpty()) {
      failures.add("the thread's tape was not empty before calling " + method);
    }
    Map<String, Object> result =
        GeneratedCode.components(code.invokeGradientWith(className, method, call));
    if (!Tape.forThread().isEmpty()) {
      failures.add(method + " left values on the thread's tape: it popped less than it pushed");
    }
    if (!Arrays.deepEquals(call, arguments)) {
      failures.add(method + " changed its arguments");
    }
    double expected = value(method, arguments);
    double actual = (double) result.get("value");
    if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual)) {
      failures.add(method + ": value() = " + actual + ", user's method returns " + expected);
    }
    String[] names = code.parameterNames(className, method);
    for (int p = 0; p < arguments.length; p++) {
      Object gradient = result.get(names[p]);
      if (arguments[p] == null && gradient != null) {
        failures.add(names[p] + " is null, but its gradient is not");
      }
      if (gradient == null) {
        continue; // not differentiated, or an optional array left out
      }
      Object argument = arguments[p];
      if (argument instanceof Double x) {
        compare(failures, method, names[p], (double) gradient,
            derivative(method, arguments, p, -1, x));
      } else if (NestedDoubles.isNested(argument)) {
        if (!NestedDoubles.sameShape(gradient, argument)) {
          failures.add(names[p] + " gradient is not shaped like the input");
          continue;
        }
        double[] g = NestedDoubles.flatten(gradient);
        double[] x = NestedDoubles.flatten(argument);
        for (int k = 0; k < x.length; k++) {
          compare(failures, method, names[p] + NestedDoubles.index(argument, k), g[k],
              derivative(method, arguments, p, k, x[k]));
        }
      }
    }
    checkTangent(method, arguments, names, result, failures);
    if (!failures.isEmpty()) {
      fail("at " + Arrays.deepToString(arguments) + ":\n" + String.join("\n", failures));
    }
  }

  /**
   * Forward mode: the generated {@code <method>Tangent} along a fixed direction must give the
   * same value, and the reverse-mode gradient dotted with the direction.
   */
  private void checkTangent(String method, Object[] arguments, String[] names,
      Map<String, Object> gradient, List<String> failures) {
    List<Object> call = new ArrayList<>(Arrays.asList(deepCopy(arguments)));
    double expected = 0;
    int k = 0;
    for (int p = 0; p < arguments.length; p++) {
      Object g = gradient.get(names[p]);
      if (g == null) {
        if (arguments[p] == null && gradient.containsKey(names[p])) {
          call.add(null); // an optional array left out, and no direction along it
        }
        continue;
      }
      Object argument = arguments[p];
      if (argument instanceof Double) {
        double d = direction(k++);
        call.add(d);
        expected += (double) g * d;
      } else if (NestedDoubles.isNested(argument)) {
        int first = k;
        Object d = NestedDoubles.shapedLike(argument, i -> direction(first + i));
        double[] flatG = NestedDoubles.flatten(g);
        double[] flatD = NestedDoubles.flatten(d);
        for (int i = 0; i < flatD.length; i++) {
          expected += flatG[i] * flatD[i];
        }
        k += flatD.length;
        call.add(d);
      }
    }
    Map<String, Object> tangent = GeneratedCode.components(
        code.invokeTangentWith(className, method, call.toArray()));
    double value = (double) tangent.get("value");
    double actual = (double) tangent.get("tangent");
    if (Double.doubleToLongBits(value) != Double.doubleToLongBits((double) gradient.get("value"))) {
      failures.add(method + "Tangent: value " + value + " differs from " + gradient.get("value"));
    }
    if (!(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) {
      failures.add(method + "Tangent: derivative along the direction " + actual
          + ", gradient · direction " + expected);
    }
  }

  /** A fixed direction with varied signs and sizes. */
  private static double direction(int k) {
    return Math.sin(1.7 * k + 0.4) + 0.1;
  }

  private static void compare(List<String> failures, String method, String name, double g,
      double[] fd) {
    double finiteDifference = fd[0];
    double tolerance = RELATIVE_TOLERANCE * Math.max(1, Math.abs(g)) + ROUNDOFF * fd[1];
    if (!(Math.abs(g - finiteDifference) <= tolerance)) {
      failures.add("%s: d/d%s = %s, finite difference %s".formatted(method, name, g,
          finiteDifference));
    }
  }

  /** The central difference along one coordinate, and the scale of its rounding error. */
  private double[] derivative(String method, Object[] arguments, int p, int k, double x) {
    double h = 1e-6 * Math.max(1, Math.abs(x));
    Object[] plus = deepCopy(arguments);
    Object[] minus = deepCopy(arguments);
    set(plus, p, k, x + h);
    set(minus, p, k, x - h);
    double fPlus = value(method, plus);
    double fMinus = value(method, minus);
    if (!Double.isFinite(fPlus) || !Double.isFinite(fMinus)) {
      throw new IllegalArgumentException(method + ": bad test point, f is not finite near it");
    }
    return new double[] {(fPlus - fMinus) / (2 * h),
        Math.max(Math.abs(fPlus), Math.abs(fMinus)) / h};
  }

  /** Sets argument {@code p}, or its entry {@code k} (row-major) unless {@code k} is -1. */
  private static void set(Object[] arguments, int p, int k, double value) {
    if (k < 0) {
      arguments[p] = value;
    } else {
      NestedDoubles.set(arguments[p], k, value);
    }
  }

  static Object[] deepCopy(Object[] arguments) {
    Object[] copy = new Object[arguments.length];
    for (int k = 0; k < arguments.length; k++) {
      Object a = arguments[k];
      if (NestedDoubles.isNested(a)) {
        copy[k] = NestedDoubles.copy(a);
      } else if (a instanceof int[] v) {
        copy[k] = v.clone();
      } else if (a instanceof boolean[] v) {
        copy[k] = v.clone();
      } else if (a != null && a.getClass().isArray()
          && !a.getClass().getComponentType().isArray()) {
        // long[], char[], String[], enum arrays: data, copied so a write to one shows.
        int length = java.lang.reflect.Array.getLength(a);
        copy[k] = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), length);
        System.arraycopy(a, 0, copy[k], 0, length);
      } else {
        copy[k] = a;
      }
    }
    return copy;
  }
}
