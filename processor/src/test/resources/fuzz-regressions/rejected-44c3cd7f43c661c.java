// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: 309689372594955804
// sizes: n=3 m=1
// expect: gradients
// found: REJECTED : fuzz/F1x.java:44: error: upstream.limited(1.0) gives a record here, where a number is needed; read a component of it, as in upstream.limited(1.0).x()
// fixed: a field read of a computed object (upstream.limited(1.0).y)
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F1x {
  static class Pair2 {
    final double x;

    final double y;

    Pair2(double x, double y) {
      this.x = x;
      this.y = y;
    }

    Pair2 times(double s) {
      return new Pair2(s * x, s * y);
    }

    double dot(Pair2 o) {
      return x * o.x + y * o.y;
    }

    double norm2() {
      return dot(this);
    }

    Pair2 limited(double r) {
      double n2 = norm2();
      if (n2 <= r * r) {
        return this;
      }
      return times(r / Math.sqrt(n2));
    }
  }

  /** Expects fHessianVector. */
  @Differentiable
  static double step(double[][] mat, double[][] A) {
    double grad_x;
    grad_x = 1.0;
    final var upstream = new Pair2(1.0, 1.0);
    grad_x += upstream.limited(1.0).y;
    return 0.75;
  }
}
