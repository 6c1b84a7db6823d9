// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 4475573421525623865
// sizes: n=3 m=1
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/G1272xGrad.java:48: error: variable order is already defined in method g(int,double,double[])
// found: /SOURCE_OUTPUT/fuzz/G1272xGrad.java:49: error: variable unsorted is already defined in method g(int,double,double[])
// found: /SOURCE_OUTPUT/fuzz/G1272xGrad.java:97: error: variable order is already defined in method gPullback(int,double,double[],double,double[])
// found: /SOURCE_OUTPUT/fuzz/G1272xGrad.java:98: error: variable unsorted is already defined in method gPullback(int,double,double[],double,double[])
// found: /SOURCE_OUTPUT/fuzz/G1272xGrad.java:154: error: variable order is a ...
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F1272x {
}

class G1272x {
  /** Expects fHessianVector. */
  @Differentiable(wrt = {"x", "c"})
  static double g(int k, double x, double[] c) {
    double p = 2.;
    if (c.length > 0) {
      double[] sortedCopy = c.clone();
      java.util.Arrays.sort(sortedCopy);
    }
    double[] sortedCopy = c.clone();
    java.util.Arrays.sort(sortedCopy);
    return p;
  }
}
