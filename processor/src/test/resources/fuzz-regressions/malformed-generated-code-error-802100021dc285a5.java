// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: -9214083353534102107
// sizes: n=1 m=2
// expect: diagnostics
// found: mutant (signature of loss: wrt names a data parameter): GENERATED_CODE_ERROR /SOURCE_OUTPUT/F757xGrad.java:83: error: cannot find symbol
// found:   symbol:   variable dot_z
// found:   location: class F757xGrad
// found: /SOURCE_OUTPUT/F757xGrad.java:83: error: cannot find symbol
// found:   symbol:   variable dot_z
// found:   location: class F757xGrad
import dev.flatgrad.Differentiable;
class F757x {
  @Differentiable(wrt = "x")
  static double loss(double z, double x, double[] ws, double[] c) {
    int it = 0;
    L0: while (it < 2) {
      z -= x;
    }
    return x;
  }
}