package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.FiniteDifferences;
import java.util.Arrays;

/** ode's gradient other ways: each returns y_{n−1}(2) and overwrites {@code out} with its gradient. */
public final class OdeAlternatives {

  private OdeAlternatives() {}

  /**
   * By hand: the forward pass keeps the four stage inputs of every step ({@code y}, {@code y + h
   * k1 / 2}, {@code y + h k2 / 2}, {@code y + h k3}: 4 s n doubles), the reverse pass walks the
   * steps backwards, pulling the adjoint of each step's result back through k4, k3, k2, k1.
   */
  public static double handWritten(double[] x, int s, double[] out) {
    int n = x.length;
    double h = 2.0 / s;
    double[][][] stages = new double[s][4][n];
    double[] y = new double[n];
    double[] k1 = new double[n];
    double[] k2 = new double[n];
    double[] k3 = new double[n];
    double[] k4 = new double[n];
    for (int step = 0; step < s; step++) {
      double[][] t = stages[step];
      System.arraycopy(y, 0, t[0], 0, n);
      Ode.odeFun(x, y, k1);
      for (int i = 0; i < n; i++) {
        t[1][i] = y[i] + h * k1[i] / 2;
      }
      Ode.odeFun(x, t[1], k2);
      for (int i = 0; i < n; i++) {
        t[2][i] = y[i] + h * k2[i] / 2;
      }
      Ode.odeFun(x, t[2], k3);
      for (int i = 0; i < n; i++) {
        t[3][i] = y[i] + h * k3[i];
      }
      Ode.odeFun(x, t[3], k4);
      for (int i = 0; i < n; i++) {
        y[i] += h * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) / 6;
      }
    }

    Arrays.fill(out, 0.0);
    double[] yBar = new double[n];
    double[] next = new double[n];
    double[] kBar = new double[n];
    double[] tBar = new double[n];
    yBar[n - 1] = 1;
    for (int step = s - 1; step >= 0; step--) {
      double[][] t = stages[step];
      // y_new = y + h/6 (k1 + 2 k2 + 2 k3 + k4): y's own share passes straight through.
      System.arraycopy(yBar, 0, next, 0, n);
      for (int i = 0; i < n; i++) {
        kBar[i] = h / 6 * yBar[i];
      }
      pullFun(x, t[3], kBar, out, tBar);           // k4 = f(x, y + h k3)
      for (int i = 0; i < n; i++) {
        next[i] += tBar[i];
        kBar[i] = h / 3 * yBar[i] + h * tBar[i];
      }
      pullFun(x, t[2], kBar, out, tBar);           // k3 = f(x, y + h k2 / 2)
      for (int i = 0; i < n; i++) {
        next[i] += tBar[i];
        kBar[i] = h / 3 * yBar[i] + h / 2 * tBar[i];
      }
      pullFun(x, t[1], kBar, out, tBar);           // k2 = f(x, y + h k1 / 2)
      for (int i = 0; i < n; i++) {
        next[i] += tBar[i];
        kBar[i] = h / 6 * yBar[i] + h / 2 * tBar[i];
      }
      pullFun(x, t[0], kBar, out, tBar);           // k1 = f(x, y)
      for (int i = 0; i < n; i++) {
        yBar[i] = next[i] + tBar[i];
      }
    }
    return y[n - 1];
  }

  /**
   * The pullback of {@code k = f(x, t)}: adds {@code kBar}'s share into {@code xBar} and sets
   * {@code tBar} to the adjoint of {@code t}.
   */
  private static void pullFun(double[] x, double[] t, double[] kBar, double[] xBar,
      double[] tBar) {
    int n = x.length;
    xBar[0] += kBar[0];
    for (int i = 1; i < n; i++) {
      xBar[i] += kBar[i] * t[i - 1];
      tBar[i - 1] = kBar[i] * x[i];
    }
    tBar[n - 1] = 0;
  }

  public static double finiteDifferences(double[] x, int s, double[] out) {
    FiniteDifferences.gradient(() -> Ode.ode(x, s), x, out);
    return Ode.ode(x, s);
  }
}
