// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: -1722939432471325043
// sizes: n=4 m=2
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F144xGrad.java:34: error: variable s might not have been initialized
// found: /SOURCE_OUTPUT/fuzz/F144xGrad.java:73: error: variable s might not have been initialized
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F144x {
  @Differentiable
  public static double f(double[] xs, double[] a, boolean[] mask) {
    for (int i = 1; i < 4; i++) {
      double s;
      if (true) {
        continue;
      } else {
        s = 1.0;
      }
      s += s;
    }
    return 1.0;
  }
}
