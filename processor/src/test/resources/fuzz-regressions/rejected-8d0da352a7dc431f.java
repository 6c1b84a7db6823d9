// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: -8282784564265598177
// sizes: n=2 m=2
// expect: gradients
// found: REJECTED : fuzz/F44x.java:12: error: the array pulled is reassigned, so allocate it at the top level of the method, not inside a branch or loop
// found: fuzz/F44x.java:14: error: allocate one of the arrays that pulled is reassigned with before declaring pulled
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F44x {
  @Differentiable
  static double loss(double[] ws, double[][] mat, double lr, double[][] W) {
    double clone = 1.0;
    var t1 = clone;
    for (int j = 0; j < mat.length; j++) {
      double[] pulled = new double[W.length];
    }
    double pulled;
    pulled = clone;
    return t1;
  }
}
