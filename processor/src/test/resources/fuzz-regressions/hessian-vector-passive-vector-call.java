// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: HESSIAN_VECTOR
// seed: -5365300522601213193
// sizes: n=2 m=3
// expect: gradients
// found: HESSIAN_VECTOR g: g at 0 | 0.10857465941514333 | -1.921108515027818 | 1.975145282398385: (H v)[1] = -1.0, finite differences of the gradient 0.0, 0.0, 0.0
// fixed: the second-order code gives a vector call whose differentiated arguments do not vary a zero tangent, not the call's value
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F159x {
  /** Expects fHessianVector. */
  @Differentiable
  static double[] h(double w, boolean on) {
    final double[] outs = {w, w};
    return outs;
  }

  @Differentiable
  static double g(int steps, double b, double theta, double w) {
    var broke = h(1.0, theta < 1.0);
    for (int j = 0, rj = 1 - 1; j < 1; j++, rj--) {
      w = theta / broke[rj];
    }
    return w;
  }
}

