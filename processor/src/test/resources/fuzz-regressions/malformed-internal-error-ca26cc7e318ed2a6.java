// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: INTERNAL_ERROR
// seed: -3880189186563714394
// sizes: n=2 m=2
// expect: diagnostics
// found: mutant (statement continue;; statement double[] init9 = {1.0, 2.0};): INTERNAL_ERROR fuzz/F4747x.java:4: error: flatgrad could not differentiate F4747x.h because of an internal error: java.lang.NullPointerException at java.base/java.util.Objects.requireNonNull(Objects.java:209). This is a bug in flatgrad, not in your code: please report it with the source of this method.
import dev.flatgrad.Differentiable;
class F4747x {
  @Differentiable
  static double h(double b, int depth) {
    if (true) {
      double[] ys = new double[2];
      continue;
      if (true) {
      }
    }
  }
}