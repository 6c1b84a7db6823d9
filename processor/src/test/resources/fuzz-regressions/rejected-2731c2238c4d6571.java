// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: 2824251899271538033
// sizes: n=4 m=1
// expect: gradients
// found: REJECTED : fuzz/F336x.java:8: error: object creation (new Vec3) is not supported; records and small classes declared in this file are
// fixed: a static final record of another class (Pt2.UNIT), or a method making records by their simple name, read in the class that declares it
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F336x {
  record Vec3(double u, double v, double w) {
    static final Vec3 UNIT = new Vec3(1.0, 0.0, 0.0);
  }
}

class G336x {
  @Differentiable(wrt = {"theta"})
  public static double[] h(double theta) {
    final var p = 2.;
    F336x.Vec3 pt = F336x.Vec3.UNIT;
    return new double[] {p, theta, 0.5, p};
  }
}
