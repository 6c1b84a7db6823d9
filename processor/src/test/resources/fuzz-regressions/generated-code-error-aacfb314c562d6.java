// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 48079114095387350
// sizes: n=3 m=3
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F321xGrad.java:45: error: cannot find symbol
// found:   symbol:   variable state
// found:   location: class fuzz.F321xGrad
// found: /SOURCE_OUTPUT/fuzz/F321xGrad.java:97: error: cannot find symbol
// found:   symbol:   variable state
// found:   location: class fuzz.F321xGrad
// found: /SOURCE_OUTPUT/fuzz/F321xGrad.java:200: error: cannot find symbol
// found:   symbol:   variable state
// found:   location: class fuzz.F321xGrad
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;
import static java.lang.Math.*;

class F321x {
  @Differentiable
  static double f(boolean flag, int level, double b, double[] xs, double lr) {
    if (level <= 0) {
      return lr;
    }
    var took = new double[3];
    double[] state = new double[took.length];
    lr = lr * (state[2] + b);
    return 1.0;
  }
}
