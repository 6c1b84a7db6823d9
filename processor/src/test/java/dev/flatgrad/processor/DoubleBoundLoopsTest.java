package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: counted loops whose bound is a {@code double}. Java compares the {@code int} counter
 * as a double, so {@code i < 2.5} runs i = 0, 1, 2; the reverse pass must run exactly the
 * iterations the forward pass ran (it used to start at {@code n - 1}, which javac rejects). The
 * bounds come from data ({@code int} parameters halved): the function steps where they cross an
 * integer, so finite differences in them mean nothing.
 */
class DoubleBoundLoopsTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("DoubleBounds", """
  @Differentiable
  static double below(double x, int m) {
    double n = m * 0.5;
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += Math.sin(x * (i + 1));
    }
    return s;
  }

  @Differentiable(wrt = "x")
  static double belowParameter(double x, double n) {
    double s = 0;
    for (int i = -1; i < n; i++) {
      s += Math.sin(x * (i + 2));
    }
    return s;
  }

  @Differentiable
  static double upTo(double x, int m) {
    double s = x;
    for (int i = 1; i <= m * 0.5; i++) {
      s = s * x + i;
    }
    return s;
  }

  @Differentiable
  static double down(double x, double[] w, int m) {
    double low = m / 2.0;
    double s = 0;
    for (int i = w.length - 1; i > low; i--) {
      s += w[i] * Math.exp(x * i);
    }
    for (int j = 3; j >= low; j--) {
      s = s * x + w[j];
    }
    return s;
  }

  @Differentiable
  static double nested(double x, int m) {
    double s = 0;
    for (int i = -2; i < m * 0.5; i++) {
      for (int j = 0; j < i + 0.5; j++) {
        if (j % 2 == 0) {
          s += x * x * j;
        } else {
          s -= Math.cos(x + i);
        }
      }
    }
    return s;
  }
""");
  }

  @Test
  void aFractionalBoundRunsTheSameIterationsBackwards() {
    for (int m : new int[] {5, 6, 0, -3, 1}) {
      f.check("below", 0.7, m);
      SecondOrderTest.checkHessianVector(f.code(), "p.DoubleBounds", "below", 0.7, m);
    }
    // m = 5: i < 2.5 runs i = 0, 1, 2, so d/dx = cos(0.7) + 2 cos(1.4) + 3 cos(2.1).
    assertThat((double) f.gradient("below", 0.7, 5).get("x"))
        .isWithin(1e-12).of(Math.cos(0.7) + 2 * Math.cos(1.4) + 3 * Math.cos(2.1));
  }

  @Test
  void aDoubleParameterAsBoundIncludingNaN() {
    for (double n : new double[] {2.5, 3.0, -1.0, -3.5, Double.NaN}) {
      f.check("belowParameter", 0.7, n);
    }
  }

  @Test
  void anInclusiveBound() {
    for (int m : new int[] {10, 13, 2, 1}) {
      f.check("upTo", 1.1, m);
      SecondOrderTest.checkHessianVector(f.code(), "p.DoubleBounds", "upTo", 1.1, m);
    }
  }

  @Test
  void countingDownToADoubleBound() {
    double[] w = {0.5, -1.2, 0.8, 0.3, -0.7};
    for (int m : new int[] {1, 2, -1, 5}) {
      f.check("down", 0.4, w, m);
      SecondOrderTest.checkHessianVector(f.code(), "p.DoubleBounds", "down", 0.4, w, m);
    }
  }

  @Test
  void nestedLoopsWithDoubleBoundsInBranches() {
    for (int m : new int[] {7, 8}) {
      f.check("nested", 0.3, m);
      SecondOrderTest.checkHessianVector(f.code(), "p.DoubleBounds", "nested", 0.3, m);
    }
  }
}
