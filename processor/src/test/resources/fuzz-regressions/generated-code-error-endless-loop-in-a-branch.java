// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: -8851946346602845335
// sizes: n=3 m=3
// expect: diagnostics
// found: mutant (expression k < 3 && res >= 1.0 -> true ^ false): GENERATED_CODE_ERROR /SOURCE_OUTPUT/F3127xGrad.java:72: error: unreachable statement
// fixed: a loop whose condition is constant true (true ^ false) never ends, and javac rejects what follows it;
// fixed: the forward pass saved its trip count there (Stmt.neverCompletes, ir/ConstantConditions)
// found: /SOURCE_OUTPUT/F3127xGrad.java:154: error: unreachable statement
// found: /SOURCE_OUTPUT/F3127xGrad.java:332: error: unreachable statement
// found: /SOURCE_OUTPUT/F3127xGrad.java:450: error: unreachable statement
import dev.flatgrad.Differentiable;
class F3127x {
  static final double K1 = 3.0;
  @Differentiable
  static double g(double lr, int steps, int[] idx) {
    final var continued = Math.IEEEremainder((steps * 1_0.0) / (1 + (steps * 1_0.0) * (steps * 1_0.0)), 1.25 + Math.tanh(lr / (1.5 + Math.cos((F3127x.K1 * lr))) / (1 + Math.abs(Math.log10(K1 * K1 + 0.25)))) * ((StrictMath.signum(lr + lr) * Math.atan2(lr, lr + 0.125)) / (1 + (StrictMath.signum(lr + lr) * Math.atan2(lr, lr + 0.125)) * (StrictMath.signum(lr + lr) * Math.atan2(lr, lr + 0.125)))));
    final var res = lr;
    if (res < -1.5 && !(continued < -continued)) {
      while ((true ^ false)) {
        {
          lr = Math.pow(Math.atan(1 + Math.abs(((double) Math.abs(0)))), 1.5);
        }
      }
    }
    return res + lr * 0.25;
  }
}
