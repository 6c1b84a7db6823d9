// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GRADIENT
// seed: 74
// sizes: n=3 m=1
// expect: gradients
// found: GRADIENT model: model at ...: d/da[0] = 0.0, finite differences 0.05037316269885239, 0.05037316266336254, 0.050373162618860406
// fixed: the arguments of a vector-valued call (double[] r = step(x * 2)) are computed into temporaries like any call's, so the call is differentiated instead of dropped as passive
package fuzz;

import dev.flatgrad.Differentiable;

class Vr2 {
  @Differentiable
  static double model(double[] a, double x) {
    var outs = step(0.5);
    double[] r = step(Math.tanh(a[0] - outs[1]));
    double[] q = step(x * 2);
    return r[1] + q[2] * outs[0];
  }

  @Differentiable
  static double[] step(double b) {
    double[] y = new double[3];
    for (int i = 0; i < 3; i++) {
      y[i] = b * b + i;
    }
    return y;
  }
}
