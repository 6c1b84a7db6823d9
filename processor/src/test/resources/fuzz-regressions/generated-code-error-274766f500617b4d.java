// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 2830344093285055309
// sizes: n=2 m=3
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/G446xGrad.java:34: error: cannot find symbol
// found:   symbol:   variable grad_lr
// found:   location: class fuzz.G446xGrad
// found: /SOURCE_OUTPUT/fuzz/G446xGrad.java:60: error: cannot find symbol
// found:   symbol:   variable grad_lr
// found:   location: class fuzz.G446xGrad
// found: /SOURCE_OUTPUT/fuzz/G446xGrad.java:117: error: cannot find symbol
// found:   symbol:   variable grad_lr
// found:   location: class fuzz.G446xGrad
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F446x {
}

class G446x {
  @Differentiable
  static double f(double x, double y, double z, double lr) {
    double t_1 = x;
    for (int i = 0; i < 2; i += 2) {
      lr++;
    }
    double acc = t_1 * (int) lr;
    return acc;
  }
}
