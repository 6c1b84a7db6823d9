// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: -3466546190452779906
// sizes: n=3 m=1
// expect: gradients
// found: program 5628 of seed 20261532 (a9ef9e1): REJECTED : fuzz/F5628x.java:93: error: this append reads java, the builder it changes; use a String computed in a statement before
// fixed: the check that an append does not read its own builder skips names in type positions, as javac
// fixed: does (JLS 6.5.1): a builder named java does not hide the package of new java.util.function.DoubleUnaryOperator()
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F5628x {
  @Differentiable
  static double[] h(double z, double x) {
    double delta;
    delta = x;
    final StringBuilder java = new StringBuilder("not a number: ");
    java.append(delta).append(", at ").append(F5628x.simpson(new java.util.function.DoubleUnaryOperator() { public double applyAsDouble(double t) { return 0.5; } }, x, delta, 2));
    final double[] res = {x, x, z};
    return res;
  }

  /** Composite Simpson's rule over [lo, hi] with n (even) intervals. */
  static double simpson(java.util.function.DoubleUnaryOperator f, double lo, double hi, int n) {
    double h = (hi - lo) / n;
    double sum = f.applyAsDouble(lo) + f.applyAsDouble(hi);
    for (int i = 1; i < n; i++) {
      double x = lo + i * h;
      sum += (i % 2 == 0 ? 2 : 4) * f.applyAsDouble(x);
    }
    return sum * h / 3;
  }
}
