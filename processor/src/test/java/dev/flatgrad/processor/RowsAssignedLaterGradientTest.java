package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code double[][] m = new double[n][];} with its rows assigned later ({@code m[i] = new
 * double[k]}, {@code m[i] = new double[] {a, b}}, {@code m[i] = row}, {@code m[0] = x.clone()}):
 * the matrix gets rows of the length the first assignment gives, and each row assignment copies
 * into its row. An ODE trajectory kept row by row is the typical case. Values, gradients, tangents,
 * pullbacks (through a caller) and Hessian-vector products against central finite differences of
 * the user's methods; rows of different lengths are a positioned error.
 */
class RowsAssignedLaterGradientTest {

  private static final String CLASS = "p.Later";
  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Later", """
  /** Explicit Euler steps of a small ODE, each state a row of the trajectory. */
  @Differentiable
  static double trajectory(double[] x, double h, int steps) {
    double[][] traj = new double[steps + 1][];
    traj[0] = x.clone();
    for (int t = 0; t < steps; t++) {
      double[] next = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        next[j] = traj[t][j] + h * Math.sin(traj[t][(j + 1) % x.length] * traj[t][j]);
      }
      traj[t + 1] = next;
    }
    double s = 0;
    for (int t = 0; t <= steps; t++) {
      s += traj[t][0] * (t + 1) - traj[t][x.length - 1];
    }
    return s + traj[steps][1] * traj[steps][1];
  }

  /** Rows allocated in a loop, then filled: one length for all, from a local. */
  @Differentiable
  static double allocatedInALoop(double[][] w, double[] x) {
    int d = x.length;
    double[][] h = new double[w.length][];
    for (int i = 0; i < w.length; i++) {
      h[i] = new double[d];
      for (int j = 0; j < d; j++) {
        h[i][j] = Math.tanh(w[i][j] * x[j]);
      }
    }
    double s = 0;
    for (double[] row : h) {
      for (double v : row) {
        s += v * v;
      }
    }
    return s;
  }

  /** A row from a local array declared after the matrix, and one from a parameter. */
  @Differentiable
  static double fromLocals(double[] x, double a) {
    double[][] m = new double[2][];
    double[] r = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      r[j] = a * x[j] * x[j];
    }
    m[0] = r;
    m[1] = x;
    return m[0][0] * m[1][1] + Math.exp(m[0][x.length - 1]);
  }

  /**
   * Rows written as initializers, later replaced by one that reads the old row: Java computes
   * the new row's elements before the row changes.
   */
  @Differentiable
  static double fromInitializers(double x, double y) {
    double[][] m = new double[3][];
    m[0] = new double[] {x, y * y};
    m[1] = new double[] {Math.sin(x * y), 2};
    m[2] = new double[] {m[0][1], m[1][0]};
    for (int i = 0; i < 2; i++) {
      m[i] = new double[] {m[i][1] * x, m[i][0] + y};
    }
    return m[0][0] * m[1][1] + m[0][1] * m[2][0] + m[1][0] * m[2][1];
  }

  @Differentiable
  static double caller(double[] x, double a) {
    double h = 0.1 * a;
    return trajectory(x, h, 3) + fromLocals(x, a);
  }

  interface Objective {
    double value(double t);
  }

  /** A search whose own local c is assigned: it does not change the caller's parameter c. */
  static double search(Objective f, double a, double b) {
    double c = b - 0.6 * (b - a);
    for (int k = 0; k < 3; k++) {
      c = 0.5 * c + 0.1 * f.value(c);
    }
    return c;
  }

  /** Rows cloned from the parameter c after a helper translated in place assigned its own c. */
  @Differentiable
  static double afterASearch(double[] c, double y) {
    double z = 0;
    for (double v : c) {
      double g = search(s -> s * y + v, 0, 1);
      double[][] rows = new double[2][];
      rows[0] = c.clone();
      rows[1] = c.clone();
      rows[1][0] = rows[0][0] * 0.5 + g;
      z += Math.tanh(rows[1][0]) * rows[0][c.length - 1];
    }
    return z;
  }
""");
  }

  private static final double[] X = {0.6, -0.3, 1.1};

  @Test
  void anOdeTrajectoryKeptRowByRow() {
    f.check("trajectory", X, 0.2, 4);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "trajectory", X, 0.2, 4);
  }

  @Test
  void rowsClonedAfterAHelpersLocalOfTheSameName() {
    f.check("afterASearch", X, 0.7);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "afterASearch", X, 0.7);
  }

  @Test
  void rowsAllocatedInALoop() {
    double[][] w = {{0.4, -0.8, 0.3}, {1.1, 0.2, -0.5}};
    f.check("allocatedInALoop", w, X);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "allocatedInALoop", w, X);
  }

  @Test
  void rowsFromLocalsAndParameters() {
    f.check("fromLocals", X, 0.7);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "fromLocals", X, 0.7);
  }

  @Test
  void rowsFromInitializers() {
    f.check("fromInitializers", 0.7, -1.3);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "fromInitializers", 0.7, -1.3);
  }

  @Test
  void pullbacksThroughACaller() {
    f.check("caller", X, 0.7);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "caller", X, 0.7);
  }

  @Test
  void theMatrixGetsRowsOfTheFirstRowsLength() throws Exception {
    String generated = f.code().compilation().generatedSourceFile(CLASS + "Grad").orElseThrow()
        .getCharContent(true).toString();
    assertThat(generated).contains("double[][] traj = new double[steps + 1][x.length];");
    assertThat(generated).contains("double[][] h = new double[w.length][d];");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupported")
  void unsupportedRowsAreAPositionedError(String what, String members, String message) {
    MarkedSource.assertOnlyError(what, members, message);
  }

  static Stream<Arguments> unsupported() {
    return Stream.of(
        Arguments.of("a ragged matrix's row that is another array", """
            @Differentiable
            static double f(double[] x) {
              double[][] m = new double[2][];
              m[0] = new double[1];
              m[1] = new double[2];
              m[1] = x; //!
              return m[0][0] + m[1][0];
            }
            """, "the rows of the ragged matrix m (rows of different lengths) must be new"
                + " arrays"),
        Arguments.of("a ragged matrix inside a loop", """
            @Differentiable
            static double f(double[] x) {
              double s = 0;
              for (int k = 0; k < 2; k++) {
                double[][] m = new double[2][]; //!
                m[0] = new double[1];
                m[1] = new double[2];
                s += m[1][1] + x[k];
              }
              return s;
            }
            """, "the matrix m has rows of different lengths (a ragged matrix): declare it at"
                + " the top level of the method"),
        Arguments.of("a later row of another length", """
            @Differentiable
            static double f(double[] x, double[] y) {
              double[][] m = new double[2][];
              m[0] = x;
              m[1] = y; //!
              return m[0][0] + m[1][0];
            }
            """, "the new row of m must have the length of its rows, written as in its"
                + " allocation (x.length)"),
        Arguments.of("no rows assigned", """
            @Differentiable
            static double f(double[] x) {
              double[][] m = new double[2][]; //!
              return x[0] + m.length;
            }
            """, "the rows of m must be assigned in the same block as its declaration"));
  }
}
