// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GRADIENT
// seed: -7960555113634961751
// sizes: n=1 m=2
// expect: gradients
// found: GRADIENT loss: loss at 2 | -0.7958984375 | 2 | [false]: d/dlr = 1.0, finite differences 0.0, 0.0, 0.0
// fixed: DeadResets removed the reset of a parameter's adjoint, which only the result reads
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F68x {
}

class G68x {
  @Differentiable
  static double loss(int steps, double lr, int k, boolean[] keep) {
    int i = 0;
    for (; i < Math.min(k, keep.length); i++) {
      lr = 0.75;
    }
    return lr;
  }
}

