// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GRADIENT
// seed: 8008381017217218238
// sizes: n=2 m=2
// expect: gradients
// found: GRADIENT step: step at [1.931077032878608, 1.0395356653326022]: d/dc[1] = 1.0, finite differences 0.0, 0.0, 0.0
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F2270x {
  @Differentiable
  public static double step(double[] c) {
    var tmp = c[1];
    for (double e : c) {
      tmp = .5;
    }
    return tmp;
  }
}
