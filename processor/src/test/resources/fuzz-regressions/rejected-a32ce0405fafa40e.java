// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: -6688724779464154098
// sizes: n=3 m=2
// expect: gradients
// found: REJECTED : fuzz/F83x.java:17: error: object creation (new Cplx) is not supported; records and small classes declared in this file are
// fixed: a static final record of another class (Pt2.UNIT), or a method making records by their simple name, read in the class that declares it
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F83x {
  static class Cplx {
    private final double re;

    private final double im;

    Cplx(double re, double im) {
      this.re = re;
      this.im = im;
    }

    static final Cplx UNIT = new Cplx(1.0, 0.0);
  }
}

class G83x {
  /** Expects fHessianVector. */
  @Differentiable(wrt = "a")
  static double h(double b, int depth, double[] a) {
    var res = b;
    F83x.Cplx zv;
    zv = F83x.Cplx.UNIT;
    return res;
  }
}
