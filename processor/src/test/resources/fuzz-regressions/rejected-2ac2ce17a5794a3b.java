// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: 3081251696030599739
// sizes: n=3 m=1
// expect: gradients
// found: REJECTED : fuzz/F15x.java:10: error: variable tmp might not have been initialized
// fixed: BodyTranslator.assign read the old value even for a plain assignment
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F15x {
  @Differentiable
  static double loss(double w, double[][] A, double x) {
    double tmp;
    tmp = 1.0;
    return x;
  }
}
