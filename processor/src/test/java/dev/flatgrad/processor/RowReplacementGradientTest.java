package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replacing a row of a local matrix, {@code m[i] = row;}, with a fresh row, another local array,
 * a parameter, a row of a matrix or a clone, also inside loops where the reverse pass needs each
 * iteration's own values. Values, gradients, tangents, pullbacks (through a caller) and
 * Hessian-vector products against central finite differences of the user's methods; where the
 * copy flatgrad makes would differ from Java's shared row, a positioned error.
 */
class RowReplacementGradientTest {

  private static final String CLASS = "p.Rows";
  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Rows", """
  /** A recurrence kept as a matrix of states: each step replaces a row read nonlinearly. */
  @Differentiable
  static double recurrence(double[][] w, double[] x) {
    double[][] m = new double[w.length][x.length];
    for (int i = 0; i < w.length; i++) {
      for (int j = 0; j < x.length; j++) {
        m[i][j] = w[i][j] * x[j];
      }
    }
    double s = 0;
    for (int k = 0; k < 5; k++) {
      double[] old = m[k % w.length];
      double[] row = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        row[j] = Math.sin(old[j] * old[(j + 1) % x.length] + k);
      }
      m[k % w.length] = row;
      s += row[0] * m[(k + 1) % w.length][1];
    }
    return s + m[0][1] * m[1][0];
  }

  /** Rows from a parameter, its clone, a fresh zero row and another matrix's row. */
  @Differentiable
  static double sources(double[] x, double[] y, double a) {
    double[][] m = new double[3][x.length];
    double[][] n = new double[2][x.length];
    for (int j = 0; j < x.length; j++) {
      n[1][j] = a * y[j % y.length];
    }
    m[1] = x.clone();
    m[1][0] = m[1][0] * a;
    m[2] = n[1];
    m[0] = x;
    double t = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < x.length; j++) {
        t += Math.exp(0.1 * m[i][j]) * (i + 1) * (j + 2);
      }
    }
    m[2] = new double[x.length];
    return t + m[2][0] + m[0][1] * x[0];
  }

  /** Rows replaced in a branch inside a loop; the row's old values feed the new ones. */
  @Differentiable
  static double inBranch(double[] x, int steps) {
    double[][] m = new double[2][x.length];
    for (int j = 0; j < x.length; j++) {
      m[0][j] = x[j];
      m[1][j] = x[j] * x[j];
    }
    double s = 0;
    for (int k = 0; k < steps; k++) {
      double[] next = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        next[j] = m[0][j] * m[1][j] + 0.5 * Math.tanh(m[1][(j + k) % x.length]);
      }
      if (k % 2 == 0) {
        m[1] = next;
      } else {
        m[0] = next.clone();
      }
      s += m[0][0] - m[1][x.length - 1];
    }
    return s;
  }

  /**
   * A loop whose iterations are independent, followed by an overwrite of the matrix it reads:
   * its adjoints must not be added before the overwrite's reverse resets them (a bug of main,
   * found by this test's row replacement).
   */
  @Differentiable
  static double independentLoopThenOverwrite(double[] x) {
    double[][] m = new double[2][x.length];
    for (int j = 0; j < x.length; j++) {
      m[1][j] = x[j] * x[j];
      m[0][j] = x[j];
    }
    double t = 0;
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < x.length; j++) {
        t += Math.exp(0.1 * m[i][j]);
      }
    }
    for (int j = 0; j < x.length; j++) {
      m[1][j] = 0.0;
    }
    return t + m[1][0];
  }

  @Differentiable
  static double caller(double[][] w, double[] x) {
    double a = Math.exp(x[0]);
    return recurrence(w, x) + sources(x, x, a);
  }
""");
  }

  private static final double[][] W = {{0.4, -0.8, 0.3}, {1.1, 0.2, -0.5}, {-0.3, 0.9, 0.6}};
  private static final double[] X = {0.7, -0.4, 1.2};

  @Test
  void recurrenceOfReplacedRows() {
    f.check("recurrence", W, X);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "recurrence", W, X);
  }

  @Test
  void rowsFromParametersClonesFreshRowsAndOtherMatrices() {
    f.check("sources", X, new double[] {0.3, 0.2, -0.9}, 1.3);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "sources", X,
        new double[] {0.3, 0.2, -0.9}, 1.3);
  }

  @Test
  void rowsReplacedInABranchInsideALoop() {
    f.check("inBranch", X, 5);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "inBranch", X, 5);
  }

  @Test
  void independentLoopBeforeAnOverwriteOfWhatItReads() {
    f.check("independentLoopThenOverwrite", X);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "independentLoopThenOverwrite", X);
  }

  @Test
  void pullbacksThroughACaller() {
    f.check("caller", W, X);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "caller", W, X);
  }

  @Test
  void theReplacementIsACopyIntoTheRow() throws Exception {
    String generated = f.code().compilation().generatedSourceFile(CLASS + "Grad").orElseThrow()
        .getCharContent(true).toString();
    assertThat(generated).contains("int mRow = k % w.length;");
    assertThat(generated).contains("m[mRow][j_");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differences")
  void whereACopyWouldDifferFromJavasSharedRowItIsAnError(String what, String members,
      String message) {
    MarkedSource.assertOnlyError(what, members, message);
  }

  static Stream<Arguments> differences() {
    return Stream.of(
        Arguments.of("source written afterwards", """
            @Differentiable
            static double f(double[] x) {
              double[][] m = new double[2][x.length];
              double[] r = new double[x.length];
              m[0] = r; //!
              r[0] = x[0];
              return m[0][0];
            }
            """, "the code after it writes r"),
        Arguments.of("source written in a later iteration", """
            @Differentiable
            static double f(double[] x) {
              double[][] m = new double[2][x.length];
              double[] r = new double[x.length];
              double s = 0;
              for (int k = 0; k < 2; k++) {
                r[0] += x[k];
                m[k] = r; //!
                s += m[0][0];
              }
              return s;
            }
            """, "the code after it writes r"),
        Arguments.of("matrix written, source read", """
            @Differentiable
            static double f(double[] x) {
              double[][] m = new double[2][x.length];
              double[] r = new double[x.length];
              m[1] = r; //!
              m[1][0] = x[0];
              return r[0];
            }
            """, "writes m and reads r"),
        Arguments.of("a view of the old row read afterwards", """
            @Differentiable
            static double f(double[] x) {
              double[][] m = new double[2][x.length];
              double[] old = m[0];
              m[0] = x; //!
              return old[0] + m[0][0];
            }
            """, "old still refers to the row of m that this assignment replaces"),
        Arguments.of("a row of another length", """
            @Differentiable
            static double f(double[] x, int n) {
              double[][] m = new double[2][x.length];
              m[0] = new double[n]; //!
              return m[0][0] + x[0];
            }
            """, "the new row of m must have the length of its rows, written as in its"
                + " allocation (x.length)"),
        Arguments.of("a row of a matrix parameter", """
            @Differentiable
            static double f(double[][] w) {
              w[0] = new double[2]; //!
              return w[1][0];
            }
            """, "rows of a matrix cannot be replaced"));
  }
}
