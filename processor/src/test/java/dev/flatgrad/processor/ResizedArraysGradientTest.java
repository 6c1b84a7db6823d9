package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local arrays declared in a loop or branch whose size changes from one run of the declaration
 * to the next, and ragged local matrices ({@code new double[n][]} with rows of different
 * lengths): Java allocates a fresh array each time, and so does the generated code. The reverse
 * pass gets each iteration's array back (its length, and its elements where the reverse reads
 * them). Values, gradients, tangents and Hessian-vector products against central differences of
 * the user's method, and Romberg's derivative against the closed form.
 */
class ResizedArraysGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.of(GeneratedCode.compile("p.Resized", """
        package p;

        import dev.flatgrad.Differentiable;

        class Resized {
          /** Triangular rows: row i holds i + 1 products, read back by the reverse pass. */
          @Differentiable
          static double triangle(double[] x) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              double[] row = new double[i + 1];
              for (int j = 0; j <= i; j++) {
                row[j] = x[j] * x[i - j];
              }
              double t = 0;
              for (int j = 0; j < row.length; j++) {
                t += Math.sin(row[j]) * row[j];
              }
              s += t * t;
            }
            return s;
          }

          /** A size that a local changes after the declaration (known only at run time). */
          @Differentiable
          static double growing(double[] x, double c) {
            int m = 1;
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              double[] window = new double[m];
              for (int j = 0; j < window.length; j++) {
                window[j] = c * x[(i + j) % x.length];
              }
              for (double v : window) {
                s += v * v * x[i];
              }
              m = m + 2;
            }
            return s;
          }

          /** Sized by a changing row of a matrix, in a branch, overwritten inside one run. */
          @Differentiable
          static double ragged(double[][] rows, double w) {
            double total = 0;
            for (int r = 0; r < rows.length; r++) {
              if (rows[r].length > 1) {
                double[] scaled = new double[rows[r].length];
                for (int j = 0; j < scaled.length; j++) {
                  scaled[j] = w * rows[r][j];
                }
                for (int j = 1; j < scaled.length; j++) {
                  scaled[j] = scaled[j] * scaled[j - 1] + Math.exp(scaled[j]);
                }
                total += scaled[scaled.length - 1];
              }
            }
            return total;
          }

          /** Passed to a helper that reads its length: the helper sees the fresh array. */
          @Differentiable
          static double throughHelper(double[] x) {
            double s = 0;
            for (int n = 1; n <= x.length; n++) {
              double[] head = new double[n];
              for (int j = 0; j < n; j++) {
                head[j] = x[j] * (j + 1);
              }
              s += norm(head) * x[n - 1];
            }
            return s;
          }

          static double norm(double[] v) {
            double s = 0;
            for (int i = 0; i < v.length; i++) {
              s += v[i] * v[i];
            }
            return Math.sqrt(s);
          }

          /** Romberg's triangular tableau: row i has i + 1 entries, each read by the next. */
          @Differentiable
          static double romberg(double k, double upper, int levels) {
            double[][] r = new double[levels][];
            double h = upper;
            r[0] = new double[] {0.5 * h * (1 + Math.exp(-k * upper * upper))};
            for (int i = 1; i < levels; i++) {
              h /= 2;
              double sum = 0;
              int points = 1 << (i - 1);
              for (int j = 1; j <= points; j++) {
                double x = (2 * j - 1) * h;
                sum += Math.exp(-k * x * x);
              }
              r[i] = new double[i + 1];
              r[i][0] = 0.5 * r[i - 1][0] + h * sum;
              double factor = 1;
              for (int j = 1; j <= i; j++) {
                factor *= 4;
                r[i][j] = r[i][j - 1] + (r[i][j - 1] - r[i - 1][j - 1]) / (factor - 1);
              }
            }
            return r[levels - 1][levels - 1];
          }

          /** Ragged rows replaced twice, by clones of parameter rows and by initializers. */
          @Differentiable
          static double replacedRows(double[][] data, double w) {
            double[][] rows = new double[data.length][];
            for (int i = 0; i < data.length; i++) {
              rows[i] = data[i].clone();
            }
            double s = 0;
            for (int i = 0; i < rows.length; i++) {
              for (int j = 0; j < rows[i].length; j++) {
                s += w * rows[i][j] * rows[i][j];
              }
              rows[i] = new double[] {s, w * rows[i][0]};
              s += Math.sin(rows[i][0] * rows[i][1]);
            }
            return s + rows[0][1];
          }

          /** Nested loops, a while loop and a break: each run's array comes back. */
          @Differentiable
          static double nestedAndBroken(double[] x, double limit) {
            double s = 0;
            int n = 0;
            while (n < x.length) {
              for (int j = 0; j <= n; j++) {
                double[] seg = new double[j + 1];
                int[] at = new int[j + 1];
                for (int k = 0; k < seg.length; k++) {
                  at[k] = (k + n) % x.length;
                  seg[k] = x[at[k]] * x[j];
                }
                s += Math.sin(seg[j]) * seg[0];
                if (s > limit) {
                  break;
                }
              }
              n++;
            }
            return s;
          }

          /** A vector helper whose result's size changes with the caller's loop. */
          @Differentiable
          static double prefixes(double[] x) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              double[] p = prefixSums(x, i + 1);
              s += p[i] * p[0] + p.length;
            }
            return s;
          }

          @Differentiable
          static double[] prefixSums(double[] v, int k) {
            double[] out = new double[k];
            double run = 0;
            for (int j = 0; j < k; j++) {
              run += v[j] * v[j];
              out[j] = run;
            }
            return out;
          }

          /** Ragged initializers, at the top level and in a loop (a new matrix each time). */
          @Differentiable
          static double raggedInitializers(double x, double y) {
            double[][] m = {{x, y}, {x * y}, {}, {1, 2, x}};
            double s = m[0][1] * m[1][0] + m[3][2] * m.length + m[2].length;
            for (int i = 0; i < 3; i++) {
              double[][] w = {{s}, {x, s * y}};
              s = Math.sin(w[1][1] + w[0][0] * w[1].length);
            }
            return s;
          }

          /** A ragged row replaced by a shorter one whose size reads the old row. */
          @Differentiable
          static double shrinkingRow(double x, double y) {
            double[][] r = new double[2][];
            r[0] = new double[] {x};
            r[1] = new double[6];
            for (int k = 0; k < 3; k++) {
              r[1] = new double[r[1].length - 1];
              r[1][r[1].length - 1] = Math.sin(x * k + y) * r[0][0];
            }
            return r[1][2] * r[1].length + r[0][0] * y;
          }

          /** A negative size throws as Java does, at the declaration. */
          @Differentiable
          static double negative(double[] x, int k) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              double[] a = new double[k - i];
              s += x[i] * a.length;
            }
            return s;
          }
        }
        """), "p.Resized");
  }

  @Test
  void triangularRowsAllocatedInALoop() {
    double[] x = {0.5, -1.25, 0.75, 1.5};
    check.check("triangle", x);
    SecondOrderTest.checkHessianVector(check.code(), "p.Resized", "triangle", x);
  }

  @Test
  void aSizeChangedAfterTheDeclaration() {
    double[] x = {0.5, -1.25, 0.75};
    check.check("growing", x, 0.8);
    SecondOrderTest.checkHessianVector(check.code(), "p.Resized", "growing", x, 0.8);
  }

  @Test
  void raggedRowsInABranchWithOverwrites() {
    double[][] rows = {{0.3, -0.2, 0.4}, {0.7}, {-0.5, 0.25}, {0.1, 0.2, -0.3, 0.15}};
    check.check("ragged", rows, 0.9);
    SecondOrderTest.checkHessianVector(check.code(), "p.Resized", "ragged", rows, 0.9);
  }

  @Test
  void aFreshArrayPassedToAHelper() {
    double[] x = {0.5, -1.25, 0.75, 2.0};
    check.check("throughHelper", x);
    SecondOrderTest.checkHessianVector(check.code(), "p.Resized", "throughHelper", x);
  }

  @Test
  void nestedLoopsAWhileLoopAndABreak() {
    double[] x = {0.5, -1.25, 0.75, 1.5};
    for (double limit : new double[] {-0.1, 0.3, 100}) {
      check.check("nestedAndBroken", x, limit);
      SecondOrderTest.checkHessianVector(check.code(), "p.Resized", "nestedAndBroken", x, limit);
    }
  }

  @Test
  void aVectorHelperWhoseResultChangesSize() {
    double[] x = {0.5, -1.25, 0.75, 1.5};
    check.check("prefixes", x);
    SecondOrderTest.checkHessianVector(check.code(), "p.Resized", "prefixes", x);
  }

  @Test
  void raggedInitializersAtTheTopAndInALoop() {
    check.check("raggedInitializers", 0.7, -0.4);
    SecondOrderTest.checkHessianVector(check.code(), "p.Resized", "raggedInitializers", 0.7,
        -0.4);
  }

  @Test
  void aRaggedRowReplacedByAShorterOneSizedByItself() {
    check.check("shrinkingRow", 0.7, -0.3);
    SecondOrderTest.checkHessianVector(check.code(), "p.Resized", "shrinkingRow", 0.7, -0.3);
  }

  @Test
  void rombergsTriangularTableau() {
    // exp(-k x^2) on [0, 1]: d/dk of the integral is -∫ x^2 exp(-k x^2), about -0.1893 at k = 1.
    check.check("romberg", 1.0, 1.0, 5);
    check.check("romberg", 0.4, 2.0, 4);
    SecondOrderTest.checkHessianVector(check.code(), "p.Resized", "romberg", 1.0, 1.0, 5);
    double dk = (Double) check.gradient("romberg", 1.0, 1.0, 6).get("k");
    assertThat(dk).isWithin(1e-4).of(-0.189472);
  }

  @Test
  void raggedRowsReplacedByClonesAndInitializers() {
    double[][] data = {{0.3, -0.2, 0.4}, {0.7}, {-0.5, 0.25}};
    check.check("replacedRows", data, 0.9);
    SecondOrderTest.checkHessianVector(check.code(), "p.Resized", "replacedRows", data, 0.9);
  }

  @Test
  void aNegativeSizeThrowsAtTheDeclaration() throws Exception {
    check.check("negative", new double[] {0.5, 1.5}, 3);
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
        () -> check.code().gradientMethod("p.Resized", "negative").invoke(null,
            new double[] {0.5, 1.5}, 0));
    assertThat(thrown.getCause()).isInstanceOf(NegativeArraySizeException.class);
  }

  @Test
  void theGeneratedCodeAllocatesWhereTheDeclarationWas() {
    String source = check.code().generatedMethodSource("p.ResizedGrad", "Triangle triangle(");
    assertThat(source).contains("double[] row = new double[0];");
    assertThat(source).contains("row = new double[i + 1];");
    assertThat(source).contains("row = new double[rowLength];");
    String romberg = check.code().generatedMethodSource("p.ResizedGrad", "Romberg romberg(");
    assertThat(romberg).contains("double[][] r = new double[levels][];");
    assertThat(romberg).contains("r[i] = new double[i + 1];");
    assertThat(romberg).contains("r[i] = rRowLength < 0 ? null : new double[rRowLength];");
    // The initializer's elements are computed once, into the new row.
    assertThat(romberg).doesNotContain("double[] values");
  }
}
