package dev.flatgrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code double[] p = x.clone();} and {@code Arrays.copyOf(x, n)}: a local array with its own
 * copy of an array's or a row's elements (the rest zero when longer), written afterwards without
 * touching the source, at the top level, inside loops, and as the first of buffers swapped.
 * Values bit-identical to the user's method, gradients, tangents and Hessian-vector products
 * against central finite differences; a matrix's clone, which would share rows, and an array in
 * a loop sized by a row whose index changes are positioned errors.
 */
class ArrayClonesGradientTest {

  private static final String CLASS = "p.Clones";
  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Clones", """
  /** Neville's interpolation, working in a copy of the ordinates. */
  @Differentiable
  static double neville(double[] xa, double[] ya, double x) {
    int n = xa.length;
    double[] p = ya.clone();
    for (int m = 1; m < n; m++) {
      for (int i = 0; i < n - m; i++) {
        p[i] = ((x - xa[i + m]) * p[i] + (xa[i] - x) * p[i + 1]) / (xa[i] - xa[i + m]);
      }
    }
    return p[0];
  }

  /** A clone of a local array, written while the original is read afterwards. */
  @Differentiable
  static double cloneOfALocal(double[] x) {
    double[] a = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      a[i] = Math.sin(x[i]);
    }
    double[] b = a.clone();
    for (int i = 0; i < b.length; i++) {
      b[i] *= b[i] + a[(i + 1) % a.length];
    }
    return b[0] * a[x.length - 1] + b[x.length - 1];
  }

  /** Rows of a local matrix cloned inside a loop, and a row of a parameter matrix. */
  @Differentiable
  static double rows(double[][] w, double s) {
    int n = w.length;
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m[i][j] = w[i][j] * s;
      }
    }
    double[] first = w[0].clone();
    first[0] = first[0] * first[1];
    double total = first[0];
    for (int k = 0; k < n; k++) {
      double[] row = m[k].clone();
      row[k] = Math.exp(row[k]);
      for (int j = 0; j < n; j++) {
        m[k][j] = row[j] * row[(j + 1) % n];
      }
      total += m[k][k] - row[0];
    }
    return total + w[0][0];
  }

  /** An explicit heat equation whose first buffer is a copy of the input, swapped each step. */
  @Differentiable
  static double heat(double[] initial, double r, int steps) {
    int n = initial.length;
    double[] u = java.util.Arrays.copyOf(initial, n);
    double[] next = new double[n];
    for (int s = 0; s < steps; s++) {
      next[0] = u[0];
      next[n - 1] = u[n - 1];
      for (int i = 1; i < n - 1; i++) {
        next[i] = u[i] + r * (u[i - 1] - 2 * u[i] + u[i + 1]);
      }
      double[] swap = u;
      u = next;
      next = swap;
    }
    return u[n / 2] * u[n / 2] + u[1];
  }

  /** Copies longer and shorter than their sources, at the top level and in a loop. */
  @Differentiable
  static double copies(double[] x, double[][] m) {
    double[] longer = java.util.Arrays.copyOf(x, x.length + 2);
    double[] shorter = java.util.Arrays.copyOf(x, 2);
    longer[x.length + 1] = shorter[1] * x[0];
    double s = 0;
    for (int k = 0; k < m.length; k++) {
      double[] head = java.util.Arrays.copyOf(m[k], 3);
      head[2] += Math.sin(head[0]);
      s += head[2] * head[1];
    }
    for (double v : longer) {
      s += v * v;
    }
    return s + shorter[0];
  }
""");
  }

  @Test
  void aSwappedBufferStartsAsACopy() {
    double[] initial = {0.0, 0.3, 1.0, 0.6, 0.2, 0.0};
    f.check("heat", initial, 0.4, 5);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "heat", initial, 0.4, 5);
  }

  @Test
  void arraysCopyOfLongerAndShorter() {
    double[] x = {0.3, -1.1, 0.8};
    double[][] m = {{0.2, -0.4}, {0.1, 0.3}};
    f.check("copies", x, m);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "copies", x, m);
  }

  @Test
  void nevillesInterpolationInACopy() {
    double[] xa = {0.0, 0.7, 1.5, 2.1, 3.0};
    double[] ya = {1.0, 0.4, -0.6, 0.9, 1.7};
    f.check("neville", xa, ya, 1.2);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "neville", xa, ya, 1.2);
  }

  @Test
  void aCloneIsWrittenApartFromItsSource() {
    double[] x = {0.3, -1.1, 0.8, 1.9};
    f.check("cloneOfALocal", x);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "cloneOfALocal", x);
  }

  @Test
  void rowsClonedInALoop() {
    double[][] w = {{0.2, -0.4, 0.6}, {0.1, 0.3, -0.5}, {-0.7, 0.8, 0.05}};
    f.check("rows", w, 0.9);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "rows", w, 0.9);
  }

  @Test
  void aMatrixsCloneIsAPositionedError() {
    MarkedSource source = MarkedSource.ofMembers("""
          @Differentiable
          static double f(double[][] m) {
            double[][] c = m.clone(); //!
            return c[0][0];
          }
        """);
    Compilation compilation = source.compile();
    assertThat(compilation).hadErrorContaining("clone() of a matrix copies only its row"
        + " references").inFile(source.file()).onLine(source.line());
  }
}
