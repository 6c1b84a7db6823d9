package dev.flatgrad.processor;

import static org.junit.jupiter.api.Assertions.fail;

import dev.flatgrad.Tape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks the generated code of methods with {@code float}, {@code float[]} and {@code float[][]}
 * parameters (and {@code double} ones beside them) against central finite differences of the
 * user's own method: value bit-identical (a {@code float} stays a {@code float}), each gradient
 * component of the primal's type and shape, inputs untouched, pullback = upstream × gradient,
 * tangent = gradient · direction, and the Hessian-vector product against central differences of
 * the generated gradient.
 *
 * <p>The tolerance, and why: the user's method computes in float, so f(x ± h) carries a rounding
 * error of about ε_f·|f| with ε_f = 2^-24 ≈ 6e-8. A central difference divides that by 2h, so a
 * double-sized step (1e-6) would give errors of order 0.1: useless. With h = 1e-2·max(1, |x|)
 * the rounding part is ≈ 6e-6·|f|/max(1,|x|) and the truncation part h²/6·|f'''| ≈ 2e-5·|f'''|;
 * the generated float gradient has its own rounding of a few ε_f. A relative tolerance of 2e-3
 * (plus the rounding bound of the difference itself) is far above both and far below any real
 * mistake (a wrong rule, a lost derivative through a cast, a missed fan-out term, all of which
 * are off by O(1)). The perturbed arguments are rounded to float, and the difference divides by
 * the exact distance between the two float arguments, not by 2h.
 */
final class FloatGradientCheck {

  private static final double RELATIVE_TOLERANCE = 2e-3;
  private static final double STEP = 1e-2;
  private static final double FLOAT_EPSILON = 0x1p-24;

  private final GeneratedCode code;
  private final String className;

  private FloatGradientCheck(GeneratedCode code, String className) {
    this.code = code;
    this.className = className;
  }

  /** Compiles {@code members} as the body of class {@code p.<simpleName>}. */
  static FloatGradientCheck ofMembers(String simpleName, String members) {
    String source = """
        package p;

        import dev.flatgrad.Activations;
        import dev.flatgrad.Differentiable;

        class %s {
        %s
        }
        """.formatted(simpleName, members);
    return new FloatGradientCheck(GeneratedCode.compile("p." + simpleName, source),
        "p." + simpleName);
  }

  GeneratedCode code() {
    return code;
  }

  /** The generated source of the method of the Grad class starting with {@code start}. */
  String source(String start) {
    return code.generatedMethodSource(className + "Grad", start);
  }

  /** The user's method at {@code arguments}, as a double (exact for a float). */
  double value(String method, Object... arguments) {
    return ((Number) code.invokeUserWith(className, method, deepCopy(arguments))).doubleValue();
  }

  Map<String, Object> gradient(String method, Object... arguments) {
    return GeneratedCode.components(
        code.invokeGradientWith(className, method, deepCopy(arguments)));
  }

  /** One number among the arguments: parameter {@code p}, entry {@code [i][j]} (-1: none). */
  private record Coordinate(int p, int i, int j, String name) {}

  /** Checks value, gradient, pullback, tangent and Hessian-vector product at {@code arguments}. */
  void check(String method, Object... arguments) {
    Object[] call = deepCopy(arguments);
    List<String> failures = new ArrayList<>();
    Map<String, Object> result =
        GeneratedCode.components(code.invokeGradientWith(className, method, call));
    if (!Tape.forThread().isEmpty()) {
      failures.add(method + " left values on the thread's tape");
    }
    if (!Arrays.deepEquals(call, arguments)) {
      failures.add(method + " changed its arguments");
    }
    Object expected = code.invokeUserWith(className, method, deepCopy(arguments));
    Object actual = result.get("value");
    if (!expected.equals(actual)) { // Float.equals and Double.equals compare bits
      failures.add(method + ": value() = " + actual + " (" + actual.getClass().getSimpleName()
          + "), the user's method returns " + expected);
    }
    String[] names = code.parameterNames(className, method);
    List<Coordinate> coordinates = new ArrayList<>();
    for (int p = 0; p < arguments.length; p++) {
      Object gradient = result.get(names[p]);
      if (gradient == null) {
        continue; // not differentiated
      }
      if (!sameShapeAndType(arguments[p], gradient)) {
        failures.add(names[p] + ": gradient " + describe(gradient) + " for an argument "
            + describe(arguments[p]));
        continue;
      }
      coordinates.addAll(coordinatesOf(p, names[p], arguments[p]));
    }
    for (Coordinate c : coordinates) {
      double g = get(result.get(names[c.p()]), c);
      double[] fd = centralDifference(method, arguments, c);
      double tolerance = RELATIVE_TOLERANCE * Math.max(1, Math.max(Math.abs(g), Math.abs(fd[0])))
          + 4 * FLOAT_EPSILON * fd[1];
      if (!(Math.abs(g - fd[0]) <= tolerance)) {
        failures.add("%s: d/d%s = %s, finite difference %s".formatted(method, c.name(), g,
            fd[0]));
      }
    }
    checkPullback(method, arguments, names, result, coordinates, failures);
    checkTangent(method, arguments, names, result, coordinates, failures);
    if (!failures.isEmpty()) {
      fail("at " + Arrays.deepToString(arguments) + ":\n" + String.join("\n", failures));
    }
  }

  /** {@code fPullback(arguments..., upstream, sinks...)}: upstream × the gradient. */
  private void checkPullback(String method, Object[] arguments, String[] names,
      Map<String, Object> gradient, List<Coordinate> coordinates, List<String> failures) {
    Object value = gradient.get("value");
    double u = -1.75; // exact in float and double: the products below are exact
    List<Object> call = new ArrayList<>(List.of(deepCopy(arguments)));
    call.add(value instanceof Float ? (Object) (float) u : (Object) u);
    List<Object> sinks = new ArrayList<>();
    List<Integer> sinkParameters = new ArrayList<>();
    for (int p = 0; p < arguments.length; p++) {
      if (gradient.get(names[p]) != null && arguments[p].getClass().isArray()) {
        Object sink = zerosLike(arguments[p]);
        sinks.add(sink);
        sinkParameters.add(p);
        call.add(sink);
      }
    }
    Object returned = code.invokeMethodWith(className + "Grad", method + "Pullback",
        call.toArray());
    Map<String, Object> pulled = returned instanceof Record record
        ? GeneratedCode.components(record) : Map.of("value", returned);
    if (!value.equals(pulled.get("value"))) {
      failures.add(method + "Pullback: value " + pulled.get("value") + ", not " + value);
    }
    for (Coordinate c : coordinates) {
      double g = get(gradient.get(names[c.p()]), c);
      int sink = sinkParameters.indexOf(c.p());
      double p = sink >= 0 ? get(sinks.get(sink), c) : get(pulled.get(names[c.p()]), c);
      // The pullback carries u through the reverse pass, rounding in float on the way (the
      // gradient's own rounding, in another place): a few ulps of the terms, at most 1e-5.
      if (!(Math.abs(p - u * g) <= 1e-5 * Math.max(1, Math.abs(u * g)))) {
        failures.add(method + "Pullback: d/d" + c.name() + " × " + u + " = " + p + ", not "
            + u * g);
      }
    }
  }

  /**
   * {@code fTangent} along a fixed direction: gradient · direction; and {@code fHessianVector}
   * along it: each component against the central difference of the generated gradient.
   */
  private void checkTangent(String method, Object[] arguments, String[] names,
      Map<String, Object> gradient, List<Coordinate> coordinates, List<String> failures) {
    Object[] directions = new Object[arguments.length];
    List<Object> call = new ArrayList<>(List.of(deepCopy(arguments)));
    double expected = 0;
    double scale = 0;
    int k = 0;
    for (int p = 0; p < arguments.length; p++) {
      if (gradient.get(names[p]) != null) {
        directions[p] = zerosLike(arguments[p]);
      }
    }
    for (Coordinate c : coordinates) {
      double d = (float) (Math.sin(1.7 * k++ + 0.4) + 0.1);
      if (c.i() < 0) {
        directions[c.p()] = arguments[c.p()] instanceof Float ? (Object) (float) d : (Object) d;
      } else {
        set(directions, c, d);
      }
      double g = get(gradient.get(names[c.p()]), c);
      expected += g * d;
      scale += Math.abs(g * d);
    }
    for (int p = 0; p < arguments.length; p++) {
      if (directions[p] != null) {
        call.add(directions[p]);
      }
    }
    Map<String, Object> tangent = GeneratedCode.components(
        code.invokeTangentWith(className, method, call.toArray()));
    if (!gradient.get("value").equals(tangent.get("value"))) {
      failures.add(method + "Tangent: value " + tangent.get("value") + ", not "
          + gradient.get("value"));
    }
    double actual = ((Number) tangent.get("tangent")).doubleValue();
    // Both sides sum float products in different orders: a few ulps of the largest term.
    if (!(Math.abs(actual - expected) <= 1e-5 * Math.max(1, scale))) {
      failures.add(method + "Tangent: " + actual + ", gradient · direction " + expected);
    }
    checkHessianVector(method, arguments, names, call, directions, coordinates, failures);
  }

  /**
   * The Hessian-vector product against the central difference of the generated gradient
   * along the direction: (∇f(x + h·d) − ∇f(x − h·d)) / 2h, the same float tolerance.
   */
  private void checkHessianVector(String method, Object[] arguments, String[] names,
      List<Object> call, Object[] directions, List<Coordinate> coordinates,
      List<String> failures) {
    Map<String, Object> hv = GeneratedCode.components((Record) code.invokeMethodWith(
        className + "Grad", method + "HessianVector", call.toArray()));
    double h = STEP;
    Object[] plus = deepCopy(arguments);
    Object[] minus = deepCopy(arguments);
    for (Coordinate c : coordinates) {
      double x = get(arguments[c.p()], c);
      double d = get(directions[c.p()], c);
      set(plus, c, x + h * d);
      set(minus, c, x - h * d);
    }
    Map<String, Object> gPlus = gradient(method, plus);
    Map<String, Object> gMinus = gradient(method, minus);
    List<String> components = new ArrayList<>(hv.keySet());
    for (Coordinate c : coordinates) {
      // The record's components: value, the gradient's, then the Hessian-vector product's.
      int index = components.indexOf(names[c.p()]);
      String component = components.get(index + coordinatesParameters(coordinates));
      double actual = get(hv.get(component), c);
      double fd = (get(gPlus.get(names[c.p()]), c) - get(gMinus.get(names[c.p()]), c)) / (2 * h);
      double gradientScale = Math.max(Math.abs(get(gPlus.get(names[c.p()]), c)),
          Math.abs(get(gMinus.get(names[c.p()]), c)));
      double tolerance = 1e-2 * Math.max(1, Math.abs(actual))
          + 8 * FLOAT_EPSILON * gradientScale / h;
      if (!(Math.abs(actual - fd) <= tolerance)) {
        failures.add(method + "HessianVector: " + component + " at " + c.name() + " = "
            + actual + ", central difference of the gradient " + fd);
      }
    }
  }

  private static int coordinatesParameters(List<Coordinate> coordinates) {
    return (int) coordinates.stream().mapToInt(Coordinate::p).distinct().count();
  }

  /** The central difference of the user's method along one coordinate, and |f| near it / h. */
  private double[] centralDifference(String method, Object[] arguments, Coordinate c) {
    double x = get(arguments[c.p()], c);
    double h = STEP * Math.max(1, Math.abs(x));
    Object[] plus = deepCopy(arguments);
    Object[] minus = deepCopy(arguments);
    set(plus, c, x + h);
    set(minus, c, x - h);
    double distance = get(plus[c.p()], c) - get(minus[c.p()], c); // exact: rounded arguments
    double fPlus = value(method, plus);
    double fMinus = value(method, minus);
    if (!Double.isFinite(fPlus) || !Double.isFinite(fMinus)) {
      throw new IllegalArgumentException(method + ": bad test point, f is not finite near it");
    }
    return new double[] {(fPlus - fMinus) / distance,
        Math.max(Math.abs(fPlus), Math.abs(fMinus)) / distance};
  }

  private static List<Coordinate> coordinatesOf(int p, String name, Object argument) {
    List<Coordinate> out = new ArrayList<>();
    if (argument instanceof Float || argument instanceof Double) {
      out.add(new Coordinate(p, -1, -1, name));
    } else if (argument instanceof float[] v) {
      for (int i = 0; i < v.length; i++) {
        out.add(new Coordinate(p, i, -1, name + "[" + i + "]"));
      }
    } else if (argument instanceof double[] v) {
      for (int i = 0; i < v.length; i++) {
        out.add(new Coordinate(p, i, -1, name + "[" + i + "]"));
      }
    } else if (argument instanceof float[][] m) {
      for (int i = 0; i < m.length; i++) {
        for (int j = 0; j < m[i].length; j++) {
          out.add(new Coordinate(p, i, j, name + "[" + i + "][" + j + "]"));
        }
      }
    } else if (argument instanceof double[][] m) {
      for (int i = 0; i < m.length; i++) {
        for (int j = 0; j < m[i].length; j++) {
          out.add(new Coordinate(p, i, j, name + "[" + i + "][" + j + "]"));
        }
      }
    }
    return out;
  }

  private static double get(Object value, Coordinate c) {
    if (c.i() < 0) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof float[] v) {
      return v[c.i()];
    }
    if (value instanceof double[] v) {
      return v[c.i()];
    }
    if (value instanceof float[][] m) {
      return m[c.i()][c.j()];
    }
    return ((double[][]) value)[c.i()][c.j()];
  }

  /** Sets one coordinate, rounded to float where the argument holds floats. */
  private static void set(Object[] arguments, Coordinate c, double value) {
    Object a = arguments[c.p()];
    if (c.i() < 0) {
      arguments[c.p()] = a instanceof Float ? (Object) (float) value : (Object) value;
    } else if (a instanceof float[] v) {
      v[c.i()] = (float) value;
    } else if (a instanceof double[] v) {
      v[c.i()] = value;
    } else if (a instanceof float[][] m) {
      m[c.i()][c.j()] = (float) value;
    } else {
      ((double[][]) a)[c.i()][c.j()] = value;
    }
  }

  private static boolean sameShapeAndType(Object argument, Object gradient) {
    if (argument instanceof Float || argument instanceof Double) {
      return argument.getClass() == gradient.getClass();
    }
    if (argument.getClass() != gradient.getClass()) {
      return false;
    }
    if (argument instanceof float[] a) {
      return a.length == ((float[]) gradient).length;
    }
    if (argument instanceof double[] a) {
      return a.length == ((double[]) gradient).length;
    }
    if (argument instanceof float[][] a) {
      float[][] g = (float[][]) gradient;
      if (a.length != g.length) {
        return false;
      }
      for (int i = 0; i < a.length; i++) {
        if (a[i].length != g[i].length) {
          return false;
        }
      }
      return true;
    }
    return true;
  }

  private static String describe(Object value) {
    return value.getClass().getSimpleName() + " " + (value.getClass().isArray()
        ? Arrays.deepToString(new Object[] {value}) : value);
  }

  private static Object zerosLike(Object argument) {
    if (argument instanceof Float) {
      return 0f;
    }
    if (argument instanceof Double) {
      return 0.0;
    }
    if (argument instanceof float[] v) {
      return new float[v.length];
    }
    if (argument instanceof double[] v) {
      return new double[v.length];
    }
    if (argument instanceof float[][] m) {
      return Arrays.stream(m).map(row -> new float[row.length]).toArray(float[][]::new);
    }
    return Arrays.stream((double[][]) argument).map(row -> new double[row.length])
        .toArray(double[][]::new);
  }

  static Object[] deepCopy(Object[] arguments) {
    Object[] copy = new Object[arguments.length];
    for (int k = 0; k < arguments.length; k++) {
      Object a = arguments[k];
      if (a instanceof float[] v) {
        copy[k] = v.clone();
      } else if (a instanceof float[][] m) {
        copy[k] = Arrays.stream(m).map(float[]::clone).toArray(float[][]::new);
      } else if (a instanceof double[] v) {
        copy[k] = v.clone();
      } else if (a instanceof double[][] m) {
        copy[k] = Arrays.stream(m).map(double[]::clone).toArray(double[][]::new);
      } else if (a instanceof int[] v) {
        copy[k] = v.clone();
      } else {
        copy[k] = a;
      }
    }
    return copy;
  }
}
