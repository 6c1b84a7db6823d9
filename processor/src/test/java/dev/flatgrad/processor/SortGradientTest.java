package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Arrays.sort} of a {@code double[]}, as order statistics are written: a trimmed mean of a
 * sorted copy, a median that sorts its own parameter (the generated code sorts a private copy),
 * a range sort, and a sort inside a loop over rows. Sorting permutes the elements, so each
 * element's derivative follows it to its place. Values, gradients, tangents and Hessian-vector
 * products against central differences of the user's method, at points without ties.
 */
class SortGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.of(GeneratedCode.compile("p.Order", """
        package p;

        import dev.flatgrad.Differentiable;
        import java.util.Arrays;

        class Order {
          @Differentiable
          static double trimmedMean(double[] values, double trimFraction) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int cut = (int) Math.floor(trimFraction * sorted.length);
            double sum = 0;
            for (int i = cut; i < sorted.length - cut; i++) {
              sum += sorted[i] * sorted[i] * trimFraction;
            }
            return sum / (sorted.length - 2 * cut);
          }

          @Differentiable
          static double median(double[] x) {
            Arrays.sort(x);
            int n = x.length;
            return n % 2 == 1 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
          }

          @Differentiable
          static double rangeSorted(double[] x, double scale) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              y[i] = Math.sin(scale * x[i]);
            }
            java.util.Arrays.sort(y, 1, x.length - 1);
            double s = 0;
            for (int i = 0; i < y.length; i++) {
              s += (i + 1) * y[i] * y[i];
            }
            return s;
          }

          @Differentiable
          static double rowMaxGaps(double[][] m, double w) {
            double total = 0;
            for (int r = 0; r < m.length; r++) {
              double[] row = new double[m[0].length];
              for (int c = 0; c < row.length; c++) {
                row[c] = w * m[r][c] * m[r][c];
              }
              Arrays.sort(row);
              total += row[row.length - 1] - row[0] + row[1] * row[1];
            }
            return total;
          }

          @Differentiable
          static double growingRanges(double[][] m, double w) {
            double total = 0;
            for (int r = 0; r < m.length; r++) {
              double[] row = new double[m[0].length];
              for (int c = 0; c < row.length; c++) {
                row[c] = m[r][c];
              }
              Arrays.sort(row, 0, 1 + r % row.length);
              for (int c = 0; c < row.length; c++) {
                total += (c + 1) * Math.exp(w * row[c]);
              }
            }
            return total;
          }
        }
        """), "p.Order");
  }

  private static final double[] VALUES = {3.1, 1.2, 4.7, 1.5, 9.2, 2.6, -0.4};

  @Test
  void aTrimmedMeanOfASortedCopy() {
    check.check("trimmedMean", VALUES, 0.2);
    SecondOrderTest.checkHessianVector(check.code(), "p.Order", "trimmedMean", VALUES, 0.2);
  }

  @Test
  void aMedianSortsAPrivateCopyOfItsParameter() {
    double[] x = VALUES.clone();
    check.check("median", x); // also checks that the arguments are not changed
    check.check("median", new double[] {0.3, -1.0, 2.5, 0.9});
    SecondOrderTest.checkHessianVector(check.code(), "p.Order", "median", x);
    // The middle element's gradient is one: 2.6 is the median of VALUES.
    double[] gradient = (double[]) check.gradient("median", x).get("x");
    assertThat(gradient).isEqualTo(new double[] {0, 0, 0, 0, 0, 1, 0});
  }

  @Test
  void aRangeSortAndASortInALoop() {
    check.check("rangeSorted", VALUES, 0.7);
    SecondOrderTest.checkHessianVector(check.code(), "p.Order", "rangeSorted", VALUES, 0.7);
    double[][] m = {{0.5, -1.3, 2.2}, {1.7, 0.2, -0.9}, {0.8, 1.1, -2.4}};
    check.check("rowMaxGaps", m, 1.3);
    SecondOrderTest.checkHessianVector(check.code(), "p.Order", "rowMaxGaps", m, 1.3);
    check.check("growingRanges", m, 0.6);
    SecondOrderTest.checkHessianVector(check.code(), "p.Order", "growingRanges", m, 0.6);
  }

  @Test
  void theGeneratedCodeGathersInTheSortingOrder() {
    String source = check.code().generatedMethodSource("p.OrderGrad", "TrimmedMean trimmedMean(");
    assertThat(source).contains("int[] order = Permutations.sortingOrder(sorted, 0, sorted.length);");
    assertThat(source).contains("sorted[k] = unsorted[order[k]];");
    assertThat(source).contains("grad_unsorted[order[k]] += grad_sorted[k];");
  }

  @Test
  void sortingAMatrixRowIsAPositionedError() {
    MarkedSource source = MarkedSource.ofMembers("""
        @Differentiable
        static double f(double[][] m) {
          double[][] c = new double[2][2];
          c[0][0] = m[0][0];
          java.util.Arrays.sort(c[0]); //!
          return c[0][0];
        }
        """);
    Compilation compilation = source.compile();
    assertThat(compilation).hadErrorContaining("Arrays.sort is supported for a double[]"
        + " variable").inFile(source.file()).onLine(source.line());
  }
}
