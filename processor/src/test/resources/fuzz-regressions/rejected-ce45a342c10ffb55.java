// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: -3583278421401142443
// sizes: n=2 m=1
// expect: gradients
// found: REJECTED : fuzz/F78x.java:12: error: declare local arrays at the top level of the method body, not inside a branch or loop: flatgrad allocates each once
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F78x {
  @Differentiable(wrt = {"x", "a"})
  public static double h(double x, int depth, double[] a) {
    if (depth <= 0) {
      return x;
    }
    double[] ys = new double[2];
    return 4.0;
  }
}

