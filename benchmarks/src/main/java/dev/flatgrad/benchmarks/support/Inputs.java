package dev.flatgrad.benchmarks.support;

import java.util.SplittableRandom;

/** Deterministic inputs for the kernels: the same numbers in every benchmark run and test. */
public final class Inputs {

  private Inputs() {}

  public static SplittableRandom random(long seed) {
    return new SplittableRandom(seed);
  }

  /** Uniform in [lo, hi). */
  public static double[] uniform(SplittableRandom random, int n, double lo, double hi) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble(lo, hi);
    }
    return x;
  }

  public static double[][] uniform(SplittableRandom random, int rows, int columns, double lo,
      double hi) {
    double[][] x = new double[rows][];
    for (int i = 0; i < rows; i++) {
      x[i] = uniform(random, columns, lo, hi);
    }
    return x;
  }

  /** Standard normal (Box-Muller). */
  public static double[] normal(SplittableRandom random, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double u = 1.0 - random.nextDouble();
      double v = random.nextDouble();
      x[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
    return x;
  }

  public static double[][] normal(SplittableRandom random, int rows, int columns) {
    double[][] x = new double[rows][];
    for (int i = 0; i < rows; i++) {
      x[i] = normal(random, columns);
    }
    return x;
  }

  public static double[][] zerosLike(double[][] x) {
    double[][] zeros = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      zeros[i] = new double[x[i].length];
    }
    return zeros;
  }

  public static double[][] copy(double[][] x) {
    double[][] copy = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      copy[i] = x[i].clone();
    }
    return copy;
  }
}
