package dev.flatgrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code int[][]} and {@code boolean[][]} as data: parameters (index tables, masks), local
 * matrices written and read, initializers, and such matrices declared inside loops. Each method is
 * checked against central finite differences of the user's own method (value, gradient, tangent,
 * Hessian-vector product, untouched arguments, an empty tape).
 */
class IntAndBooleanMatricesGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Tables", """
  /** Edges as an int[][] of index pairs, masked by a boolean[][]. */
  @Differentiable
  static double graphEnergy(double[] x, int[][] edges, boolean[][] active) {
    double e = 0;
    for (int k = 0; k < edges.length; k++) {
      int a = edges[k][0];
      int b = edges[k][1];
      double d = x[a] - x[b];
      if (active[a][b]) {
        e += d * d;
      } else {
        e += Math.abs(d) * 0.1;
      }
    }
    return e;
  }

  @Differentiable
  static double localTables(double[] x) {
    int[][] pairs = {{0, 1}, {1, 2}, {2, 0}};
    boolean[][] flip = new boolean[3][2];
    flip[1][0] = true;
    int[][] counts = new int[3][3];
    double s = 0;
    for (int k = 0; k < pairs.length; k++) {
      int i = flip[k][0] ? pairs[k][1] : pairs[k][0];
      int j = flip[k][0] ? pairs[k][0] : pairs[k][1];
      counts[i][j] += k + 1;
      s += x[i] * Math.sin(x[j]) * counts[i][j];
    }
    return s;
  }

  @Differentiable
  static double tablesInALoop(double[] x, int n) {
    double s = 0;
    for (int it = 0; it < 2; it++) {
      int[][] visits = new int[n][n];
      for (int i = 0; i < n; i++) {
        visits[i][(i + it) % n]++;
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          s += visits[i][j] * x[i] * x[j];
        }
      }
    }
    return s;
  }
""");
  }

  @Test
  void intAndBooleanMatrixParameters() {
    double[] x = {0.3, -0.8, 1.1, 0.4};
    int[][] edges = {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {0, 2}};
    boolean[][] active = new boolean[4][4];
    active[0][1] = true;
    active[2][3] = true;
    active[0][2] = true;
    f.check("graphEnergy", x, edges, active);
    SecondOrderTest.checkHessianVector(f.code(), "p.Tables", "graphEnergy", x, edges, active);
  }

  @Test
  void localIntAndBooleanMatrices() {
    double[] x = {0.3, -0.8, 1.1};
    f.check("localTables", (Object) x);
    SecondOrderTest.checkHessianVector(f.code(), "p.Tables", "localTables", (Object) x);
  }

  @Test
  void anIntMatrixDeclaredInALoop() {
    double[] x = {0.3, -0.8, 1.1};
    f.check("tablesInALoop", x, 3);
    SecondOrderTest.checkHessianVector(f.code(), "p.Tables", "tablesInALoop", x, 3);
  }
}
