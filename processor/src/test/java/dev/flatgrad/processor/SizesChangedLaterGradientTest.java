package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arrays allocated with a size read from a variable that the method changes afterwards ({@code
 * double[] h = new double[n];} then {@code n--}): copies, fills and sorts of the array must use
 * its own length, as Java's do, not the changed variable (the generated code used {@code n} and
 * copied too few elements, or ran past the end). Values, gradients, tangents and Hessian-vector
 * products against central differences of the user's method.
 */
class SizesChangedLaterGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.ofMembers("Sizes", """
        @Differentiable
        static double shrinking(double[] x, int n) {
          double[] h = new double[n];
          for (int i = 0; i < h.length; i++) {
            h[i] = x[i] * x[i];
          }
          if (x[0] > 0) {
            n = n - 1;
          }
          double[] copy = h.clone();
          java.util.Arrays.sort(h);
          java.util.Arrays.fill(copy, 0, 1, 0.5);
          double s = n;
          for (int i = 0; i < copy.length; i++) {
            s += copy[i] * h[i];
          }
          return s;
        }

        @Differentiable
        static double columnsChanged(double[] x) {
          int m = x.length;
          double[][] a = new double[2][m];
          for (int j = 0; j < m; j++) {
            a[0][j] = Math.sin(x[j]);
          }
          m = 1;
          a[1] = a[0].clone();
          double s = m;
          for (int j = 0; j < x.length; j++) {
            s += a[1][j] * x[j];
          }
          return s;
        }
        """);
  }

  @Test
  void aVectorsSizeVariableChangesAfterItsAllocation() {
    double[] x = {0.5, -1.5, 2.0, 0.25};
    check.check("shrinking", x, 4);
    SecondOrderTest.checkHessianVector(check.code(), "p.Sizes", "shrinking", x, 4);
    check.check("shrinking", new double[] {-0.5, 1.5, 2.0, 0.25}, 3);
  }

  @Test
  void aMatrixsRowLengthVariableChangesAfterItsAllocation() {
    double[] x = {0.5, -1.5, 2.0};
    check.check("columnsChanged", x);
    SecondOrderTest.checkHessianVector(check.code(), "p.Sizes", "columnsChanged", x);
  }

  @Test
  void theCopiesReadTheArraysOwnLength() {
    String source = check.code().generatedMethodSource("p.SizesGrad", "Shrinking shrinking(");
    assertThat(source).contains("new double[h.length]");
  }
}
