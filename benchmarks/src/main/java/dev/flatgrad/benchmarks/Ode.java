package dev.flatgrad.benchmarks;

import dev.flatgrad.Differentiable;
import dev.flatgrad.benchmarks.support.Inputs;

/**
 * Kernel 8, gradbench's {@code ode} (from cmpad's {@code an_ode}): the system
 *
 * <pre>
 *   y_0'(t) = x_0,   y_i'(t) = x_i y_{i−1}(t) for i &gt; 0,   y(0) = 0,
 * </pre>
 *
 * integrated from t = 0 to 2 with {@code s} classical Runge-Kutta (RK4) steps; the function is the
 * last component {@code y_{n−1}(2)}, differentiated with respect to every {@code x_i}. Sizes: {@code
 * n = 1000}, {@code s = 10}, {@code x} uniform in [0, 1), one of gradbench's combinations (it runs
 * n = 1000, 10000, 100000 with s = 1, 10, 100).
 *
 * <p>Each RK4 stage moves information one index up, so after {@code s} steps only {@code y_0 …
 * y_{4s−1}} are non-zero: at gradbench's sizes (n &gt; 4s) the value and the whole gradient are
 * exactly 0, while every multiplication of the primal and its reverse is still done. That is how
 * gradbench measures it; the tests check the gradient where it is not zero too (n ≤ 4s).
 */
public final class Ode {

  public static final int N = 1000;
  public static final int STEPS = 10;

  private Ode() {}

  @Differentiable(wrt = "x")
  public static double ode(double[] x, int s) {
    int n = x.length;
    double h = 2.0 / s;
    double[] y = new double[n];
    double[] k1 = new double[n];
    double[] k2 = new double[n];
    double[] k3 = new double[n];
    double[] k4 = new double[n];
    double[] yTmp = new double[n];
    for (int step = 0; step < s; step++) {
      odeFun(x, y, k1);
      for (int i = 0; i < n; i++) {
        yTmp[i] = y[i] + h * k1[i] / 2;
      }
      odeFun(x, yTmp, k2);
      for (int i = 0; i < n; i++) {
        yTmp[i] = y[i] + h * k2[i] / 2;
      }
      odeFun(x, yTmp, k3);
      for (int i = 0; i < n; i++) {
        yTmp[i] = y[i] + h * k3[i];
      }
      odeFun(x, yTmp, k4);
      for (int i = 0; i < n; i++) {
        y[i] += h * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) / 6;
      }
    }
    return y[n - 1];
  }

  /** The right-hand side {@code z = f(x, y)}. */
  static void odeFun(double[] x, double[] y, double[] z) {
    z[0] = x[0];
    for (int i = 1; i < x.length; i++) {
      z[i] = x[i] * y[i - 1];
    }
  }

  public static double[] input(long seed, int n) {
    return Inputs.uniform(Inputs.random(seed), n, 0, 1);
  }
}
