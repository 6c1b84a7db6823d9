// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: 1078412720614623980
// sizes: n=1 m=3
// expect: gradients
// found: REJECTED : fuzz/F43x.java:9: error: object creation (new Cx) is not supported; records and small classes declared in this file are
// fixed: new Cx inside a record's static factory, called from another top-level class, was resolved in the caller's class
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F43x {
  record Cx(double re, double im) {
    static Cx polar(double r, double t) {
      return new Cx(r * Math.cos(t), r * Math.sin(t));
    }
  }
}

class G43x {
  @Differentiable
  static double[] step(double lr, double z) {
    double[] y = new double[1];
    for (double clone : y) {
      F43x.Cx dir = F43x.Cx.polar(1.0, clone);
    }
    return y;
  }
}
