// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GRADIENT
// seed: 8995526941117427563
// sizes: n=4 m=3
// expect: gradients
// found: mutant (statement for (int q9 = 0; q9 < 2; q9++) { double[] late9 = new double[2]; late9[q9] = w; w += late9[q9]; }): GRADIENT loss: loss at -0.14349158583764465: d value[3]/dw = -2.063494979085639, finite differences 1.684345122970279E-8, -2.4925380573184083E-7, -1.3569771022980064E-4
// fixed: the oracle's false positive: w doubles eight times between w *= sin(w) (w ~ 1e6, dw/dw0 ~ 1e18), so the outputs oscillate far below the steps and the differences disagree with each other entirely; the Jacobian check now knows that rule, as the gradient check did
package fuzz;
import dev.flatgrad.Differentiable;

class F2473x {
  @Differentiable(wrt = "w")
  static double[] loss(double w) {
    int grad_s = 0;
    while (grad_s < 3) {
      grad_s++;
      int k = 0;
      do {
        k++;
        for (int q9 = 0; q9 < 2; q9++) { double[] late9 = new double[2]; late9[q9] = w; w += late9[q9]; }
      } while (k < 4);
      w *= Math.sin(w);
    }
    final double[] f2 = {w, w, 0.3, 1.0 / (1 + Math.abs((w * w)))};
    return f2;
  }
}
