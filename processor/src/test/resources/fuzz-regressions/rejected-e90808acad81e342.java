// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: -1655063325320289470
// sizes: n=4 m=1
// expect: gradients
// found: REJECTED : fuzz/F1221x.java:12: error: p is a record, which is not a value in a @Differentiable method; read its components through their accessors, as in p.x()
// found: fuzz/F1221x.java:13: error: flatgrad translates this helper where it is called, and then it must return a double[] it allocates itself
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F1221x {
  record P0(double[][] a, double b, double[] c) {}

  /** A helper, differentiated for its callers. */
  private static double[] model(double[] xs) {
    var p = 1.0;
    double[] f2 = {p, p, p, 2.};
    return f2;
  }

  /** Expects fHessianVector. */
  @Differentiable
  static double f(P0 p, double y) {
    for (var xi : p.c()) {
      double[] rs = model(p.c());
    }
    return y;
  }
}
