// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 7496648555169927606
// sizes: n=3 m=2
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F53xGrad.java:31: error: variable i is already defined in method h(int,int,double,int,int[])
// found: /SOURCE_OUTPUT/fuzz/F53xGrad.java:67: error: variable i is already defined in method hPullback(int,int,double,int,int[],double)
// found: /SOURCE_OUTPUT/fuzz/F53xGrad.java:111: error: variable i is already defined in method hTangent(int,int,double,int,int[],double)
// found: /SOURCE_OUTPUT/fuzz/F53xGrad.java:146: error: variable i is already defined in method hHessianVector(int,int,double,int,int[],double)
// found: /SOURCE_OUTPUT/fuzz/F53xGrad.java:203: error: variable i is already define ...
// fixed: static methods of the method's own class that take lambdas were not reserved names, so
// fixed: the enhanced for's counter took simpson's i
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F53x {
  /** Expects fHessianVector. */
  @Differentiable(wrt = "y")
  public static double h(int steps, int k, double y, int n, int[] idx) {
    L0: for (int grad_s : idx) {
      double s = simpson((s1) -> 3.0, 0.5, y, 4);
    }
    return y;
  }

  /** Composite Simpson's rule over [lo, hi] with n (even) intervals. */
  static double simpson(java.util.function.DoubleUnaryOperator f, double lo, double hi, int n) {
    double h = (hi - lo) / n;
    double sum = f.applyAsDouble(lo) + f.applyAsDouble(hi);
    for (int i = 1; i < n; i++) {
      double x = lo + i * h;
      sum += (i % 2 == 0 ? 2 : 4) * f.applyAsDouble(x);
    }
    return sum * h / 3;
  }
}
