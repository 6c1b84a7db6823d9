package dev.flatgrad.benchmarks.support;

import java.util.function.DoubleSupplier;

/**
 * Central finite differences, {@code (f(x + h) - f(x - h)) / 2h} for one coordinate at a time: two
 * evaluations of the primal per input. The inputs are perturbed in place and restored bit for bit,
 * so nothing is copied; {@code f} reads them when called.
 */
public final class FiniteDifferences {

  private FiniteDifferences() {}

  /** The step for a coordinate of magnitude {@code x}: the cube root of machine epsilon, scaled. */
  public static double step(double x) {
    return 6.0554544523933395e-6 * Math.max(1.0, Math.abs(x));
  }

  /** d f / d x[i] for every i, into {@code out}. */
  public static void gradient(DoubleSupplier f, double[] x, double[] out) {
    for (int i = 0; i < x.length; i++) {
      double saved = x[i];
      double h = step(saved);
      x[i] = saved + h;
      double plus = f.getAsDouble();
      x[i] = saved - h;
      double minus = f.getAsDouble();
      x[i] = saved;
      out[i] = (plus - minus) / (2 * h);
    }
  }

  /** d f / d x[i][j] for every element, into {@code out} (shaped like {@code x}). */
  public static void gradient(DoubleSupplier f, double[][] x, double[][] out) {
    for (int i = 0; i < x.length; i++) {
      gradient(f, x[i], out[i]);
    }
  }
}
