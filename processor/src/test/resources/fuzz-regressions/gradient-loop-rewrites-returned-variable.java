// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GRADIENT
// seed: 6340410255095378691
// sizes: n=2 m=1
// expect: gradients
// found: GRADIENT loss: loss at 0 | -0.5991275394821272 | true | 2 | 0: d/dlr = 1.0, finite differences 0.0, 0.0, 0.0
// fixed: a loop that rewrites the returned variable (not a reduction) is not reversed iteration by iteration: the return reads it after the loop
package fuzz;

import dev.flatgrad.Differentiable;

class F553x {
  @Differentiable
  static double loss(int k, double lr, boolean on, int steps, int n) {
    for (int i = 0; i < 2; i++) {
      lr = 2.0;
    }
    return lr;
  }

  @Differentiable
  static double rewritten(double lr, double x) {
    double s = 0;
    for (int i = 0; i < 2; i++) {
      s = 2.0 * x + lr;
    }
    return s;
  }
}
