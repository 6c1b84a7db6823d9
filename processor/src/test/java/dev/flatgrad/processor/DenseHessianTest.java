package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code fHessian} for methods with array parameters: the dense Hessian over every entry,
 * flattened in parameter order (matrices row by row). Each column is checked against central
 * differences of the generated gradient along that entry.
 */
class DenseHessianTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Dense", """
  @Differentiable
  static double mixed(double a, double[] x, double[][] w, int n) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double r = a * x[i];
      for (int j = 0; j < w[i].length; j++) {
        r += w[i][j] * x[j] * x[i];
      }
      s += Math.tanh(r) * n;
    }
    return s + a * a * a;
  }

  @Differentiable(wrt = "x")
  static double logSumExp(double[] x, double scale) {
    double m = x[0];
    for (int i = 1; i < x.length; i++) {
      m = Math.max(m, x[i]);
    }
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += Math.exp(scale * (x[i] - m));
    }
    return m + Math.log(s) / scale;
  }
""");
  }

  @Test
  void mixedScalarVectorAndMatrix() {
    check("mixed", 0.7, new double[] {0.3, -0.5}, new double[][] {{0.2, 0.1}, {-0.4, 0.6}}, 2);
  }

  @Test
  void onlyTheArrayInWrt() {
    check("logSumExp", new double[] {0.1, 0.9, -0.3}, 1.5);
  }

  private static void check(String method, Object... arguments) {
    double[][] hessian = (double[][]) f.code().invokeMethodWith("p.DenseGrad", method + "Hessian",
        ArrayGradientCheck.deepCopy(arguments));
    List<double[]> entries = entries(arguments, f.gradient(method, arguments), method);
    int n = entries.size();
    assertWithMessage("rows").that(hessian.length).isEqualTo(n);
    for (int j = 0; j < n; j++) {
      double h = 1e-5;
      double[] plus = flat(f.gradient(method, shifted(arguments, j, h, method)), arguments,
          method);
      double[] minus = flat(f.gradient(method, shifted(arguments, j, -h, method)), arguments,
          method);
      for (int i = 0; i < n; i++) {
        double fd = (plus[i] - minus[i]) / (2 * h);
        assertWithMessage("%s H[%s][%s]", method, i, j).that(hessian[i][j])
            .isWithin(1e-6 * Math.max(1, Math.abs(fd))).of(fd);
      }
    }
  }

  /** The differentiated entries, one per row: {parameter, i, j}. */
  private static List<double[]> entries(Object[] arguments, Map<String, Object> gradient,
      String method) {
    List<double[]> entries = new ArrayList<>();
    String[] names = names(method);
    for (int p = 0; p < arguments.length; p++) {
      if (!gradient.containsKey(names[p])) {
        continue;
      }
      if (arguments[p] instanceof Double) {
        entries.add(new double[] {p, -1, -1});
      } else if (arguments[p] instanceof double[] v) {
        for (int i = 0; i < v.length; i++) {
          entries.add(new double[] {p, i, -1});
        }
      } else if (arguments[p] instanceof double[][] m) {
        for (int i = 0; i < m.length; i++) {
          for (int j = 0; j < m[i].length; j++) {
            entries.add(new double[] {p, i, j});
          }
        }
      }
    }
    return entries;
  }

  private static Object[] shifted(Object[] arguments, int entry, double h, String method) {
    Object[] copy = ArrayGradientCheck.deepCopy(arguments);
    double[] e = entries(arguments, f.gradient(method, arguments), method).get(entry);
    int p = (int) e[0];
    if (e[1] < 0) {
      copy[p] = (double) copy[p] + h;
    } else if (e[2] < 0) {
      ((double[]) copy[p])[(int) e[1]] += h;
    } else {
      ((double[][]) copy[p])[(int) e[1]][(int) e[2]] += h;
    }
    return copy;
  }

  private static double[] flat(Map<String, Object> gradient, Object[] arguments, String method) {
    List<Double> values = new ArrayList<>();
    for (String name : names(method)) {
      Object g = gradient.get(name);
      if (g instanceof Double d) {
        values.add(d);
      } else if (g instanceof double[] v) {
        for (double x : v) {
          values.add(x);
        }
      } else if (g instanceof double[][] m) {
        for (double[] row : m) {
          for (double x : row) {
            values.add(x);
          }
        }
      }
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String[] names(String method) {
    return java.util.Arrays.stream(f.code().userMethod("p.Dense", method).getParameters())
        .map(java.lang.reflect.Parameter::getName).toArray(String[]::new);
  }
}
