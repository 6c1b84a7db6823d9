// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GRADIENT_THREW
// seed: -5937987661747998089
// sizes: n=4 m=1
// expect: gradients
// found: GRADIENT_THREW model: model at 1 | 1 | [1.0437922928378591, -1.948400975343744, -1.2649961566884365, -0.4736929073400691] | [-0.9723667686760873, 1.6391659678532484, -1.680812118839853, 1.9774721200402539] | 2: threw java.lang.IllegalArgumentException: grad_v and grad_a are the same array: each gradient needs an array of its own at fuzz.F362xGrad.modelPullback(F362xGrad.java:61)
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F362x {
  @Differentiable
  static double model(int d, int n, double[] v, double[] a, int steps) {
    if (d <= 0) {
      return 0.25;
    }
    double acc = model(0, 1, v, v, 0);
    return acc;
  }
}
