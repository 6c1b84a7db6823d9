// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: INTERNAL_ERROR
// seed: 1199621250906695870
// sizes: n=1 m=3
// expect: diagnostics
// found: mutant (expression new Cx(b / (1 + b * b), Activations.sigmoid(Math.atan2(Math.exp(-(b / (1 + Math.abs(b))) * (b / (1 + Math.abs(b)))), 0.5 + Activations.softplus(b) * Activations.softplus(b)))) -> b ? 1 : 0): INTERNAL_ERROR fuzz/F406x.java:6: error: flatgrad could not differentiate F406x.step because of an internal error: java.util.NoSuchElementException: No value present at java.base/java.util.Optional.orElseThrow(Optional.java:377). This is a bug in flatgrad, not in your code: please report it with the source of this method.
// fixed: RecordValues.conditional took the ?:'s record type for granted (Optional.orElseThrow); now a positioned error
import dev.flatgrad.Differentiable;
class F406x {
  record Cx(double re, double im) {
  }
  @Differentiable
  static double step(double b) {
    Cx dir = (b ? 1 : 0);
  }
}
