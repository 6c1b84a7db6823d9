package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local arrays reassigned among each other, the ping-pong buffers of ODE and dynamic programming
 * code. Each method is checked against central finite differences of the user's own method
 * (value, gradient, tangent, Hessian-vector product, untouched arguments, an empty tape).
 */
class SwappedArraysGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Swapped", """
  /** Explicit Euler steps of a diffusion with decay, two buffers swapped each step. */
  @Differentiable
  static double diffusion(double[] u0, double k, int steps) {
    int n = u0.length;
    double[] prev = new double[n];
    double[] next = new double[n];
    for (int i = 0; i < n; i++) {
      prev[i] = u0[i];
    }
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < n; i++) {
        double left = i > 0 ? prev[i - 1] : 0;
        double right = i < n - 1 ? prev[i + 1] : 0;
        next[i] = prev[i] + k * (left - 2 * prev[i] + right) - 0.1 * prev[i] * prev[i];
      }
      double[] t = prev;
      prev = next;
      next = t;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += prev[i] * (i + 1);
    }
    return sum;
  }

  /** A soft edit-distance-like DP over two rows, with a row swap per step. */
  @Differentiable
  static double softDp(double[] a, double[] b) {
    double[] row = new double[b.length + 1];
    double[] last = new double[b.length + 1];
    for (int j = 0; j <= b.length; j++) {
      last[j] = j;
    }
    for (int i = 1; i <= a.length; i++) {
      row[0] = i;
      for (int j = 1; j <= b.length; j++) {
        double d = a[i - 1] - b[j - 1];
        double diag = last[j - 1] + d * d;
        double up = last[j] + 1;
        double left = row[j - 1] + 1;
        double m = Math.min(diag, Math.min(up, left));
        row[j] = m - Math.log(Math.exp(m - diag) + Math.exp(m - up) + Math.exp(m - left));
      }
      double[] swap = last;
      last = row;
      row = swap;
    }
    return last[b.length];
  }

  /** Three buffers rotated, reassigned in a branch too. */
  @Differentiable
  static double rotation(double x, double y) {
    double[] a = new double[2];
    double[] b = new double[2];
    double[] c = new double[2];
    a[0] = x;
    a[1] = y;
    for (int k = 0; k < 5; k++) {
      c[0] = Math.sin(a[0]) + b[1];
      c[1] = a[0] * a[1] + 0.5;
      var t = b;
      b = a;
      a = c;
      c = t;
      if (a[0] > 0.5) {
        t = a;
        a = b;
        b = t;
      }
    }
    return a[0] * b[1] + c[0];
  }

  /**
   * Names reused in disjoint blocks: a swapped array t in the loop, a scalar t after it, and an
   * array named like the scalar that is reassigned elsewhere.
   */
  @Differentiable
  static double reusedNames(double[] x, double k) {
    double[] prev = new double[x.length];
    double[] next = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      prev[i] = x[i];
    }
    for (int s = 0; s < 3; s++) {
      for (int i = 0; i < x.length; i++) {
        next[i] = prev[i] * k + Math.sin(prev[i]);
      }
      double[] t = prev;
      prev = next;
      next = t;
    }
    double t;
    t = prev[0] * prev[0];
    for (int j = 0; j < 2; j++) {
      double[] scratch = new double[x.length];
      scratch[0] = t * k;
      t = t + scratch[0];
    }
    double scratch = t;
    scratch = scratch * 2;
    return scratch + prev[x.length - 1];
  }
""");
  }

  @Test
  void eulerStepsWithPingPongBuffers() {
    double[] u0 = {0.2, 0.5, -0.3, 0.8, 0.1};
    f.check("diffusion", u0, 0.2, 6);
    SecondOrderTest.checkHessianVector(f.code(), "p.Swapped", "diffusion", u0, 0.2, 6);
    assertThat(f.code().generatedMethodSource("p.SwappedGrad", "Diffusion diffusion("))
        .contains("prev = next;");
  }

  @Test
  void dynamicProgrammingRowsSwapped() {
    double[] a = {0.3, -0.4, 0.9};
    double[] b = {0.1, 0.5, -0.2, 0.7};
    f.check("softDp", a, b);
    SecondOrderTest.checkHessianVector(f.code(), "p.Swapped", "softDp", a, b);
  }

  @Test
  void namesReusedInDisjointBlocksAreDifferentVariables() {
    double[] x = {0.4, -0.7, 1.1};
    f.check("reusedNames", x, 0.8);
    SecondOrderTest.checkHessianVector(f.code(), "p.Swapped", "reusedNames", x, 0.8);
  }

  @Test
  void threeBuffersRotatedAndSwappedInABranch() {
    f.check("rotation", 0.3, 0.7);
    SecondOrderTest.checkHessianVector(f.code(), "p.Swapped", "rotation", 0.3, 0.7);
    f.check("rotation", 0.9, -0.4);
  }
}
