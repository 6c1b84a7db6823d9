// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 1
// sizes: n=3 m=2
// expect: diagnostics
// found: mutant 15 of seed 1 (member static double fPullback(double x, double upstream) {): GENERATED_CODE_ERROR /SOURCE_OUTPUT/fuzz/F15xGrad.java:112: error: method fPullback(double,double) is already defined in class fuzz.F15xGrad
package fuzz;

import dev.flatgrad.Differentiable;

class F15x {
  @Differentiable
  static double fPullback(double x, double upstream) {
    return x * upstream;
  }

  @Differentiable
  static double f(double x) {
    return x * x;
  }
}
