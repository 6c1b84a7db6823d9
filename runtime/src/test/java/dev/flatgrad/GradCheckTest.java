package dev.flatgrad;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * GradCheck against hand-written gradients: right ones pass, deliberately wrong ones (the bugs
 * people make by hand: a dropped factor, a transposed matrix, a wrong sign) fail, named.
 */
class GradCheckTest {

  private static final double TOLERANCE = 1e-5;

  /** f(x, y) = x² y + sin(y). */
  private static double scalarFunction(double x, double y) {
    return x * x * y + Math.sin(y);
  }

  @Test
  void rightScalarGradientPasses() {
    double x = 1.5;
    double y = -0.7;
    GradCheck.Result result = checkScalars(x, y, 2 * x * y, x * x + Math.cos(y));
    assertTrue(result.passes(TOLERANCE), result::toString);
    assertTrue(result.worstRelativeError() < 1e-8, result::toString);
  }

  @Test
  void droppedFactorIsCaughtOnThatParameterOnly() {
    double x = 1.5;
    double y = -0.7;
    // Wrong: d/dx x²y is 2xy, not xy.
    GradCheck.Result result = checkScalars(x, y, x * y, x * x + Math.cos(y));
    assertFalse(result.passes(TOLERANCE), result::toString);
    assertEquals(0.5, result.parameter("x").relativeError(), 1e-6);
    assertTrue(result.parameter("y").passes(TOLERANCE), result::toString);
    assertEquals(x * y, result.parameter("x").generated());
    assertEquals(2 * x * y, result.parameter("x").estimate(), 1e-8);
  }

  /** f(w, b) = Σ_i tanh(Σ_j w[i][j] v[j] + b[i]) for a fixed v: matrix and vector parameters. */
  private static final double[] V = {0.5, -1.0, 2.0};

  private static double layer(double[][] w, double[] b) {
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      double a = b[i];
      for (int j = 0; j < V.length; j++) {
        a += w[i][j] * V[j];
      }
      sum += Math.tanh(a);
    }
    return sum;
  }

  /** The right gradient: dL/da_i = 1 - tanh², dL/dw[i][j] = that times v[j]. */
  private static double[][] layerGradientW(double[][] w, double[] b, boolean transposeBug) {
    double[][] g = new double[w.length][V.length];
    for (int i = 0; i < w.length; i++) {
      double a = b[i];
      for (int j = 0; j < V.length; j++) {
        a += w[i][j] * V[j];
      }
      double t = Math.tanh(a);
      for (int j = 0; j < V.length; j++) {
        g[i][j] = (1 - t * t) * V[transposeBug ? (j + i) % V.length : j];
      }
    }
    return g;
  }

  private static double[] layerGradientB(double[][] w, double[] b) {
    double[] g = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      double a = b[i];
      for (int j = 0; j < V.length; j++) {
        a += w[i][j] * V[j];
      }
      double t = Math.tanh(a);
      g[i] = 1 - t * t;
    }
    return g;
  }

  private static final double[][] W = {{0.1, -0.3, 0.2}, {0.4, 0.05, -0.2}};
  private static final double[] B = {0.3, -0.1};

  @Test
  void rightArrayGradientPasses() {
    GradCheck.Result result = GradCheck.of(a -> layer(a.matrix(0), a.vector(1)))
        .matrix("w", W, layerGradientW(W, B, false))
        .vector("b", B, layerGradientB(W, B))
        .run();
    assertTrue(result.passes(TOLERANCE), result::toString);
    assertEquals(W.length * V.length + B.length, result.entries());
  }

  @Test
  void misindexedMatrixGradientIsCaughtAndLocated() {
    GradCheck.Result result = GradCheck.of(a -> layer(a.matrix(0), a.vector(1)))
        .matrix("w", W, layerGradientW(W, B, true))
        .vector("b", B, layerGradientB(W, B))
        .run();
    assertFalse(result.passes(TOLERANCE), result::toString);
    GradCheck.ParameterError w = result.parameter("w");
    assertTrue(w.relativeError() > 0.5, result::toString);
    assertTrue(w.index().startsWith("[1]"), "row 0 is right, row 1 is shifted: " + w.index());
    assertTrue(result.parameter("b").passes(TOLERANCE), result::toString);
  }

  @Test
  void wrongSignIsCaught() {
    double[] b = layerGradientB(W, B);
    b[1] = -b[1];
    GradCheck.Result result = GradCheck.of(a -> layer(a.matrix(0), a.vector(1)))
        .matrix("w", W, layerGradientW(W, B, false))
        .vector("b", B, b)
        .run();
    assertEquals(2, result.parameter("b").relativeError(), 1e-6);
    assertEquals("[1]", result.parameter("b").index());
  }

  @Test
  void nanGradientFails() {
    GradCheck.Result result = checkScalars(1, 2, Double.NaN, 1 + Math.cos(2));
    assertFalse(result.passes(1e9), result::toString);
    assertTrue(Double.isNaN(result.worstRelativeError()));
  }

  @Test
  void zeroGradientsCompareAbsolutelyBelowTheFloor() {
    // f = x³ at 0: the derivative is 0, and so is the estimate up to h²; no division by zero.
    GradCheck.Result result = GradCheck.of(a -> Math.pow(a.scalar(0), 3))
        .scalar("x", 0, 0)
        .run();
    assertTrue(result.passes(TOLERANCE), result::toString);
  }

  @Test
  void callersArraysAreNeverChanged() {
    double[][] w = {{1, 2}, {3, 4}};
    double[] v = {5, 6};
    GradCheck.of(a -> {
      a.matrix(0)[0][0] += 0; // reads the working copy
      return a.matrix(0)[1][1] * a.vector(1)[0];
    }).matrix("w", w, new double[][] {{0, 0}, {0, 5}}).vector("v", v, new double[] {4, 0}).run();
    assertArrayEquals(new double[] {1, 2}, w[0]);
    assertArrayEquals(new double[] {3, 4}, w[1]);
    assertArrayEquals(new double[] {5, 6}, v);
  }

  @Test
  void reportNamesEveryParameterWithItsWorstEntry() {
    GradCheck.Result result = GradCheck.of(a -> layer(a.matrix(0), a.vector(1)))
        .matrix("w", W, layerGradientW(W, B, true))
        .vector("b", B, layerGradientB(W, B))
        .run();
    String report = result.toString();
    assertAll(
        () -> assertTrue(report.startsWith("gradient check: 2 parameters, 8 entries"), report),
        () -> assertTrue(report.contains("\n  w[1]["), report),
        () -> assertTrue(report.contains("\n  b["), report),
        () -> assertTrue(report.contains("worst relative error"), report));
  }

  @Test
  void mismatchedShapesAndKindsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> GradCheck.of(a -> 0).vector("v", new double[2], new double[3]));
    assertThrows(IllegalArgumentException.class,
        () -> GradCheck.of(a -> 0).matrix("m", new double[2][2], new double[2][3]));
    GradCheck wrongKind = GradCheck.of(a -> a.vector(0)[0]).scalar("x", 1, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, wrongKind::run);
    assertTrue(e.getMessage().contains("(x) is a scalar, not a vector"), e.getMessage());
  }

  private static GradCheck.Result checkScalars(double x, double y, double dx, double dy) {
    return GradCheck.of(a -> scalarFunction(a.scalar(0), a.scalar(1)))
        .scalar("x", x, dx)
        .scalar("y", y, dy)
        .run();
  }
}
