package dev.flatgrad.benchmarks;

import dev.flatgrad.Differentiable;
import dev.flatgrad.benchmarks.support.Inputs;

/**
 * Kernel 3, gradbench's {@code llsq} (linear least squares, from cmpad's {@code llsq_obj}):
 *
 * <pre>
 *   y(x) = 1/2 Σ_{i<n} (s_i − x_0 − x_1 t_i − x_2 t_i² − …)²,
 *   t_i = −1 + 2i / (n − 1),   s_i = sign(t_i)
 * </pre>
 *
 * with {@code m = 128} coefficients {@code x} (uniform in [0, 1), as gradbench draws them) and
 * {@code n = 1024} points (gradbench runs n = 16 … 16392 with m = 128). The powers of {@code t_i}
 * are accumulated as {@code mul *= ti}, as gradbench's hand-written C++ gradient does.
 */
public final class Llsq {

  public static final int M = 128;
  public static final int N = 1024;

  private Llsq() {}

  @Differentiable(wrt = "x")
  public static double llsq(double[] x, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double ti = -1 + i * 2.0 / (n - 1);
      double inner = ti > 0 ? 1.0 : ti < 0 ? -1.0 : 0.0;
      double mul = 1;
      for (int j = 0; j < x.length; j++) {
        inner -= x[j] * mul;
        mul *= ti;
      }
      sum += inner * inner;
    }
    return sum / 2;
  }

  public static double[] input(long seed) {
    return Inputs.uniform(Inputs.random(seed), M, 0, 1);
  }
}
