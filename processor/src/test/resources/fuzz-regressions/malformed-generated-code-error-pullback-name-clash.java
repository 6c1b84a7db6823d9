// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 1
// sizes: n=3 m=2
// expect: gradients
// found: mutant 15 of seed 1 (member static double fPullback(double x, double upstream) {): GENERATED_CODE_ERROR /SOURCE_OUTPUT/fuzz/F15xGrad.java:112: error: method fPullback(double,double) is already defined in class fuzz.F15xGrad
// open: generated members clash with users' method names: the pullback of f(double x) is
// open: F15xGrad.fPullback(double x, double upstream), and the gradient of the user's method
// open: fPullback(double x, double upstream) is F15xGrad.fPullback(double, double) too, so
// open: the generated class does not compile. Same for fAccumulate and the specialized
// open: fPullback_x variants. GradClassWriter names them without checking the class's methods.
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
