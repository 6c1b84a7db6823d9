// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 3575505609853806207
// sizes: n=3 m=3
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F32xGrad.java:46: error: cannot find symbol
// found:   symbol:   variable g
// found:   location: class fuzz.F32xGrad
// found: /SOURCE_OUTPUT/fuzz/F32xGrad.java:93: error: cannot find symbol
// found:   symbol:   variable g
// found:   location: class fuzz.F32xGrad
// found: /SOURCE_OUTPUT/fuzz/F32xGrad.java:183: error: cannot find symbol
// found:   symbol:   variable g
// found:   location: class fuzz.F32xGrad
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F32x {
  @Differentiable
  public static double h(double t0, int k, double y, int depth) {
    if (depth <= 0) {
      return t0;
    }
    final double res = 1.0;
    double[] g = new double[3];
    if (true) {
    } else if (g.length == 3) {
    } else {
      y = res;
    }
    return y;
  }
}
