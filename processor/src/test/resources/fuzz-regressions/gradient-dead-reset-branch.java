// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GRADIENT
// seed: 5
// sizes: n=1 m=1
// expect: gradients
// found: GRADIENT branch: branch at 0.09765625 | 3: d/dlr = 1.0, finite differences 0.0, 0.0, 0.0
// found: by hand, the branch form of gradient-91866d4d0cde66a9 (a loop)
// fixed: DeadResets removed the reset of a parameter's adjoint, which only the result reads
package fuzz;

import dev.flatgrad.Differentiable;

class DeadResetBranch {
  @Differentiable
  static double branch(double lr, int k) {
    if (k >= 0) {
      lr = 0.75;
    }
    return lr;
  }
}
