// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: -198046798776629337
// sizes: n=3 m=1
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/G211xGrad.java:21: error: double cannot be dereferenced
// found: /SOURCE_OUTPUT/fuzz/G211xGrad.java:29: error: double cannot be dereferenced
// found: /SOURCE_OUTPUT/fuzz/G211xGrad.java:58: error: double cannot be dereferenced
// found: /SOURCE_OUTPUT/fuzz/G211xGrad.java:66: error: double cannot be dereferenced
// found: /SOURCE_OUTPUT/fuzz/G211xGrad.java:122: error: double cannot be dereferenced
// found: /SOURCE_OUTPUT/fuzz/G211xGrad.java:133: error: double cannot be dereferenced
// found: /SOURCE_OUTPUT/fuzz/G211xGrad.java:135: error: double cannot be dereferenced
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;
import static java.lang.Math.*;

class F211x {
}

class G211x {
  @Differentiable
  static double f(int level, boolean[] keep, double dev) {
    if (true) {
      double pulled = dev;
      var Tape = pulled;
    } else if (true) {
      dev *= dev;
    }
    return dev;
  }
}
