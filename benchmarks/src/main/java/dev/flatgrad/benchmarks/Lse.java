package dev.flatgrad.benchmarks;

import dev.flatgrad.Differentiable;
import dev.flatgrad.benchmarks.support.Inputs;

/**
 * Kernel 4, gradbench's {@code lse}: {@code LSE(x) = a + log Σ_i exp(x_i − a)} with {@code a =
 * max x}, built from its primitives (a max, a sum of exponentials), as gradbench asks. {@code n =
 * 2500} values uniform in [0, 1) (gradbench's smallest workload; it runs 2500 … 1280000).
 */
public final class Lse {

  public static final int N = 2500;

  private Lse() {}

  @Differentiable
  public static double lse(double[] x) {
    double a = x[0];
    for (int i = 1; i < x.length; i++) {
      a = Math.max(a, x[i]);
    }
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += Math.exp(x[i] - a);
    }
    return Math.log(s) + a;
  }

  public static double[] input(long seed) {
    return Inputs.uniform(Inputs.random(seed), N, 0, 1);
  }
}
