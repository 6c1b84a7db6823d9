// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: 6308212106370365482
// sizes: n=2 m=2
// expect: gradients
// found: REJECTED : fuzz/F26x.java:8: error: object creation (new Pt2) is not supported; records and small classes declared in this file are
// fixed: a static final record of another class (Pt2.UNIT), or a method making records by their simple name, read in the class that declares it
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F26x {
  static record Pt2(double re, double im) {
    static final Pt2 UNIT = new Pt2(1.0, 0.0);
  }
}

class G26x {
  /** Expects fHessianVector. */
  @Differentiable
  static double h(double x) {
    F26x.Pt2 z;
    z = F26x.Pt2.UNIT;
    return x;
  }
}
