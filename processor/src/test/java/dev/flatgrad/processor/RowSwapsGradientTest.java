package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The row swap of pivoting code, {@code double[] t = m[a]; m[a] = m[b]; m[b] = t;}, in a local
 * matrix with rows of one length and in a ragged one (rows cloned from a parameter's), as LU
 * decompositions with partial pivoting write it. Values, gradients, tangents and Hessian-vector
 * products against central differences of the user's method, and the log-determinant's gradient
 * against its closed form (the inverse transposed).
 */
class RowSwapsGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.of(GeneratedCode.compile("p.Pivots", """
        package p;

        import dev.flatgrad.Differentiable;

        class Pivots {
          /** log |det A| by LU with partial pivoting on rows cloned from the input (ragged). */
          @Differentiable
          static double logAbsDet(double[][] matrix) {
            final int n = matrix.length;
            double[][] lu = new double[n][];
            for (int i = 0; i < n; i++) {
              lu[i] = matrix[i].clone();
            }
            double logDet = 0;
            for (int k = 0; k < n; k++) {
              int pivot = k;
              double best = Math.abs(lu[k][k]);
              for (int i = k + 1; i < n; i++) {
                if (Math.abs(lu[i][k]) > best) {
                  best = Math.abs(lu[i][k]);
                  pivot = i;
                }
              }
              if (pivot != k) {
                double[] tmp = lu[k];
                lu[k] = lu[pivot];
                lu[pivot] = tmp;
              }
              for (int i = k + 1; i < n; i++) {
                double factor = lu[i][k] / lu[k][k];
                for (int j = k; j < n; j++) {
                  lu[i][j] -= factor * lu[k][j];
                }
              }
              logDet += Math.log(Math.abs(lu[k][k]));
            }
            return logDet;
          }

          /** The same elimination on a square local matrix, whose rows have one length. */
          @Differentiable
          static double eliminated(double[][] a, double[] b) {
            int n = b.length;
            double[][] m = new double[n][n + 1];
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < n; j++) {
                m[i][j] = a[i][j];
              }
              m[i][n] = b[i];
            }
            for (int k = 0; k < n; k++) {
              int p = k;
              for (int i = k + 1; i < n; i++) {
                if (Math.abs(m[i][k]) > Math.abs(m[p][k])) {
                  p = i;
                }
              }
              double[] row = m[k];
              m[k] = m[p];
              m[p] = row;
              for (int i = k + 1; i < n; i++) {
                double f = m[i][k] / m[k][k];
                for (int j = k; j <= n; j++) {
                  m[i][j] -= f * m[k][j];
                }
              }
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
              s += m[i][n] * m[i][i] + m[0][i];
            }
            return s;
          }
        }
        """), "p.Pivots");
  }

  private static final double[][] A = {{0.5, 2.0, -1.0}, {3.0, 0.25, 1.5}, {-1.0, 1.0, 4.0}};

  @Test
  void luWithPartialPivotingOnClonedRows() {
    check.check("logAbsDet", (Object) A);
    SecondOrderTest.checkHessianVector(check.code(), "p.Pivots", "logAbsDet", (Object) A);
  }

  @Test
  void theLogDeterminantsGradientIsTheInverseTransposed() {
    double[][] gradient = (double[][]) check.gradient("logAbsDet", (Object) A).get("matrix");
    // d log|det A| / dA = A^{-T}: A^T times the gradient is the identity.
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double product = 0;
        for (int k = 0; k < 3; k++) {
          product += A[k][i] * gradient[k][j];
        }
        assertThat(product).isWithin(1e-12).of(i == j ? 1.0 : 0.0);
      }
    }
  }

  @Test
  void swapsInAMatrixWithRowsOfOneLength() {
    double[] b = {1.0, -2.0, 0.5};
    check.check("eliminated", A, b);
    SecondOrderTest.checkHessianVector(check.code(), "p.Pivots", "eliminated", A, b);
  }

  @Test
  void theSwapIsWrittenOnTheElements() {
    String source = check.code().generatedMethodSource("p.PivotsGrad", "Eliminated eliminated(");
    assertThat(source).contains("m[k][j_");
    assertThat(source).doesNotContain("double[] row");
  }
}
