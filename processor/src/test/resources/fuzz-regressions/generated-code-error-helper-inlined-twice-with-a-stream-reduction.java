// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 3104586732142877276
// sizes: n=3 m=1
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F7451xGrad.java:313: error: cannot find symbol
// found:   symbol:   variable max
// found:   location: class fuzz.F7451xGrad
// fixed: a helper inlined at a second call computes its stream reductions and side effects anew (the second copy read the first's max)
package fuzz;

import dev.flatgrad.Differentiable;

class F7451x {
  @Differentiable
  static double[] model(double z, double[] a) {
    double[] buf = new double[3];
    buf[1] = a[0] * z;
    int k = 0;
    double u = 1.0 + buf[k++] + a[k++] * buf[k];
    u += Math.tanh(java.util.Arrays.stream(buf).map(el -> el * el).max().orElse(0.5));
    double[] res = {u, z, u * a[1]};
    return res;
  }

  @Differentiable
  static double[] loss(double lr, double[][] W, double[] ws, double w) {
    double[] first = model(lr, ws);
    double s = 0;
    if (w > 0) {
      double[] outs = model(0.3 * w, ws);
      s += outs[0] * outs[2];
    } else {
      var r = model(1.0 + lr, ws);
      s -= r[2];
    }
    final double[] outs = {w * first[0], s, lr * first[2]};
    return outs;
  }
}
