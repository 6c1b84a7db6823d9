// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: -7886334549582883959
// sizes: n=1 m=2
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F2300xGrad.java:40: error: variable q is already defined in method step(fuzz.F2300x.P0,fuzz.F2300x.P0,fuzz.F2300x.P0,double[])
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F2300x {
  record P0(double[] xs, double c) {}

  enum Mode { LO, MID }

  /** A helper, differentiated for its callers. */
  static double[] f(Mode kind, double[] ws) {
    final double r1 = 1.0;
    final var q = r1;
    final double[] res = {1.0};
    return res;
  }

  /** Expects fHessianVector. */
  @Differentiable
  public static double step(P0 m, P0 q, P0 data, double[] xs) {
    final double Tape = 1.0;
    L0: for (double el : q.xs()) {
      var r = F2300x.f(Mode.LO, data.xs());
    }
    var p = Tape;
    return p;
  }
}
