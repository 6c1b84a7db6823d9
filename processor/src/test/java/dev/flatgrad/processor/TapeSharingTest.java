package dev.flatgrad.processor;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated methods keep their tape indices in locals and publish them only before calls: these
 * cases check that a callee never overwrites what its caller saved, that a callee growing the
 * tape's arrays does not lose the caller's values, and that the tape is left as it was found.
 * A caller and its callee share one array unless the callee grows it, so the cases that test
 * overwriting grow the thread's tape first.
 * {@link ArrayGradientCheck} checks each gradient against finite differences and the tape's
 * counts before and after.
 */
class TapeSharingTest {

  /** Long enough that every callee grows the thread's arrays past their initial size. */
  private static final double[] LONG = random(5_000, 1);

  @Test
  void calleeThatGrowsTheTapeWhileTheCallerHoldsSavedValues() {
    ArrayGradientCheck check = ArrayGradientCheck.ofMembers("Nested", """
          @Differentiable
          static double chain(double[] x) {
            double h = 0;
            for (int i = 0; i < x.length; i++) {
              h = Math.sin(h + x[i]);
            }
            return h;
          }

          @Differentiable
          static double outer(double[] x, double a) {
            double s = a;
            for (int k = 0; k < 4; k++) {
              double before = s;
              s = Math.cos(s) + chain(x) * s;
              s = s * before;
            }
            return s;
          }
        """);
    check.check("outer", LONG, 0.3);
    check.check("outer", random(7, 2), -0.8);
  }

  @Test
  void recursionWhereEveryLevelSavesValues() {
    ArrayGradientCheck check = ArrayGradientCheck.ofMembers("Levels", """
          @Differentiable
          static double levels(double[] x, int depth) {
            double h = 0.5;
            for (int i = 0; i < x.length; i++) {
              h = Math.tanh(h * x[i] + 0.1 * depth);
            }
            if (depth == 0) {
              return h;
            }
            double below = levels(x, depth - 1);
            h = h * below;
            for (int i = 0; i < x.length; i++) {
              h = Math.sin(h + x[i]);
            }
            return h;
          }
        """);
    check.gradient("levels", LONG, 1); // grows the tape first, so every level shares one array
    check.check("levels", random(8, 3), 5);
  }

  @Test
  void userCodeInALoopConditionThatRunsGeneratedCode() {
    // probe's own body is user code: it runs a generated gradient while the loop's saved values
    // are in use, and so does its pullback during the reverse pass.
    ArrayGradientCheck check = ArrayGradientCheck.ofMembers("Probe", """
          @Differentiable
          static double chain(double[] x) {
            double h = 0;
            for (int i = 0; i < x.length; i++) {
              h = Math.sin(h + x[i]);
            }
            return h;
          }

          @Differentiable(pullback = "probePullback")
          static double probe(double[] x) {
            return ProbeGrad.chain(x).value();
          }

          static double probePullback(double[] x, double upstream, double[] gradX) {
            return ProbeGrad.chainPullback(x, upstream, gradX);
          }

          @Differentiable
          static double probed(double[] x, double a) {
            double s = a;
            int k = 0;
            while (k < 3 && probe(x) > -10) {
              s = Math.sin(s * x[k]) + probe(x);
              k++;
            }
            return s;
          }
        """);
    check.gradient("chain", LONG); // grows the tape first, so caller and callee share one array
    check.check("probed", LONG, 0.7);
  }

  private static double[] random(int length, long seed) {
    Random random = new Random(seed);
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = random.nextDouble() * 2 - 1;
    }
    return values;
  }
}
