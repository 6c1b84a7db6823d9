// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: -667210329987815143
// sizes: n=3 m=1
// expect: gradients
// found: REJECTED : fuzz/F493x.java:18: error: pass an array variable here
// fixed: a vector call taking a nested vector call and new double[] {...} was not translated in
// fixed: place (the initializer counted as a side effect already prepared)
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

class F493x {
  /** A helper, differentiated for its callers. */
  private static double[] step(double[] v, double[] ws, double b, double theta) {
    var out = java.util.Arrays.copyOf(ws, ws.length);
    return out;
  }

  /** Expects fHessianVector. */
  @Differentiable
  static double model(double b, double[] a, int d, int steps) {
    final double[] rs = F493x.step(step(a, a, b, b), new double[] {b, b, b}, 1.0, b);
    return b;
  }
}
