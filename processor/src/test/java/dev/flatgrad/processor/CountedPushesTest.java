package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import dev.flatgrad.Tape;
import org.junit.jupiter.api.Test;

/**
 * A counted loop makes room on the tape for all its pushes before it starts, and then pushes
 * without checking. Each case starts from a one-entry tape, so a count too small shows as an
 * index out of bounds; {@link ArrayGradientCheck} checks the gradient against finite differences.
 */
class CountedPushesTest {

  private static final ArrayGradientCheck LOOPS = ArrayGradientCheck.ofMembers("Loops", """
        @Differentiable
        static double branches(double[] x) {
          double h = 0.3;
          for (int i = 0; i < x.length; i++) {
            if (h > 0.2) {
              h = Math.sin(h) + x[i];
            } else {
              h = Math.cos(h) * x[i];
            }
          }
          return h;
        }

        @Differentiable
        static double downwards(double[] x) {
          double h = 0.3;
          for (int i = x.length - 1; i >= 0; i--) {
            h = Math.sin(h * x[i]);
          }
          return h;
        }

        @Differentiable
        static double inclusive(double[] x, int n) {
          double h = 0.3;
          for (int i = 1; i <= n; i++) {
            h = Math.tanh(h + x[i - 1] * i);
          }
          return h;
        }

        @Differentiable
        static double shrinkingBound(double[] x) {
          double h = 0.3;
          int m = x.length;
          for (int i = 0; i < m; i++) {
            h = Math.sin(h + x[i]);
            if (h > 0.9) {
              m = m - 1;
            }
          }
          return h;
        }

        @Differentiable
        static double nested(double[][] a) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            double h = 1;
            for (int j = 0; j < a[i].length; j++) {
              h = Math.sin(h * a[i][j]);
            }
            s = s * 0.5 + h;
          }
          return s;
        }
      """);

  @Test
  void branchesInsideTheLoopPushTheirDecisions() {
    check("branches", (Object) new double[] {0.5, -0.3, 0.8, -1.2, 0.1, 0.7, -0.4, 0.9, 0.2});
  }

  @Test
  void loopCountingDown() {
    check("downwards", (Object) new double[] {0.5, -0.3, 0.8, -1.2, 0.1, 0.7, -0.4});
  }

  @Test
  void inclusiveBound() {
    check("inclusive", new double[] {0.5, -0.3, 0.8, -1.2, 0.1, 0.7, -0.4}, 7);
    check("inclusive", new double[] {0.5, -0.3}, 0);
  }

  @Test
  void boundChangedByTheBodyChecksEachPush() {
    check("shrinkingBound", (Object) new double[] {0.5, 0.9, 0.8, 1.2, 0.1, 0.7, 0.4, 0.2});
    assertThat(method("ShrinkingBound shrinkingBound(")).contains("for (i = 0; i < m; i++) {\n"
        + "      trips++;\n"
        + "      if (top == saved.length) saved = Tape.grow(saved, top + 1);\n");
  }

  @Test
  void innerLoopMakesRoomOncePerOuterIteration() {
    check("nested", (Object) new double[][] {{0.5, -0.3, 0.8}, {-1.2, 0.1}, {0.7, -0.4, 0.9, 1.1}});
    // Two pushes per iteration: t0 = h * a[i][j] and h.
    assertThat(method("Nested nested(")).contains("if (top + 2 * a[i].length > saved.length)"
        + " saved = Tape.grow(saved, top + 2 * a[i].length);\n"
        + "      for (int j = 0; j < a[i].length; j++) {\n"
        + "        saved[top++] = t0;\n");
  }

  @Test
  void makesRoomForTheBranchThatPushesMore() {
    // The else branch saves two doubles, the then branch one; either saves its decision.
    assertThat(method("Branches branches(")).contains("if (top + 2 * x.length > saved.length)"
        + " saved = Tape.grow(saved, top + 2 * x.length);\n"
        + "    if (intTop + x.length > savedInts.length)"
        + " savedInts = Tape.grow(savedInts, intTop + x.length);\n"
        + "    for (int i = 0; i < x.length; i++) {");
  }

  private static void check(String method, Object... arguments) {
    Tape tape = Tape.forThread();
    tape.setDoubles(new double[1], 0);
    tape.setInts(new int[1], 0);
    LOOPS.check(method, arguments);
    // The Hessian-vector product pushes a tangent with every value: twice the room.
    tape.setDoubles(new double[1], 0);
    tape.setInts(new int[1], 0);
    SecondOrderTest.checkHessianVector(LOOPS.code(), "p.Loops", method, arguments);
  }

  private static String method(String start) {
    return LOOPS.code().generatedMethodSource("p.LoopsGrad", start);
  }
}
