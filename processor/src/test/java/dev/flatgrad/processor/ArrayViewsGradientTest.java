package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Array references with Java's semantics: row views {@code double[] row = m[i];} (read, and
 * written when the matrix is local), aliases {@code double[] a = x;}, an index that changes while
 * the view is in scope, and views of parameters that the method writes (which then work on a
 * private copy). Each is checked against central finite differences of the user's own method
 * (value, gradient, tangent, Hessian-vector product, untouched arguments, an empty tape).
 */
class ArrayViewsGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Views", """
  @Differentiable
  static double rowsOfAParameter(double[][] m, double[] w) {
    double s = 0;
    for (int i = 0; i < m.length; i++) {
      double[] row = m[i];
      double dot = 0;
      for (int j = 0; j < row.length; j++) {
        dot += row[j] * w[j];
      }
      s += Math.tanh(dot) * (i + 1);
    }
    return s;
  }

  @Differentiable
  static double rowsOfALocalMatrixWritten(double[] x) {
    int n = x.length;
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      double[] r = a[i];
      for (int j = 0; j < n; j++) {
        r[j] = Math.sin(x[i] * x[j]) + (i == j ? 1 : 0);
      }
      r[i] *= x[i];
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      double[] r = a[i];
      for (int j = 0; j < n; j++) {
        s += r[j] * a[j][i];
      }
    }
    return s;
  }

  @Differentiable
  static double aliasesShareOneAdjoint(double[] x, double y) {
    double[] a = x;
    var b = a;
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i] * y + x[i];
    }
    return s;
  }

  @Differentiable
  static double indexChangesInScope(double[][] m) {
    double s = 0;
    int i = 0;
    while (i < m.length) {
      double[] row = m[i];
      i++;
      s += row[0] * row[row.length - 1] + i;
    }
    return s;
  }

  @Differentiable
  static double aliasOfAParameterWritten(double[] x, double scale) {
    double[] a = x;
    for (int i = 0; i < a.length; i++) {
      a[i] = a[i] * scale;
    }
    return x[0] * x[x.length - 1] + a[1];
  }

  @Differentiable
  static double viewsOfLoopArrays(double[] x, int n) {
    double s = 0;
    for (int k = 0; k < 3; k++) {
      double[][] g = new double[n][2];
      for (int i = 0; i < n; i++) {
        double[] cell = g[i];
        cell[0] = x[i] * (k + 1);
        cell[1] = Math.exp(cell[0] * 0.1);
      }
      for (int i = 0; i < n; i++) {
        s += g[i][0] * g[i][1];
      }
    }
    return s;
  }
""");
  }

  private static final double[][] M = {{0.3, -0.2, 0.5}, {-0.4, 0.1, 0.25}, {0.2, 0.6, -0.3}};

  @Test
  void rowViewsOfAParameterMatrix() {
    double[] w = {0.5, -1.0, 0.75};
    f.check("rowsOfAParameter", M, w);
    SecondOrderTest.checkHessianVector(f.code(), "p.Views", "rowsOfAParameter", M, w);
    assertThat(f.code().generatedMethodSource("p.ViewsGrad", "RowsOfAParameter rowsOf"))
        .contains("m[i][j] * w[j]");
  }

  @Test
  void rowViewsWriteIntoALocalMatrix() {
    double[] x = {0.4, -0.7, 1.2};
    f.check("rowsOfALocalMatrixWritten", (Object) x);
    SecondOrderTest.checkHessianVector(f.code(), "p.Views", "rowsOfALocalMatrixWritten",
        (Object) x);
  }

  @Test
  void aliasesOfAParameter() {
    double[] x = {0.4, -0.7, 1.2};
    f.check("aliasesShareOneAdjoint", x, 0.3);
    SecondOrderTest.checkHessianVector(f.code(), "p.Views", "aliasesShareOneAdjoint", x, 0.3);
  }

  @Test
  void theRowChosenAtTheDeclarationStaysTheRow() {
    f.check("indexChangesInScope", (Object) M);
    SecondOrderTest.checkHessianVector(f.code(), "p.Views", "indexChangesInScope", (Object) M);
  }

  @Test
  void writingThroughAnAliasOfAParameterWritesAPrivateCopy() {
    double[] x = {0.4, -0.7, 1.2};
    f.check("aliasOfAParameterWritten", x, 1.5);
    SecondOrderTest.checkHessianVector(f.code(), "p.Views", "aliasOfAParameterWritten", x, 1.5);
  }

  @Test
  void rowViewsOfAMatrixDeclaredInALoop() {
    double[] x = {0.4, -0.7, 1.2};
    f.check("viewsOfLoopArrays", x, 3);
    SecondOrderTest.checkHessianVector(f.code(), "p.Views", "viewsOfLoopArrays", x, 3);
  }
}
