package dev.flatgrad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seeds' examples with arrays, written with loops as a user would: the tanh MLP with softmax
 * and cross-entropy of seed 002, and the matrix multiply of seed 001. Their generated gradients
 * are checked against finite differences and against the closed forms on the slides, computed
 * here independently of the generated code.
 */
class SeedNetworkGradientTest {

  /** Closed forms and generated code sum in different orders: a few ulps apart. */
  private static final double CLOSED_FORM = 1e-12;

  private static ArrayGradientCheck seeds;

  @BeforeAll
  static void compile() {
    seeds = ArrayGradientCheck.ofMembers("Seeds", """

  /**
   * Seed 002: h~ = Wh x + bh, h = tanh(h~), y~ = Wy h + by, y^ = SoftMax(y~),
   * l = -sum_i y_i log(y^_i) with y the one-hot vector of the label.
   */
  @Differentiable(wrt = {\"wh\", \"bh\", \"wy\", \"by\"})
  static double mlp(double[][] wh, double[] bh, double[][] wy, double[] by, double[] x,
      int label) {
    int nh = bh.length;
    int ny = by.length;
    double[] h = new double[nh];
    for (int i = 0; i < nh; i++) {
      double a = bh[i];
      for (int j = 0; j < x.length; j++) {
        a += wh[i][j] * x[j];
      }
      h[i] = Math.tanh(a);
    }
    double[] y = new double[ny];
    double sum = 0;
    for (int i = 0; i < ny; i++) {
      double a = by[i];
      for (int j = 0; j < nh; j++) {
        a += wy[i][j] * h[j];
      }
      y[i] = Math.exp(a);
      sum += y[i];
    }
    double loss = 0;
    for (int i = 0; i < ny; i++) {
      double yi = i == label ? 1 : 0;
      loss -= yi * Math.log(y[i] / sum);
    }
    return loss;
  }

  /** Seed 001: L = sum_nm g_nm (x w)_nm, so that dL/d(xw) = g, the slide's upstream gradient. */
  @Differentiable(wrt = {\"x\", \"w\"})
  static double matmul(double[][] x, double[][] w, double[][] g) {
    double loss = 0;
    for (int n = 0; n < x.length; n++) {
      for (int m = 0; m < w[0].length; m++) {
        double y = 0;
        for (int d = 0; d < w.length; d++) {
          y += x[n][d] * w[d][m];
        }
        loss += g[n][m] * y;
      }
    }
    return loss;
  }
        """);
  }

  // ---- seed 002: 2 inputs, 4 hidden tanh units, 2 classes, as on the slide

  private static final double[][] WH = {{0.3, -0.5}, {0.8, 0.1}, {-0.4, 0.6}, {0.2, 0.9}};
  private static final double[] BH = {0.1, -0.2, 0.05, 0};
  private static final double[][] WY = {{0.5, -0.3, 0.7, 0.2}, {-0.6, 0.4, 0.1, -0.8}};
  private static final double[] BY = {0.05, -0.1};

  @Test
  void mlpMatchesFiniteDifferences() {
    seeds.check("mlp", WH, BH, WY, BY, new double[] {1.5, -0.7}, 0);
    seeds.check("mlp", WH, BH, WY, BY, new double[] {1.5, -0.7}, 1);
    seeds.check("mlp", WH, BH, WY, BY, new double[] {-2, 0.3}, 1);
  }

  @Test
  void mlpMatchesTheSlidesGradientFormulas() {
    for (double[] x : List.of(new double[] {1.5, -0.7}, new double[] {-2, 0.3})) {
      for (int label = 0; label < 2; label++) {
        assertSlideFormulas(WH, BH, WY, BY, x, label);
      }
    }
  }

  @Test
  void mlpWithThreeClassesMatchesTheSlidesGradientFormulas() {
    double[][] wh = {{0.3, -0.5, 0.2}, {0.8, 0.1, -0.3}};
    double[] bh = {0.1, -0.2};
    double[][] wy = {{0.5, -0.3}, {-0.6, 0.4}, {0.9, 0.1}};
    double[] by = {0.05, -0.1, 0.2};
    double[] x = {0.4, -1.1, 0.7};
    seeds.check("mlp", wh, bh, wy, by, x, 2);
    for (int label = 0; label < 3; label++) {
      assertSlideFormulas(wh, bh, wy, by, x, label);
    }
  }

  /**
   * δʸ = ŷ − y, ∂ℓ/∂Wʸ_ij = δʸ_i h_j, ∂ℓ/∂bʸ_i = δʸ_i, δʰ_i = (1 − h_i²) Σ_j δʸ_j Wʸ_ji,
   * ∂ℓ/∂Wʰ_ij = δʰ_i x_j, ∂ℓ/∂bʰ_i = δʰ_i (seed 002).
   */
  private static void assertSlideFormulas(double[][] wh, double[] bh, double[][] wy, double[] by,
      double[] x, int label) {
    int nh = bh.length;
    int ny = by.length;
    double[] h = new double[nh];
    for (int i = 0; i < nh; i++) {
      double a = bh[i];
      for (int j = 0; j < x.length; j++) {
        a += wh[i][j] * x[j];
      }
      h[i] = Math.tanh(a);
    }
    double[] yTilde = new double[ny];
    double norm = 0;
    for (int i = 0; i < ny; i++) {
      yTilde[i] = by[i];
      for (int j = 0; j < nh; j++) {
        yTilde[i] += wy[i][j] * h[j];
      }
      norm += Math.exp(yTilde[i]);
    }
    double[] deltaY = new double[ny];
    for (int i = 0; i < ny; i++) {
      deltaY[i] = Math.exp(yTilde[i]) / norm - (i == label ? 1 : 0);
    }
    double[][] dWy = new double[ny][nh];
    for (int i = 0; i < ny; i++) {
      for (int j = 0; j < nh; j++) {
        dWy[i][j] = deltaY[i] * h[j];
      }
    }
    double[] deltaH = new double[nh];
    for (int i = 0; i < nh; i++) {
      double back = 0;
      for (int j = 0; j < ny; j++) {
        back += deltaY[j] * wy[j][i];
      }
      deltaH[i] = (1 - h[i] * h[i]) * back;
    }
    double[][] dWh = new double[nh][x.length];
    for (int i = 0; i < nh; i++) {
      for (int j = 0; j < x.length; j++) {
        dWh[i][j] = deltaH[i] * x[j];
      }
    }

    Map<String, Object> g = seeds.gradient("mlp", wh, bh, wy, by, x, label);
    List<String> failures = new ArrayList<>();
    compare(failures, "dl/dWy", dWy, (double[][]) g.get("wy"));
    compare(failures, "dl/dby", new double[][] {deltaY}, new double[][] {(double[]) g.get("by")});
    compare(failures, "dl/dWh", dWh, (double[][]) g.get("wh"));
    compare(failures, "dl/dbh", new double[][] {deltaH}, new double[][] {(double[]) g.get("bh")});
    assertEquals(-Math.log(Math.exp(yTilde[label]) / norm), (double) g.get("value"), CLOSED_FORM,
        "cross-entropy");
    if (!failures.isEmpty()) {
      fail("label " + label + ":\n" + String.join("\n", failures));
    }
  }

  // ---- seed 001: backprop with matrices

  /** x: [N×D], w: [D×M] and the upstream gradient dL/dy: [N×M], from the slide. */
  private static final double[][] X = {{2, 1, -3}, {-3, 4, 2}};
  private static final double[][] W = {{3, 2, 1, -1}, {2, 1, 3, 2}, {3, 2, 1, -2}};
  private static final double[][] DL_DY = {{2, 3, -3, 9}, {-8, 1, 4, 6}};

  @Test
  void matmulMatchesFiniteDifferences() {
    seeds.check("matmul", X, W, DL_DY);
  }

  @Test
  void matmulGradientsAreTheSlidesProducts() {
    Map<String, Object> g = seeds.gradient("matmul", X, W, DL_DY);
    List<String> failures = new ArrayList<>();
    // dL/dx = (dL/dy) wᵀ: [N×M][M×D]; dL/dw = xᵀ (dL/dy): [D×N][N×M]. Integers: exact.
    compare(failures, "dL/dx", multiply(DL_DY, transpose(W)), (double[][]) g.get("x"));
    compare(failures, "dL/dw", multiply(transpose(X), DL_DY), (double[][]) g.get("w"));
    if (!failures.isEmpty()) {
      fail(String.join("\n", failures));
    }
    // The slide's boxed element: x_{0,1} affects the row y_{0,·}, by w_{1,·}:
    // dL/dx_{0,1} = 2·2 + 3·1 + (−3)·3 + 9·2 = 16.
    assertEquals(16, ((double[][]) g.get("x"))[0][1], 0);
    assertEquals(sum(hadamard(DL_DY, multiply(X, W))), (double) g.get("value"), 0);
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    double[][] c = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b[0].length; j++) {
        for (int k = 0; k < b.length; k++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return c;
  }

  private static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  private static double[][] hadamard(double[][] a, double[][] b) {
    double[][] c = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        c[i][j] = a[i][j] * b[i][j];
      }
    }
    return c;
  }

  private static double sum(double[][] a) {
    double s = 0;
    for (double[] row : a) {
      for (double v : row) {
        s += v;
      }
    }
    return s;
  }

  private static void compare(List<String> failures, String what, double[][] expected,
      double[][] actual) {
    if (actual.length != expected.length) {
      failures.add(what + " has " + actual.length + " rows, expected " + expected.length);
      return;
    }
    for (int i = 0; i < expected.length; i++) {
      if (actual[i].length != expected[i].length) {
        failures.add(what + "[" + i + "] has length " + actual[i].length);
        continue;
      }
      for (int j = 0; j < expected[i].length; j++) {
        double tolerance = CLOSED_FORM * Math.max(1, Math.abs(expected[i][j]));
        if (!(Math.abs(expected[i][j] - actual[i][j]) <= tolerance)) {
          failures.add("%s[%d][%d] = %s, closed form %s".formatted(what, i, j, actual[i][j],
              expected[i][j]));
        }
      }
    }
  }
}
