package dev.flatgrad.handwritten;

/**
 * A user class whose gradients are written by hand in {@link BowlGrad}, in the shape flatgrad
 * generates: the runtime's tests cannot run the processor, which is built after the runtime.
 */
public final class Bowl {

  private Bowl() {}

  /** {@code b Σ w[i]² + sin(b) + n Σ m[i][j]³}; {@code n} is data. */
  static double f(double[] w, double b, double[][] m, int n) {
    double sum = 0;
    for (double wi : w) {
      sum += wi * wi;
    }
    double cubes = 0;
    for (double[] row : m) {
      for (double entry : row) {
        cubes += entry * entry * entry;
      }
    }
    return b * sum + Math.sin(b) + n * cubes;
  }

  /** The same function; its gradient in {@link BowlGrad} drops the factor 2 of {@code w}'s. */
  static double wrong(double[] w, double b, double[][] m, int n) {
    return f(w, b, m, n);
  }

  /** {@code a b²}, differentiated with respect to {@code b} only (its {@code wrt}). */
  static double onlyB(double a, double b) {
    return a * b * b;
  }
}
