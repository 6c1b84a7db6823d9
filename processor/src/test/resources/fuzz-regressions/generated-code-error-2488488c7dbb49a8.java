// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 2632433750440102312
// sizes: n=3 m=2
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/G350xGrad.java:25: error: variable c is already defined in method f(double,double,double,int)
// found: /SOURCE_OUTPUT/fuzz/G350xGrad.java:47: error: variable c is already defined in method fPullback(double,double,double,int,double)
// found: /SOURCE_OUTPUT/fuzz/G350xGrad.java:94: error: variable c is already defined in method fHessianVector(double,double,double,int,double,double)
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F350x {
}

class G350x {
  @Differentiable(wrt = {"w", "t0"})
  public static double f(double y, double t0, double w, int k) {
    boolean[] t_1 = new boolean[3];
    if (true) {
    } else {
      int c = true ? k : 2;
      t_1[Math.abs(c) % 3] = true;
    }
    return w;
  }
}
