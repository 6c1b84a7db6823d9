// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: INTERNAL_ERROR
// seed: -8321400759980809811
// sizes: n=3 m=3
// expect: diagnostics
// found: mutant (expression 1.25 + Activations.sigmoid(b) * (1_0.0 / (1 + 1_0.0 * 1_0.0)) -> this.x): UNPOSITIONED fuzz/F1425x.java:-1: error: local variable tmp has type (ERROR); supported local types are the primitive types (double, float, long, int, short, byte, char, boolean), String, enums, arrays of double, float, int, boolean, long, short, byte, char and String, and var
// fixed: var of an expression javac could not type gave an error without a place (the type
// fixed: javac inferred has none); errors on such trees go on the nearest tree with a place
import dev.flatgrad.Differentiable;
class F1425x {
  @Differentiable
  static double step(double b, Mode mode) {
    q = F1425x.golden(new Objective() { public double value(double t) { double r2 = 1.0; return r2; } }, b, b, 3);
    final var tmp = q;
  }
}