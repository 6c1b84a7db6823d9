package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A counted loop that stores into every element of a local array saves the old elements once;
 * in-place updates after it (gmm's {@code q[b] += l * xc[a]}) then need no saves. These cases
 * check the gradient against finite differences where that applies and where it must not: a loop
 * that leaves an element out, and a loop whose own reverse reads the array; and the
 * Hessian-vector products, whose tangents travel on the same tape, against finite differences of
 * the gradient.
 */
class FullOverwriteTest {

  private static final String MEMBERS = """
        @Differentiable(wrt = {"x", "l"})
        static double triangular(double[] x, double[] l, int reps) {
          int d = x.length;
          double[] xc = new double[d];
          double[] q = new double[d];
          double s = 0;
          for (int r = 0; r < reps; r++) {
            for (int j = 0; j < d; j++) {
              xc[j] = x[j] - 0.1 * r * l[j];
            }
            for (int j = 0; j < d; j++) {
              q[j] = l[j] * xc[j];
            }
            for (int a = 0; a < d; a++) {
              for (int b = a + 1; b < d; b++) {
                q[b] += l[(a + b) % d] * xc[a];
              }
            }
            double sq = 0;
            for (int j = 0; j < d; j++) {
              sq += q[j] * q[j];
            }
            s += Math.log(1 + sq);
          }
          return s;
        }

        @Differentiable(wrt = {"x", "l"})
        static double lastLeftOut(double[] x, double[] l, int reps) {
          int d = x.length;
          double[] q = new double[d];
          double s = 0;
          for (int r = 0; r < reps; r++) {
            for (int j = 0; j < d - 1; j++) {
              q[j] = l[j] * x[j];
            }
            for (int a = 0; a < d; a++) {
              for (int b = a + 1; b < d; b++) {
                q[b] += l[(a + b) % d] * x[a];
              }
            }
            double sq = 0;
            for (int j = 0; j < d; j++) {
              sq += q[j] * q[j];
            }
            s += Math.log(1 + sq);
          }
          return s;
        }

        @Differentiable(wrt = {"x", "l"})
        static double reverseReadsIt(double[] x, double[] l, int reps) {
          int d = x.length;
          double[] q = new double[d];
          double s = 0;
          for (int r = 0; r < reps; r++) {
            for (int j = 0; j < d; j++) {
              q[j] = Math.tanh(l[j] * x[j] + r);
            }
            for (int a = 0; a < d; a++) {
              for (int b = a + 1; b < d; b++) {
                q[b] += l[(a + b) % d] * x[a];
              }
            }
            double sq = 0;
            for (int j = 0; j < d; j++) {
              sq += q[j] * q[j];
            }
            s += Math.log(1 + sq);
          }
          return s;
        }
      """;

  private static final ArrayGradientCheck CHECK = ArrayGradientCheck.ofMembers("Tri", MEMBERS);

  /**
   * The same methods with every loop reversed the general way: their {@code reps} loops are
   * independent but for {@code s}, so the processor would otherwise fuse them.
   */
  private static final ArrayGradientCheck GENERAL = ArrayGradientCheck.of(
      GeneratedCode.compileWith(FusedLoopsTest.generalProcessor(), "p.Tri", """
          package p;

          import dev.flatgrad.Differentiable;

          class Tri {
          %s
          }
          """.formatted(MEMBERS)), "p.Tri");

  private static final double[] X = {0.4, -0.7, 1.1, 0.3, -0.2};
  private static final double[] L = {0.9, 0.5, -0.6, 1.3, 0.8};

  @Test
  void updatesAfterAFullOverwriteAreNotSaved() {
    CHECK.check("triangular", X, L, 3);
    SecondOrderTest.checkHessianVector(CHECK.code(), "p.Tri", "triangular", X, L, 3);
    // Fused, each repetition's reverse runs right after it: nothing needs saving at all.
    assertThat(method("Triangular triangular(")).doesNotContain("saved[top++]");
    GENERAL.check("triangular", X, L, 3);
    String method = GENERAL.code().generatedMethodSource("p.TriGrad", "Triangular triangular(");
    assertThat(method).contains("q[b] = q[b] + t");
    assertThat(method).doesNotContain("saved[top++] = q[b];");
    assertThat(method).contains("saved[top++] = q[j_2];"); // the full overwrite itself saves
  }

  @Test
  void anElementLeftOutKeepsItsSaves() {
    CHECK.check("lastLeftOut", X, L, 3);
    SecondOrderTest.checkHessianVector(CHECK.code(), "p.Tri", "lastLeftOut", X, L, 3);
    assertThat(method("LastLeftOut lastLeftOut(")).contains("saved[top++] = q[b];");
  }

  @Test
  void aLoopWhoseReverseReadsTheArrayKeepsItsSaves() {
    CHECK.check("reverseReadsIt", X, L, 3);
    SecondOrderTest.checkHessianVector(CHECK.code(), "p.Tri", "reverseReadsIt", X, L, 3);
    assertThat(method("ReverseReadsIt reverseReadsIt(")).contains("saved[top++] = q[b];");
  }

  private static String method(String start) {
    return CHECK.code().generatedMethodSource("p.TriGrad", start);
  }
}
