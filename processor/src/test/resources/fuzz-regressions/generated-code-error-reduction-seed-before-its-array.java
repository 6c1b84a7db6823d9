// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 8403839668675760079
// sizes: n=4 m=3
// expect: gradients
// found: mutant of seed 20261513 #9997 (statement double[] a9 = new double[2]; for (double v9 : a9) { lr += v9; }): GENERATED_CODE_ERROR /SOURCE_OUTPUT/F9997xGrad.java:188: error: cannot find symbol
// found:   symbol:   variable out
// fixed: a loop reversed iteration by iteration declares its reductions' seeds ahead of it; the seed of lr
// fixed: is read from out's adjoint, which was declared there as new double[out.length] before out existed;
// fixed: such a loop is now reversed the general way (ReductionSeeds.sizedBefore)
import dev.flatgrad.Differentiable;
class F9997x {
  @Differentiable
  static double model(double lr, int steps) {
    double[] a9 = new double[2]; for (double v9 : a9) { lr += v9; }
    var out = new double[4];
    out[steps] = lr;
    return out[3];
  }
}
