// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 7203272017811865294
// sizes: n=4 m=3
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F9526xGrad.java:77: error: cannot find symbol
// found:   symbol:   variable grad_Tape_2
// found:   location: class fuzz.F9526xGrad
// found: /SOURCE_OUTPUT/fuzz/F9526xGrad.java:166: error: cannot find symbol
// found:   symbol:   variable dot_grad_Tape_2
// found:   location: class fuzz.F9526xGrad
// found: /SOURCE_OUTPUT/fuzz/F9526xGrad.java:167: error: cannot find symbol
// found:   symbol:   variable grad_Tape_2
// found:   location: class fuzz.F9526xGrad
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F9526x {
  @Differentiable(wrt = "w")
  static double[] loss(double w, boolean on) {
    double[] Tape = new double[4];
    axpyV(w, Tape, Tape);
    L0: for (double hessian : Tape) {
      var res = hessian;
      w = res;
    }
    return Tape;
  }

  /** y += a x, in place. */
  @Differentiable
  static void axpyV(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }
}
