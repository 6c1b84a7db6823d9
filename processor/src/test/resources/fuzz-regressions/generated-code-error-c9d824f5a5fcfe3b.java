// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: -3902328439646126533
// sizes: n=3 m=3
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F191xGrad.java:131: error: cannot find symbol
// found:   symbol:   method dot_x()
// found:   location: variable along of type fuzz.F191xGrad.LossHessianVector
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F191x {
  @Differentiable(wrt = {"x", "A"})
  static double loss(double[][] A, double x, int n) {
    double dot_x;
    return x;
  }
}
