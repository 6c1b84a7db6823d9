// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: -2376956763476519815
// sizes: n=2 m=1
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F1270xGrad.java:241: error: double cannot be dereferenced
// found: /SOURCE_OUTPUT/fuzz/F1270xGrad.java:249: error: double cannot be dereferenced
// found: /SOURCE_OUTPUT/fuzz/F1270xGrad.java:259: error: double cannot be dereferenced
// found: /SOURCE_OUTPUT/fuzz/F1270xGrad.java:308: error: double cannot be dereferenced
// found: /SOURCE_OUTPUT/fuzz/F1270xGrad.java:311: error: double cannot be dereferenced
// found: /SOURCE_OUTPUT/fuzz/F1270xGrad.java:319: error: double cannot be dereferenced
// found: /SOURCE_OUTPUT/fuzz/F1270xGrad.java:322: error: double cannot be dereferenced
// found: /SOURCE_OUTPUT/fuzz/F1270xGrad. ...
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;
import static java.lang.Math.*;

class F1270x {
  record P1(double[] s, double[][] c) {}

  /** Expects fHessianVector. */
  @Differentiable(wrt = {"xs", "java", "m"})
  static double f(double Arrays, double java, double[] xs, P1 m) {
    double r1 = 1.0;
    return r1;
  }
}
