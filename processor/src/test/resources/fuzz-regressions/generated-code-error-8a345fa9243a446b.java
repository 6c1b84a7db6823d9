// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: -8488054217624632213
// sizes: n=3 m=1
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F407x_InGrad.java:122: error: cannot find symbol
// found:   symbol:   method dot_x()
// found:   location: variable along of type fuzz.F407x_InGrad.ModelHessianVector
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F407x {
  static class In {
    @Differentiable
    public static double model(boolean on, double[] a, double x) {
      int dot_x = 0;
      return 1.0;
    }
  }
}
