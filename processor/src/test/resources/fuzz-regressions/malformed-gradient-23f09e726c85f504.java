// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GRADIENT
// seed: 2589744000022213892
// sizes: n=4 m=3
// expect: gradients
// found: mutant (statement boolean[] flags9 = new boolean[2]; flags9[0] = y > 0; if (flags9[0]) y = y * 2;; statement y = 0x1p3 + 0b101 + 017 + 1_000;): GRADIENT loss: loss at [-0.5664256572178021, -1.972622615469068, -0.1751770694748762, -0.6128937543361195] | 2 | false | 0.038446529541644736: d value[3]/dxs[0] = 0.0 in the Jacobian, NaN from the tangent
import dev.flatgrad.Differentiable;
class F3826x {
  @Differentiable(wrt = {"xs", "y"})
  static double[] loss(double[] xs, int k, boolean on, double y) {
    if (true) {
      y = 0x1p3 + 0b101 + 017 + 1_000;
    }
    double[] t1 = {y, y, y, Math.atan(Math.cosh(y))};
    return t1;
  }
}