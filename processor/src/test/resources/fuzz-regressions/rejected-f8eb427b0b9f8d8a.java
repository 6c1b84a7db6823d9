// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: -510241036533002870
// sizes: n=2 m=1
// expect: gradients
// found: REJECTED : fuzz/F157x.java:9: error: object creation (new Vec3) is not supported; records and small classes declared in this file are
// fixed: a static final record of another class (Pt2.UNIT), or a method making records by their simple name, read in the class that declares it
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;
import static java.lang.Math.*;

class F157x {
  static record Vec3(double x, double y, double z) {
    static final Vec3 UNIT = new Vec3(1.0, 0.0, 0.0);
  }
}

class G157x {
  @Differentiable
  public static double f(int k, boolean[] mask, double[] xs, double b) {
    F157x.Vec3 q2;
    q2 = F157x.Vec3.UNIT;
    return b;
  }
}
