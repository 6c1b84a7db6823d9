// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: 196737713384626532
// sizes: n=3 m=3
// expect: gradients
// found: REJECTED : fuzz/F36x.java:45: error: calls to methods of 'Mode.LO' are not supported: flatgrad differentiates calls to static Math, Activations and @Differentiable methods
// fixed: methods of enum constants (Mode.LO.scale()) were calls on an object
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

class F36x {
  private static final double K1 = -0.5;

  record P0(double[] a) {}

  record D1(P0 xs, double[] bias, int k) {}

  enum Mode {
    LO, MID;

    double scale() {
      switch (this) {
        case LO:
          return 0.5;
        default:
          return 1.0;
      }
    }

    public boolean isFirst() {
      return this == LO;
    }

    double sign() {
      if (this == LO) {
        return 1.0;
      }
      return -1.0;
    }
  }

  /** Expects fHessianVector. */
  @Differentiable
  static double f(int steps, D1 q, double w) {
    double total = 0;
    double[] act = new double[q.bias().length];
    var hessian = 1.0;
    hessian -= fold((lhs, rhs) -> { if (true) { return K1; } return Mode.LO.sign(); }, act, w);
    return total;
  }

  static double fold(DoubleBinaryOperator op, double[] xs, double init) {
    double acc = init;
    for (double x : xs) {
      acc = op.applyAsDouble(acc, x);
    }
    return acc;
  }
}
