package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stores whose index reads the array they write, {@code y[y[0]] = 1}: the reverse pass restores
 * the element written, not the one the index names after the store (a wrong gradient found by
 * the fuzzer, seed 20261220, program 13831). Values, gradients, tangents and Hessian-vector
 * products against central differences of the user's method.
 */
class SelfIndexedStoresGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.ofMembers("SelfIndexed", """
          @Differentiable
          static double once(double[] c) {
            var y = new int[c.length];
            double t = c[y[0]];
            y[y[0]] = 1;
            return t * c[y[0]];
          }

          @Differentiable
          static double inALoop(double[] c, int[] next) {
            int[] at = next.clone();
            double s = 0;
            for (int k = 0; k < c.length; k++) {
              s += c[at[k % at.length] % c.length] * c[k];
              at[at[k % at.length] % at.length] += 1;
              at[k % at.length] = at[at[k % at.length] % at.length] % c.length;
            }
            return s;
          }

          @Differentiable
          static double doubles(double[] c) {
            double[] w = {1, 1, 2};
            double s = c[(int) w[1]] * c[2];
            w[(int) w[1]] = c[1] * c[1];
            w[(int) w[0] % 3] *= 3;
            return s + w[0] * c[0] + w[1];
          }
        """);
  }

  @Test
  void theElementWrittenIsTheOneRestored() {
    double[] c = {2.0, 3.0, -1.5};
    check.check("once", c);
    SecondOrderTest.checkHessianVector(check.code(), "p.SelfIndexed", "once", c);
    // t = c[0], then y[0] = 1: the value is c[0] * c[1].
    assertThat((double[]) check.gradient("once", c).get("c")).isEqualTo(new double[] {3, 2, 0});
  }

  @Test
  void inLoopsAndOfDoubles() {
    double[] c = {0.7, -1.2, 1.9, 0.4};
    check.check("inALoop", c, new int[] {0, 1, 2, 3});
    SecondOrderTest.checkHessianVector(check.code(), "p.SelfIndexed", "inALoop", c,
        new int[] {0, 1, 2, 3});
    check.check("doubles", new double[] {0.5, -1.5, 2.5});
    SecondOrderTest.checkHessianVector(check.code(), "p.SelfIndexed", "doubles",
        new double[] {0.5, -1.5, 2.5});
  }
}
