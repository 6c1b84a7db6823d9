// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: 4542749463756607256
// sizes: n=2 m=2
// expect: gradients
// found: REJECTED : fuzz/F156x.java:9: error: object creation (new Vec3) is not supported; records and small classes declared in this file are
// fixed: new Vec3 inside a record's method, inlined into a class of another top-level class, was resolved in the caller's class
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F156x {
  record Vec3(double x, double y, double z) {
    Vec3 plus(Vec3 o) {
      return new Vec3(x + o.x, y + o.y, z + o.z);
    }
  }
}

class G156x {
  /** Expects fHessianVector. */
  @Differentiable
  static double step(double lr, int steps) {
    F156x.Vec3 c = new F156x.Vec3(lr, lr, 1.0).plus(new F156x.Vec3(lr, lr, 1.0));
    return lr;
  }
}
