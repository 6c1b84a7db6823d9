// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 1
// sizes: n=3 m=1
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/G98xGrad.java:176: error: variable value is already defined in method gPullback(double,double[])
// fixed: the array of a returned initializer gets a fresh name, so the reverse pass's copy of the result (also "value") no longer clashes with it
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class Vr1 {
  @Differentiable
  static double[] g(double y) {
    return new double[] {Activations.sigmoid(y), y, y * y};
  }
}
