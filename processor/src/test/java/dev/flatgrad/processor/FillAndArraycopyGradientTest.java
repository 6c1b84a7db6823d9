package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Arrays.fill} and {@code System.arraycopy}, as library code resets and shifts its
 * buffers: whole arrays and ranges, rows of a local matrix, an overlapping shift within one
 * array (both ways), a parameter changed in place (its private copy), a reset inside a loop.
 * Values, gradients, tangents and Hessian-vector products against central differences of the
 * user's method.
 */
class FillAndArraycopyGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.of(GeneratedCode.compile("p.Buffers", """
        package p;

        import dev.flatgrad.Differentiable;
        import java.util.Arrays;

        class Buffers {
          @Differentiable
          static double filled(double[] x, double c) {
            double[] a = new double[x.length + 2];
            Arrays.fill(a, c * c);
            Arrays.fill(a, 1, x.length, Math.sin(x[0]));
            int[] counts = new int[3];
            Arrays.fill(counts, 2);
            Arrays.fill(x, 1, 2, c);
            double s = 0;
            for (int i = 0; i < a.length; i++) {
              s += a[i] * x[i % x.length] * counts[i % 3];
            }
            return s;
          }

          @Differentiable
          static double copied(double[] x, double[] y) {
            double[] buffer = new double[x.length + y.length];
            System.arraycopy(x, 0, buffer, 0, x.length);
            System.arraycopy(y, 0, buffer, x.length, y.length);
            System.arraycopy(buffer, 0, buffer, 1, buffer.length - 1);
            System.arraycopy(buffer, 2, buffer, 0, 3);
            double[][] m = new double[2][x.length];
            System.arraycopy(buffer, 1, m[0], 0, x.length);
            System.arraycopy(m[0], 0, m[1], 0, x.length);
            System.arraycopy(buffer, 0, y, 0, 2);
            double s = 0;
            for (int i = 0; i < buffer.length; i++) {
              s += (i + 1) * buffer[i] * buffer[i];
            }
            return s + m[1][0] * m[0][1] + y[0] * y[1] * y[2];
          }

          @Differentiable
          static double boundsReadOnce(double[] x, double c) {
            double[] a = {3, x[0], x[1], 7, x[2]};
            Arrays.fill(a, 0, (int) a[0], c);
            int[] at = {1, 0, 2};
            double[] b = new double[4];
            System.arraycopy(a, at[0], b, at[1], (int) a[3] - 5);
            return a[0] * a[2] + a[3] * a[4] + b[0] * b[1];
          }

          @Differentiable
          static double shifted(double[] x, int up, int down) {
            double[] b = x.clone();
            System.arraycopy(b, 0, b, up, b.length - up);
            System.arraycopy(b, down, b, 0, b.length - down);
            double s = 0;
            for (int i = 0; i < b.length; i++) {
              s += (i + 1) * b[i] * b[i] * x[i];
            }
            return s;
          }

          @Differentiable
          static double runningWindows(double[][] data, double w) {
            double[] acc = new double[data[0].length];
            double total = 0;
            for (double[] row : data) {
              Arrays.fill(acc, 0.0);
              for (int j = 0; j < row.length; j++) {
                acc[j] += w * row[j] * row[j];
              }
              double[] shifted = new double[acc.length];
              System.arraycopy(acc, 1, shifted, 0, acc.length - 1);
              total += Math.tanh(shifted[0] + acc[0]);
            }
            return total;
          }
        }
        """), "p.Buffers");
  }

  @Test
  void fillsOfArraysRangesAndAParameter() {
    check.check("filled", new double[] {0.4, -1.1, 0.9}, 0.7);
    SecondOrderTest.checkHessianVector(check.code(), "p.Buffers", "filled",
        new double[] {0.4, -1.1, 0.9}, 0.7);
  }

  @Test
  void copiesThatOverlapBothWaysAndCopiesOfRows() {
    double[] x = {0.5, -1.25, 2.0};
    double[] y = {1.5, 0.25, -0.75};
    check.check("copied", x, y);
    SecondOrderTest.checkHessianVector(check.code(), "p.Buffers", "copied", x, y);
  }

  @Test
  void shiftsWithinOneArrayByAmountsKnownWhenItRuns() {
    double[] x = {0.5, -1.25, 2.0, 0.75};
    for (int[] by : new int[][] {{1, 2}, {2, 1}, {0, 0}, {3, 3}}) {
      check.check("shifted", x, by[0], by[1]);
      SecondOrderTest.checkHessianVector(check.code(), "p.Buffers", "shifted", x, by[0], by[1]);
    }
  }

  @Test
  void positionsAndBoundsAreEvaluatedOnceAsJavaDoes() {
    // The fill overwrites a[0], which its own bound reads: Java evaluated it before.
    check.check("boundsReadOnce", new double[] {0.5, -1.5, 2.0}, 0.7);
    SecondOrderTest.checkHessianVector(check.code(), "p.Buffers", "boundsReadOnce",
        new double[] {0.5, -1.5, 2.0}, 0.7);
  }

  @Test
  void aResetAndAShiftInsideALoop() {
    double[][] data = {{0.5, -1.3, 2.2}, {1.7, 0.2, -0.9}, {0.3, 0.8, -0.4}};
    check.check("runningWindows", data, 0.6);
    SecondOrderTest.checkHessianVector(check.code(), "p.Buffers", "runningWindows", data, 0.6);
  }

  @Test
  void theGeneratedCodeIsTheStores() {
    String source = check.code().generatedMethodSource("p.BuffersGrad", "Filled filled(");
    assertThat(source).contains("double filler = c * c;");
    assertThat(source).contains("] = filler;");
    String copied = check.code().generatedMethodSource("p.BuffersGrad", "Copied copied(");
    assertThat(copied).contains("buffer[x.length + i_4] = y_copy[i_4];");
    assertThat(copied).doesNotContain("if (0 < 1)"); // positions known: one loop
  }

  @Test
  void writingIntoAMatrixParameterIsAPositionedError() {
    MarkedSource source = MarkedSource.ofMembers("""
        @Differentiable
        static double f(double[][] m, double[] x) {
          System.arraycopy(x, 0, m[0], 0, x.length); //!
          return m[0][0];
        }
        """);
    Compilation compilation = source.compile();
    assertThat(compilation).hadErrorContaining("System.arraycopy would write into the matrix"
        + " parameter m").inFile(source.file()).onLine(source.line());
  }
}
