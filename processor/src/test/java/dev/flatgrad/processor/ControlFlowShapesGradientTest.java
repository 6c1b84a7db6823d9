package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loops, branches and arrays as users write them, one small program per feature of the subset,
 * each checked against central finite differences of the user's own method at several inputs,
 * chosen so that every branch is taken at some input.
 */
class ControlFlowShapesGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Shapes", """
  @Differentiable
  static double softmaxCrossEntropy(double[] z, int label) {
    double m = z[0];
    for (int i = 1; i < z.length; i++) {
      m = Math.max(m, z[i]);
    }
    double s = 0;
    for (int i = 0; i < z.length; i++) {
      s += Math.exp(z[i] - m);
    }
    return Math.log(s) + m - z[label];
  }

  @Differentiable(wrt = "x")
  static double llsq(double[] x, double[] t, double[] y) {
    double total = 0;
    for (int i = 0; i < y.length; i++) {
      double ti = t[i];
      double mul = 1;
      double s = 0;
      for (int j = 0; j < x.length; j++) {
        s += x[j] * mul;
        mul *= ti;
      }
      double r = y[i] - s;
      total += r * r;
    }
    return 0.5 * total;
  }

  @Differentiable(wrt = "centres")
  static double kmeans(double[][] points, double[][] centres) {
    double total = 0;
    for (int p = 0; p < points.length; p++) {
      double best = Double.MAX_VALUE;
      for (int k = 0; k < centres.length; k++) {
        double d = 0;
        for (int j = 0; j < points[p].length; j++) {
          double diff = points[p][j] - centres[k][j];
          d += diff * diff;
        }
        if (d < best) {
          best = d;
        }
      }
      total += best;
    }
    return total;
  }

  @Differentiable
  static double prefixSums(double[] x) {
    int n = x.length;
    double[] p = new double[n];
    p[0] = x[0];
    for (int i = 1; i < n; i++) {
      p[i] = p[i - 1] + x[i];
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += p[i] * p[i];
    }
    return s;
  }

  @Differentiable
  static double prefixProducts(double[] x) {
    int n = x.length;
    double[] p = new double[n];
    p[0] = x[0];
    for (int i = 1; i < n; i++) {
      p[i] = p[i - 1] * x[i];
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += p[i];
    }
    return s;
  }

  @Differentiable
  static double doWhile(double x) {
    double y = x;
    int k = 0;
    do {
      y = Math.sin(y) + x * 0.5;
      k++;
    } while (k < 4);
    return y;
  }

  @Differentiable(wrt = {"x", "c"})
  static double nested(double[] x, double c) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] > 0) {
        if (x[i] > 1) {
          s += Math.log(x[i]) * c;
        } else {
          s += x[i] * x[i];
        }
      } else {
        s -= x[i] * c;
        s = s * 0.9;
      }
    }
    return s;
  }

  @Differentiable
  static double elseIf(double x, double y) {
    double r;
    if (x < -1) {
      r = x * y;
    } else if (x < 0) {
      r = x * x + y;
    } else if (x < 1) {
      r = Math.exp(x) * y;
    } else {
      r = Math.sqrt(x) - y * y;
    }
    return r;
  }

  @Differentiable
  static double ternaries(double x, double y) {
    int k = x > y ? 2 : 3;
    double a = x > 0 ? x * y : -x;
    double b = (y < 1 ? y : 1) * k;
    return a + b + (x * k > 1 ? Math.cos(x) : y);
  }

  @Differentiable
  static double logic(double x, double y, boolean flip) {
    double r = 0;
    if (x > 0 && y > 0 || !(x < y)) {
      r = x * y;
    } else {
      r = x + y;
    }
    if (flip != (r > 1)) {
      r = -r;
    }
    boolean both = x > 1 && y > 1;
    if (!both) {
      r *= 2;
    }
    return r;
  }

  @Differentiable
  static double countDown(double[] x) {
    double s = 1;
    int i = x.length;
    while (i > 0) {
      i--;
      s = s * Math.cos(x[i]) + x[i];
    }
    return s;
  }

  @Differentiable
  static double stepTwo(double[] x) {
    double s = 0;
    for (int i = 0; i + 1 < x.length; i += 2) {
      s += x[i] * x[i + 1];
      s = Math.sin(s);
    }
    return s;
  }

  @Differentiable(wrt = "v")
  static double gather(double[] v, double[] x, int[] idx, boolean[] mask) {
    double s = 0;
    for (int k = 0; k < idx.length; k++) {
      if (mask[k]) {
        s += v[k] * x[idx[k]] * v[idx[k]];
      }
    }
    return s;
  }

  @Differentiable
  static double matmulNorm(double[][] a, double[][] b) {
    int n = a.length;
    int m = b[0].length;
    double[][] c = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        for (int k = 0; k < b.length; k++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        s += Math.tanh(c[i][j]) * c[i][j];
      }
    }
    return s;
  }

  @Differentiable
  static double earlyReturn(double[] x, double limit) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      if (s > limit) {
        return s * limit;
      }
      s += x[i] * x[i];
    }
    return s;
  }

  @Differentiable
  static double compound(double[] x, double a) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i];
      y[i] += a * x[i];
      y[i] *= x[i] + 1;
      y[i] -= a;
      y[i] /= 1 + a * a;
      y[i]++;
    }
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += y[i] * y[i];
    }
    return s;
  }

  @Differentiable
  static double ragged(double[][] a) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double row = 0;
      for (int j = 0; j < a[i].length; j++) {
        row += a[i][j] * (j + 1);
      }
      s += row * row;
    }
    return s;
  }

  @Differentiable(wrt = {"w"})
  static double wrtArray(double[] w, double[] x, double b) {
    double s = b;
    for (int i = 0; i < w.length; i++) {
      s += w[i] * x[i];
    }
    return Activations.sigmoid(s);
  }

  @Differentiable
  static double zeroTrips(double x, int n) {
    double y = x * x;
    for (int i = 0; i < n; i++) {
      y = Math.sin(y) * x;
    }
    return y;
  }

  /** A data parameter that the loop makes depend on x: its tangent starts at zero. */
  @Differentiable(wrt = "x")
  static double dataMadeActive(double z, double x, int n) {
    for (int i = 0; i < n; i++) {
      z -= x * z;
    }
    return z * x;
  }
        """);
  }

  @Test
  void softmaxCrossEntropy() {
    f.check("softmaxCrossEntropy", new double[] {0.5, -1, 2, 0.3}, 2);
    f.check("softmaxCrossEntropy", new double[] {3, -1, 2, 0.3}, 0);
    f.check("softmaxCrossEntropy", new double[] {-0.2}, 0);
  }

  @Test
  void leastSquaresWithPassivePowerInTheInnerLoop() {
    double[] t = {-1, -0.5, 0, 0.5, 1, 1.5};
    double[] y = {0.3, -0.2, 1, 0.7, 2, 1.1};
    f.check("llsq", new double[] {0.2, -0.4, 1.3}, t, y);
    f.check("llsq", new double[] {1, 0, 0, 0.5, -0.1}, t, y);
  }

  @Test
  void kMeansObjectiveTakesTheNearestCentre() {
    double[][] points = {{0, 0}, {1, 0.5}, {4, 4}, {5, 3.5}, {-1, 2}};
    f.check("kmeans", points, new double[][] {{0.1, 0.2}, {4.5, 3.9}});
    f.check("kmeans", points, new double[][] {{-0.8, 1.5}, {0.9, 0.1}, {4.4, 3.6}});
  }

  @Test
  void prefixSumsOnALocalArray() {
    f.check("prefixSums", new double[] {1, -2, 0.5, 3});
    f.check("prefixSums", new double[] {0.7});
  }

  @Test
  void prefixProductsOnALocalArray() {
    f.check("prefixProducts", new double[] {1.1, -2, 0.5, 3, 0.9});
  }

  @Test
  void doWhileLoop() {
    f.check("doWhile", 0.3);
    f.check("doWhile", -2.0);
  }

  @Test
  void nestedBranchesInALoop() {
    f.check("nested", new double[] {2, 0.5, -1, 3, -0.2, 0.1}, 0.7);
    f.check("nested", new double[] {-2, -0.5}, -1.5);
  }

  @Test
  void elseIfChainTakesEachBranch() {
    f.check("elseIf", -2.0, 0.5);
    f.check("elseIf", -0.5, 0.5);
    f.check("elseIf", 0.5, -1.5);
    f.check("elseIf", 2.0, 3.0);
  }

  @Test
  void doubleAndIntTernaries() {
    f.check("ternaries", 2.0, 0.5);
    f.check("ternaries", -0.5, 1.5);
    f.check("ternaries", 0.3, 2.0);
    f.check("ternaries", 0.1, 0.9);
  }

  @Test
  void andOrNotConditions() {
    f.check("logic", 1.5, 2.0, false);
    f.check("logic", 1.5, 2.0, true);
    f.check("logic", -0.5, 2.0, false);
    f.check("logic", -0.5, -3.0, true);
    f.check("logic", 0.2, 0.3, false);
  }

  @Test
  void whileLoopCountingDown() {
    f.check("countDown", new double[] {0.3, -1, 2, 0.5});
  }

  @Test
  void loopWithStepTwo() {
    f.check("stepTwo", new double[] {0.3, -1, 2, 0.5, 0.7});
    f.check("stepTwo", new double[] {0.3, -1, 2, 0.5});
  }

  @Test
  void intAndBooleanArraysAsData() {
    double[] x = {0.5, -1, 2};
    f.check("gather", new double[] {1, -0.5, 2, 0.3}, x, new int[] {2, 0, 1, 2},
        new boolean[] {true, false, true, true});
  }

  @Test
  void matrixParametersAndLocalMatrix() {
    f.check("matmulNorm", new double[][] {{1, 0.5, -0.3}, {0.2, -0.7, 0.4}},
        new double[][] {{0.3, -1}, {0.8, 0.1}, {-0.5, 0.6}});
  }

  @Test
  void earlyReturnInsideALoop() {
    double[] x = {1, -2, 0.5, 3, 1};
    f.check("earlyReturn", x, 4.5); // returns at i = 2
    f.check("earlyReturn", x, 100.0); // never returns early
  }

  @Test
  void compoundElementUpdates() {
    f.check("compound", new double[] {0.5, -1, 2}, 0.7);
  }

  @Test
  void lengthOfRowsOfARaggedMatrix() {
    f.check("ragged", (Object) new double[][] {{1, 2}, {0.5}, {-1, 0.3, 2}});
  }

  @Test
  void wrtOnAnArray() {
    f.check("wrtArray", new double[] {0.3, -0.2}, new double[] {1, 2}, 0.5);
  }

  @Test
  void dataParameterAssignedAnActiveValueInALoop() {
    f.check("dataMadeActive", 0.8, 0.3, 3);
    // Only x is differentiated: (H v)_x = d/dx (df/dx) · v, against a central difference.
    double h = 1e-5;
    double plus = (double) GeneratedCode.components(f.code().invokeGradientWith("p.Shapes",
        "dataMadeActive", 0.8, 0.3 + h, 3)).get("x");
    double minus = (double) GeneratedCode.components(f.code().invokeGradientWith("p.Shapes",
        "dataMadeActive", 0.8, 0.3 - h, 3)).get("x");
    Object product = f.code().invokeMethodWith("p.ShapesGrad", "dataMadeActiveHessianVector",
        0.8, 0.3, 3, 1.5);
    double along = (double) GeneratedCode.components((Record) product).get("dot_x");
    assertThat(along).isWithin(1e-6).of(1.5 * (plus - minus) / (2 * h));
  }

  @Test
  void loopBoundParameterZeroRunsNoIteration() {
    f.check("zeroTrips", 0.7, 0);
    f.check("zeroTrips", 0.7, 3);
  }
}
