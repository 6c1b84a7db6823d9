// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: -300011285424774416
// sizes: n=1 m=1
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F3984xGrad.java:1639: error: cannot find symbol
// found:   symbol:   variable pulled
// found:   location: class fuzz.F3984xGrad.HHessianVectorFrame.Part1
// found: /SOURCE_OUTPUT/fuzz/F3984xGrad.java:1640: error: cannot find symbol
// found:   symbol:   variable pulled
// found:   location: class fuzz.F3984xGrad.HHessianVectorFrame.Part1
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;
import static java.lang.Math.*;

class F3984x {
  /** Expects fHessianVector. */
  @Differentiable
  static double model(double b, boolean flag) {
    var u = b;
    return u;
  }

  /** Expects fHessianVector. */
  @Differentiable
  static double h(double b, double[] xs, double[] v, double[] a) {
    int i = 0;
    L0: for (; i < xs.length; i++) {
      b = Math.atan((PI - 2) / sqrt(1 + (xs[(i + 1) % 1] - i) * (xs[(i + 1) % 1] - i)) - xs[i] / (1 + Math.abs((a[xs.length - 1 - i] * b))));
      switch (i) { default: {
        if (b < b) {
          final double s = tan(0.5 * Math.sin((1 * 4.0)));
        } else {
          double[][] ys = new double[v.length][1];
          int cnt = xs.length;
          b = (double) i;
        }
      } break; case 0: {
        double s = exp(atan(Math.atan2(0.25, 0.5 + (b + b) * (b + b))));
        break;
      } }
      b -= a[a.length - 1 - i] / (1 + a[a.length - 1 - i] * a[a.length - 1 - i]);
    }
    b += (a[0] * b * b) / (1 + Math.abs((a[0] * b * b)));
    if ((b > 1.0 ? i % 2 == 0 : false) && b <= 0.75) {
      for (int j = 1; j < 1; j++) {
        int tape = i;
        b = Math.sin((i * 2.0 / (1 + b * b) + xs[max(j - 2, 0)]) * Activations.sigmoid(b));
        int step = 0;
        while (step < 3) {
          step++;
        }
      }
    }
    return Activations.sigmoid(b * b) * model(v[abs(i) % 1], b >= v[0]);
  }
}
