// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: 8132933866083639956
// sizes: n=3 m=1
// expect: gradients
// found: REJECTED : fuzz/F176x.java:34: error: calls to methods of 'kind' are not supported: flatgrad differentiates calls to static Math, Activations and @Differentiable methods
// fixed: Scopes.bindLocal dropped an enum parameter's enum, so kind.sign() was not an enum method
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F176x {
  enum Mode {
    LO(1.0), MID(1.0);

    private final double w;

    Mode(double w) {
      this.w = w;
    }

    double scale() {
      return w;
    }

    double sign() {
      return this == LO ? 1.0 : -1.0;
    }

    public int weight(int k) {
      return this == LO ? k : 2 * k;
    }
  }
}

class G176x {
  @Differentiable
  static double[] g(double theta, double lr, F176x.Mode kind, double[] v) {
    for (int i = 0; i < 1; ++i) {
      if (kind.weight(i) == 0) {
      }
    }
    double[] res = {lr, 1.0, lr};
    return res;
  }

  @Differentiable(wrt = {"W"})
  public static double[] model(int[] idx, boolean[] keep, double[] xs, double[][] W) {
    double[] y = new double[keep.length];
    var clone = g(1.0, 1.0, F176x.Mode.MID, g(1.0, 1.0, F176x.Mode.LO, xs));
    return y;
  }
}
