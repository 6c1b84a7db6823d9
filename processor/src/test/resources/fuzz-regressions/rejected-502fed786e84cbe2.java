// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: 5778097948445690850
// sizes: n=4 m=1
// expect: gradients
// found: REJECTED : fuzz/F128x.java:8: error: object creation (new Pt2) is not supported; records and small classes declared in this file are
// fixed: a static final record of another class (Pt2.UNIT), or a method making records by their simple name, read in the class that declares it
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F128x {
  record Pt2(double x, double y) {
    static final Pt2 UNIT = new Pt2(1.0, 0.0);
  }
}

class G128x {
  /** Expects fHessianVector. */
  @Differentiable
  public static double model(double[] xs, double theta, int level) {
    var r1 = 1.0;
    F128x.Pt2 c = F128x.Pt2.UNIT;
    return r1;
  }
}
