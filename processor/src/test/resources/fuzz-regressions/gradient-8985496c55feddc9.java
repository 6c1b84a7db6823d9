// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GRADIENT
// seed: -8537336788962845239
// sizes: n=2 m=1
// expect: gradients
// found: GRADIENT g: g at true | [false, false] | [-1.8121324020733316, -1.4513803832582215]: d/dc[0] = 0.0, finite differences 1.0, 1.0, 1.0
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F13831x {
  /** Expects fHessianVector. */
  @Differentiable(wrt = {"c"})
  static double g(boolean on, boolean[] keep, double[] c) {
    var y = new int[c.length];
    double Tape = c[y[0]];
    y[y[0]] = 1;
    return Tape;
  }
}
