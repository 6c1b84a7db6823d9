// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: -4472182330566894725
// sizes: n=2 m=2
// expect: diagnostics
// found: mutant (signature of g: throws Exception): GENERATED_CODE_ERROR /SOURCE_OUTPUT/F2424xGrad.java:19: error: unreported exception java.lang.Exception; must be caught or declared to be thrown
// found: reduced from g(double lr, int n, double[] a, int depth) throws Exception, calling itself
package fuzz;

import dev.flatgrad.Differentiable;

class Throwing {
  @Differentiable
  static double g(double x) throws Exception {
    return x * x;
  }

  @Differentiable
  static double f(double x) throws Exception {
    return g(x) + x;
  }
}
