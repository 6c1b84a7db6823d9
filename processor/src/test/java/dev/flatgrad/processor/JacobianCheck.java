package dev.flatgrad.processor;

import static org.junit.jupiter.api.Assertions.fail;

import dev.flatgrad.Tape;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks the generated Jacobian of a method returning {@code double[]}: the value element by
 * element against the user's method; each column (one input entry) against central finite
 * differences of the user's method and against {@code fTangent} along that unit direction; each
 * row against {@code fPullback} of the unit upstream vector. Arguments must stay untouched and
 * the thread's tape empty.
 */
final class JacobianCheck {

  private static final double RELATIVE_TOLERANCE = 1e-6;

  private final GeneratedCode code;
  private final String className;

  private JacobianCheck(GeneratedCode code, String className) {
    this.code = code;
    this.className = className;
  }

  static JacobianCheck ofMembers(String simpleName, String members) {
    String source = """
        package p;

        import dev.flatgrad.Activations;
        import dev.flatgrad.Differentiable;

        class %s {
        %s
        }
        """.formatted(simpleName, members);
    return new JacobianCheck(GeneratedCode.compile("p." + simpleName, source), "p." + simpleName);
  }

  /** Checks methods of {@code className} in code already compiled. */
  static JacobianCheck of(GeneratedCode code, String className) {
    return new JacobianCheck(code, className);
  }

  GeneratedCode code() {
    return code;
  }

  /** One input entry: parameter {@code p}, and its indices ({@code -1} where there are none). */
  private record Entry(int p, int i, int j, String name) {}

  void check(String method, Object... arguments) {
    List<String> failures = new ArrayList<>();
    Object[] call = ArrayGradientCheck.deepCopy(arguments);
    Map<String, Object> result =
        GeneratedCode.components(code.invokeGradientWith(className, method, call));
    if (!Arrays.deepEquals(call, arguments)) {
      failures.add(method + " changed its arguments");
    }
    if (!Tape.forThread().isEmpty()) {
      failures.add(method + " left values on the thread's tape");
    }
    double[] expected = user(method, arguments);
    double[] value = (double[]) result.get("value");
    if (!Arrays.equals(expected, value)) {
      failures.add("value " + Arrays.toString(value) + ", user's method returns "
          + Arrays.toString(expected));
    }
    int m = expected.length;
    String[] names = Arrays.stream(code.userMethod(className, method).getParameters())
        .map(java.lang.reflect.Parameter::getName).toArray(String[]::new);
    List<Entry> entries = entries(arguments, names, result);
    // Columns: finite differences and tangents.
    for (Entry entry : entries) {
      double[] column = column(result.get(names[entry.p()]), entry, m);
      double[] fd = finiteDifference(method, arguments, entry);
      double[] tangent = tangent(method, arguments, names, result, entry);
      for (int r = 0; r < m; r++) {
        compare(failures, "d value[" + r + "]/d" + entry.name(), column[r], fd[r], "finite"
            + " difference");
        compare(failures, "d value[" + r + "]/d" + entry.name(), column[r], tangent[r],
            method + "Tangent");
      }
    }
    // Rows: pullbacks of unit vectors.
    for (int r = 0; r < m; r++) {
      Map<Entry, Double> row = pullback(method, arguments, names, result, entries, r, m);
      for (Entry entry : entries) {
        double[] column = column(result.get(names[entry.p()]), entry, m);
        compare(failures, "row " + r + " of " + method + "Pullback, " + entry.name(),
            row.get(entry), column[r], "Jacobian");
      }
    }
    if (!Tape.forThread().isEmpty()) {
      failures.add("the tangent or pullback of " + method + " left values on the tape");
    }
    if (!failures.isEmpty()) {
      fail("at " + Arrays.deepToString(arguments) + ":\n" + String.join("\n", failures));
    }
  }

  private double[] user(String method, Object[] arguments) {
    return (double[]) code.invokeUserWith(className, method,
        ArrayGradientCheck.deepCopy(arguments));
  }

  private static List<Entry> entries(Object[] arguments, String[] names,
      Map<String, Object> result) {
    List<Entry> entries = new ArrayList<>();
    for (int p = 0; p < arguments.length; p++) {
      if (!result.containsKey(names[p])) {
        continue;
      }
      Object argument = arguments[p];
      if (argument instanceof Double) {
        entries.add(new Entry(p, -1, -1, names[p]));
      } else if (argument instanceof double[] v) {
        for (int i = 0; i < v.length; i++) {
          entries.add(new Entry(p, i, -1, names[p] + "[" + i + "]"));
        }
      } else if (argument instanceof double[][] w) {
        for (int i = 0; i < w.length; i++) {
          for (int j = 0; j < w[i].length; j++) {
            entries.add(new Entry(p, i, j, names[p] + "[" + i + "][" + j + "]"));
          }
        }
      }
    }
    return entries;
  }

  private static double[] column(Object jacobian, Entry entry, int m) {
    double[] column = new double[m];
    for (int r = 0; r < m; r++) {
      if (entry.i() < 0) {
        column[r] = ((double[]) jacobian)[r];
      } else if (entry.j() < 0) {
        column[r] = ((double[][]) jacobian)[r][entry.i()];
      } else {
        column[r] = ((double[][][]) jacobian)[r][entry.i()][entry.j()];
      }
    }
    return column;
  }

  private double[] finiteDifference(String method, Object[] arguments, Entry entry) {
    double x = get(arguments, entry);
    double h = 1e-6 * Math.max(1, Math.abs(x));
    Object[] plus = ArrayGradientCheck.deepCopy(arguments);
    Object[] minus = ArrayGradientCheck.deepCopy(arguments);
    set(plus, entry, x + h);
    set(minus, entry, x - h);
    double[] fPlus = user(method, plus);
    double[] fMinus = user(method, minus);
    double[] d = new double[fPlus.length];
    for (int r = 0; r < d.length; r++) {
      d[r] = (fPlus[r] - fMinus[r]) / (2 * h);
    }
    return d;
  }

  /** The tangent along the unit direction of {@code entry}. */
  private double[] tangent(String method, Object[] arguments, String[] names,
      Map<String, Object> result, Entry entry) {
    List<Object> call = new ArrayList<>(List.of(ArrayGradientCheck.deepCopy(arguments)));
    for (int p = 0; p < arguments.length; p++) {
      if (!result.containsKey(names[p])) {
        continue;
      }
      Object argument = arguments[p];
      if (argument instanceof Double) {
        call.add(entry.p() == p ? 1.0 : 0.0);
      } else {
        Object direction = zerosLike(argument);
        if (entry.p() == p) {
          set(direction, entry, 1.0);
        }
        call.add(direction);
      }
    }
    Map<String, Object> tangent = GeneratedCode.components(
        code.invokeTangentWith(className, method, call.toArray()));
    return (double[]) tangent.get("tangent");
  }

  /** Row {@code r}: the pullback of the unit vector e_r, as a map from entry to value. */
  private Map<Entry, Double> pullback(String method, Object[] arguments, String[] names,
      Map<String, Object> result, List<Entry> entries, int r, int m) {
    List<Object> call = new ArrayList<>(List.of(ArrayGradientCheck.deepCopy(arguments)));
    double[] upstream = new double[m];
    upstream[r] = 1.0;
    call.add(upstream);
    Object[] sinks = new Object[arguments.length];
    for (int p = 0; p < arguments.length; p++) {
      if (result.containsKey(names[p]) && !(arguments[p] instanceof Double)) {
        sinks[p] = zerosLike(arguments[p]);
        call.add(sinks[p]);
      }
    }
    Object returned = invoke(method + "Pullback", call.toArray());
    Map<Entry, Double> row = new java.util.HashMap<>();
    for (Entry entry : entries) {
      if (entry.i() < 0) {
        row.put(entry, (double) GeneratedCode.components((Record) returned).get(names[entry.p()]));
      } else {
        Object[] holder = {sinks[entry.p()]};
        row.put(entry, get(holder, new Entry(0, entry.i(), entry.j(), entry.name())));
      }
    }
    return row;
  }

  private Object invoke(String name, Object[] arguments) {
    for (Method method : code.load(className + "Grad").getDeclaredMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
        try {
          return method.invoke(null, arguments);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no " + name + " taking " + arguments.length + " arguments");
  }

  private static Object zerosLike(Object argument) {
    if (argument instanceof double[] v) {
      return new double[v.length];
    }
    double[][] w = (double[][]) argument;
    double[][] z = new double[w.length][];
    for (int i = 0; i < w.length; i++) {
      z[i] = new double[w[i].length];
    }
    return z;
  }

  private static double get(Object[] arguments, Entry entry) {
    Object a = arguments[entry.p()];
    if (entry.i() < 0) {
      return (double) a;
    }
    if (entry.j() < 0) {
      return ((double[]) a)[entry.i()];
    }
    return ((double[][]) a)[entry.i()][entry.j()];
  }

  private static void set(Object[] arguments, Entry entry, double value) {
    if (entry.i() < 0) {
      arguments[entry.p()] = value;
    } else {
      set(arguments[entry.p()], entry, value);
    }
  }

  private static void set(Object array, Entry entry, double value) {
    if (entry.j() < 0) {
      ((double[]) array)[entry.i()] = value;
    } else {
      ((double[][]) array)[entry.i()][entry.j()] = value;
    }
  }

  private static void compare(List<String> failures, String what, double actual,
      double expected, String against) {
    double tolerance = RELATIVE_TOLERANCE * Math.max(1, Math.abs(expected));
    if (!(Math.abs(actual - expected) <= tolerance)) {
      failures.add("%s = %s, %s %s".formatted(what, actual, against, expected));
    }
  }
}
