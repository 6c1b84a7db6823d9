// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GRADIENT
// seed: 6428986842435655660
// sizes: n=3 m=2
// expect: gradients
// found: GRADIENT model: model at 1.4100114437430658 | [-0.37771531913479395, -1.1190498230886181, 0.5592876815983288] | -1.2242501533602845: d/dtheta = 1.0, finite differences 0.0, 0.0, 0.0
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F3041x {
  static class In {
    @Differentiable
    static double model(double theta, double[] v, double b) {
      for (var val : v) {
        theta = val;
      }
      return theta;
    }
  }
}
