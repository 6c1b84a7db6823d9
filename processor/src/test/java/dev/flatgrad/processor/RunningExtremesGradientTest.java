package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A running maximum or minimum ({@code a = Math.max(a, x[i])} in a counted loop) is reversed by
 * its winning step alone: the forward pass remembers which step last took a new operand instead of
 * saving the running value at every step. Gradients, tangents and Hessian-vector products against
 * central differences; ties against the documented rule (the first operand keeps the gradient);
 * the same gradient where the loop cannot take this path (nested in another loop, or a running
 * value read backwards before the loop).
 */
class RunningExtremesGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.of(GeneratedCode.compile("p.Extremes", """
        package p;

        import dev.flatgrad.Differentiable;

        class Extremes {
          @Differentiable
          static double lse(double[] x) {
            double a = x[0];
            for (int i = 1; i < x.length; i++) {
              a = Math.max(a, x[i]);
            }
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              s += Math.exp(x[i] - a);
            }
            return Math.log(s) + a;
          }

          @Differentiable
          static double range(double[] x, double w) {
            double hi = x[0] * w;
            double lo = x[0] * w;
            for (int i = 1; i < x.length; i++) {
              hi = Math.max(hi, x[i]);
            }
            for (int i = 1; i < x.length; i++) {
              lo = Math.min(lo, x[i]);
            }
            return hi * hi - lo;
          }

          /** A softmax per example of a batch loss (fused), and a max nested in a plain loop. */
          @Differentiable
          static double batch(double[][] logits, double t) {
            double total = 0;
            for (int n = 0; n < logits.length; n++) {
              double m = logits[n][0] * t;
              for (int c = 1; c < logits[n].length; c++) {
                m = Math.max(m, logits[n][c] * t);
              }
              total += m * m;
            }
            double carried = 0;
            for (int n = 0; n < logits.length; n++) {
              double m = carried;
              for (int c = 0; c < logits[n].length; c++) {
                m = Math.max(m, logits[n][c]);
              }
              carried = 0.5 * m + carried * t;
            }
            return total + carried;
          }

          /** The running value is read backwards before the loop: no winner path. */
          @Differentiable
          static double readBefore(double[] x) {
            double a = x[0];
            double square = a * a;
            for (int i = 1; i < x.length; i++) {
              a = Math.max(a, x[i]);
            }
            return square + 3 * a;
          }
        }
        """), "p.Extremes");
  }

  @Test
  void logSumExpAndARangeWithMaxAndMin() {
    double[] x = {0.3, -1.2, 2.5, 0.7, 1.9};
    check.check("lse", x);
    check.check("range", x, 1.3);
    check.check("range", x, -2.0);
    SecondOrderTest.checkHessianVector(check.code(), "p.Extremes", "lse", x);
    SecondOrderTest.checkHessianVector(check.code(), "p.Extremes", "range", x, 1.3);
  }

  @Test
  void batchesAndLoopsInsideLoops() {
    double[][] logits = {{0.3, -1.2, 2.5}, {0.7, 1.9, -0.4}, {-0.8, -0.1, -0.6}};
    check.check("batch", logits, 0.9);
    SecondOrderTest.checkHessianVector(check.code(), "p.Extremes", "batch", logits, 0.9);
    check.check("readBefore", new double[] {0.4, -1.0, 2.2, 1.5});
    check.check("readBefore", new double[] {3.0, -1.0, 2.2});
  }

  @Test
  void aTieGivesTheGradientToTheFirstOperandThatReachedIt() {
    double[] x = {1.0, 3.0, 3.0, 2.0};
    double[] gradient = (double[]) check.gradient("range", x, 1.0).get("x");
    // hi = max(x): 3 first reached at index 1; lo = min(x) = 1 at index 0, from w x[0].
    assertThat(gradient).usingExactEquality().containsExactly(-1.0, 6.0, 0.0, 0.0).inOrder();
    // The whole vector tied: the gradient stays with the first element.
    double[] flat = (double[]) check.gradient("range", new double[] {2.0, 2.0, 2.0}, 1.0)
        .get("x");
    assertThat(flat).usingExactEquality().containsExactly(4.0 - 1.0, 0.0, 0.0).inOrder();
  }

  @Test
  void theForwardPassRemembersTheWinnerInsteadOfSavingTheRunningValue() {
    String lse = check.code().generatedMethodSource("p.ExtremesGrad", "Lse lse(");
    assertThat(lse).contains("int aWinner = -1;");
    assertThat(lse).contains("if (!(a >= x[i])) {");
    assertThat(lse).doesNotContain("saved[top++] = a;");
    assertThat(lse).contains("grad_x[i] += grad_a;");
    String readBefore = check.code().generatedMethodSource("p.ExtremesGrad",
        "ReadBefore readBefore(");
    assertThat(readBefore).doesNotContain("Winner");
  }
}
