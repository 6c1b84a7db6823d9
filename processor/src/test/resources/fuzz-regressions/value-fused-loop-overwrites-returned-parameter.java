// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: VALUE
// seed: -1095352352911613664
// sizes: n=4 m=2
// expect: gradients
// found: VALUE loss: loss at 1.791830445074594 | [-1.4520767216147497, 0.020243960256776106, -1.2372559574356594, 1.1255984269413086] | [1.257737394583768, 1.8796621330103105, 0.8524163390624824, 1.4763642955073388] | 0.05892714151478673: value() = 0.05564796595022763, the user's method returns -0.9443520340497724
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F3286x {
}

class G3286x {
  @Differentiable
  static double loss(double b, double[] v, double[] ws, double z) {
    for (int i = 2; i > 0; i--) {
      b = z / (1 + Math.abs(z));
      b -= 1.0;
    }
    return b;
  }
}
