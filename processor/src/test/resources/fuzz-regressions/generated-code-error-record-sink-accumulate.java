// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 51
// sizes: n=3 m=1
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F51xGrad.java:73: error: incompatible types: double[] cannot be converted to double[][]
// fixed: fAccumulate passes the sink of an array parameter after a record, not the sink of the record's own array
package fuzz;

import dev.flatgrad.Differentiable;

class Vr3 {
  record P0(double[] w) {}

  @Differentiable
  static double h(P0 q, double[][] W, double b) {
    double s = b;
    for (int i = 0; i < W.length; i++) {
      s += q.w()[i] * W[i][0];
    }
    return Math.sin(s);
  }
}
