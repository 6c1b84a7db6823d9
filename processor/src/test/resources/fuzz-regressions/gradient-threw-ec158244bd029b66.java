// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GRADIENT_THREW
// seed: -1435097674507183258
// sizes: n=3 m=1
// expect: gradients
// found: GRADIENT_THREW h: h at -1.7138671875 | [-1.7900390625, -1.39453125, 0.998046875]: threw java.lang.ArrayIndexOutOfBoundsException: Index -1 out of bounds for length 3 at fuzz.F905x_InGrad.h(F905x_InGrad.java:43)
// fixed: TapePlan dropped j from the live set after j++, whose reverse j-- reads it, so the
// fixed: outer loop's j = 0 was not saved and the reverse inner loop ran j down to -1
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F905x {
  static class In {
    @Differentiable
    public static double h(double theta, double[] xs) {
      var out = new double[3];
      for (int i = 0; i < xs.length; i++) {
        int j = 0;
        for (; j < 3; j++) {
          out[java.lang.Math.min(i + 1, xs.length - 1)] = xs[j];
        }
      }
      return out[2];
    }
  }
}

