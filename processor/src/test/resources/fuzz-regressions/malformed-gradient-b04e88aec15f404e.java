// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GRADIENT
// seed: -5742502190700871602
// sizes: n=2 m=2
// expect: gradients
// found: mutant (statement w = (int) 1e20;): GRADIENT f: f at P0(c=[-1.976069868798553, -1.1767149103802792], bias=[-1.8399705092843037, 1.0591011536035766]) | true | -0.7735067702652723: the tangent is NaN, the gradient dotted with its direction 0.0
import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;
class F2838x {
  record P0(double[] c, double[] bias) {}
  @Differentiable
  static double f(P0 data, boolean flag, double w) {
    double sum = 0;
    for (int i = 0; i < 2; i++) {
      w = (int) 1e20;
      double guard = Math.pow(w, w);
      sum += Activations.sigmoid(guard);
    }
    return sum;
  }
}