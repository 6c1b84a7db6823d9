// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GRADIENT
// seed: 4058161810679458809
// sizes: n=2 m=3
// expect: gradients
// found: GRADIENT g: g at 1.8530143587402583: the tangent is 3.00344472378864, the gradient dotted with its direction 1.0993866530225036
// fixed: the condition of c ? a : b carries no derivative, so a table chosen by a condition on lr is passive (its tangent was the table itself)
package fuzz;

import dev.flatgrad.Differentiable;

class F817x {
  private static final double[] T0 = {-1.25, 2.0};

  private static final double[] T1 = {1.25, 0.5};

  @Differentiable
  static double g(double lr) {
    double[] tc1 = lr > -lr ? T0 : T1;
    lr += tc1[1] * Math.tanh(lr);
    return lr;
  }

  @Differentiable
  static double step(double x, double[][] W, double b, double[][] mat) {
    final var s = 1.0;
    for (int i = 4 - 1; i >= 0; i--) {
      double[] tc1 = i % 2 == 0 != b <= s ? T1 : T0;
      b += tc1[(i + 2) % W.length] * Math.tanh(b);
    }
    return b * x;
  }
}
