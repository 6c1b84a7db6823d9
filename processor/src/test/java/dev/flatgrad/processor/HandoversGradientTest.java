package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An array allocated in a loop or branch and handed over to a variable declared outside, {@code
 * alpha = next;}, with {@code next} referred to by nothing else and not used after: the step of
 * dynamic programming, of power iterations and of explicit time stepping. Values, gradients,
 * tangents and Hessian-vector products against central differences of the user's method; where
 * {@code next} is used after the handover, or another variable refers to it, Java's sharing
 * matters and the code is an error, not a silent copy.
 */
class HandoversGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.ofMembers("Handovers", """
        /** Explicit heat-equation steps on a ring, each into a fresh array. */
        @Differentiable
        static double heat(double[] u0, double k, int steps) {
          double[] u = u0.clone();
          for (int s = 0; s < steps; s++) {
            final double[] next = new double[u.length];
            for (int i = 0; i < u.length; i++) {
              int left = (i + u.length - 1) % u.length;
              int right = (i + 1) % u.length;
              next[i] = u[i] + k * (u[left] - 2 * u[i] + u[right]);
            }
            java.util.Arrays.sort(next, 0, 1);
            u = next;
            if (s == steps - 1) {
              break;
            }
          }
          double energy = 0;
          for (double v : u) {
            energy += v * v;
          }
          return energy;
        }

        /** A handover in one branch only, of an array sized by the iteration. */
        @Differentiable
        static double grows(double[] x, double t) {
          double[] acc = {t};
          for (int s = 1; s <= 3; s++) {
            if (x[s % x.length] * t > -10) {
              double[] longer = java.util.Arrays.copyOf(acc, acc.length + 1);
              longer[acc.length] = Math.sin(x[s % x.length] * t) + longer[acc.length - 1];
              acc = longer;
            }
          }
          double s = 0;
          for (int i = 0; i < acc.length; i++) {
            s += acc[i] * acc[i] * (i + 1);
          }
          return s;
        }
        """);
  }

  @Test
  void explicitStepsIntoAFreshArrayEachTime() {
    double[] u0 = {1.0, 0.5, -0.25, 2.0, 0.75};
    for (int steps : new int[] {1, 4}) {
      check.check("heat", u0, 0.2, steps);
      SecondOrderTest.checkHessianVector(check.code(), "p.Handovers", "heat", u0, 0.2, steps);
    }
  }

  @Test
  void aHandoverInABranchOfAnArrayThatGrows() {
    double[] x = {0.3, -0.8, 1.1};
    check.check("grows", x, 0.7);
    SecondOrderTest.checkHessianVector(check.code(), "p.Handovers", "grows", x, 0.7);
  }

  @Test
  void theHandoverIsACopyIntoTheReallocatedArray() {
    String source = check.code().generatedMethodSource("p.HandoversGrad", "Heat heat(");
    assertThat(source).contains("u = new double[");
    assertThat(source).doesNotContain("buffers");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shared")
  void whereJavaWouldShareTheArrayItIsAnError(String what, String members, String message) {
    MarkedSource.assertOnlyError(what, members, message);
  }

  static Stream<Arguments> shared() {
    return Stream.of(
        Arguments.of("the array is written after the handover", """
            @Differentiable
            static double f(double[] x) {
              double[] a = x.clone();
              for (int k = 0; k < 3; k++) {
                double[] next = new double[a.length]; //!
                for (int i = 0; i < a.length; i++) {
                  next[i] = a[i] * a[(i + 1) % a.length];
                }
                a = next;
                next[0] = 1.0;
              }
              return a[0] + a[1];
            }
            """, "the array next is reassigned, or assigned to another array variable"),
        Arguments.of("another variable refers to the array", """
            @Differentiable
            static double f(double[] x) {
              double[] a = x.clone();
              for (int k = 0; k < 3; k++) {
                double[] next = new double[a.length]; //!
                double[] c = next;
                for (int i = 0; i < a.length; i++) {
                  next[i] = a[i] * a[(i + 1) % a.length];
                }
                a = next;
                c[0] = 1.0;
              }
              return a[0] + a[1];
            }
            """, "the array next is reassigned, or assigned to another array variable"));
  }
}
