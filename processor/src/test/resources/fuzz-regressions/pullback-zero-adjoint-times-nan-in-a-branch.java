// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: PULLBACK
// seed: -1696387934020953370
// sizes: n=3 m=3
// expect: gradients
// found: mutant (statement x = Math.sqrt(x);): PULLBACK h: h at -0.9811106461810724: the pullback of [1.0, 0.0, 0.0] gives x = NaN, upstream × Jacobian = 0.0
import dev.flatgrad.Differentiable;
class F96x {
  @Differentiable(wrt = {"x"})
  static double[] h(double x) {
    boolean big = false;
    if (big) {
    } else {
      x = Math.sqrt(x);
      x = 0.5;
    }
    return new double[] {x, 1.0, x};
  }
}