// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 1500
// sizes: n=2 m=1
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F65xGrad.java:394: error: incompatible types: java.lang.Class<capture#1 of ? extends fuzz.F65xGrad.FPullback> cannot be converted to double
// found: /SOURCE_OUTPUT/fuzz/F65xGrad.java:636: error: illegal record component name getClass
// fixed: a vector method's Jacobian record and its reads of the pullback record name a parameter getClass, wait, ... as getClass_, wait_, ... like every other generated record
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class Vr4 {
  @Differentiable
  static double[] f(double getClass, double wait, double[][] W) {
    var p = getClass * wait;
    return new double[] {Activations.sigmoid(p + W[0][0]), p + getClass, p - getClass * W[1][0]};
  }
}
