package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import dev.flatgrad.Tape;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local arrays declared inside loops and branches: a fresh zero-filled array each time the
 * declaration runs, as in Java. Each method is checked against central finite differences of the
 * user's own method (value, gradient, tangent, Hessian-vector product, an empty tape after the
 * call); the tape test counts what the reverse pass saves.
 */
class NestedLocalArraysGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Nested", """
  /** A batch MLP loss written the obvious way: one hidden layer per example. */
  @Differentiable
  static double mlpLoss(double[][] w1, double[] b1, double[] w2, double b2, double[][] x,
      double[] y, int hidden) {
    double loss = 0;
    for (int n = 0; n < x.length; n++) {
      double[] h = new double[hidden];
      for (int j = 0; j < hidden; j++) {
        double s = b1[j];
        for (int k = 0; k < x[n].length; k++) {
          s += w1[j][k] * x[n][k];
        }
        h[j] = Math.tanh(s);
      }
      double out = b2;
      for (int j = 0; j < hidden; j++) {
        out += w2[j] * h[j];
      }
      double r = out - y[n];
      loss += r * r;
    }
    return loss / x.length;
  }

  /** The array is read before every element is written: each iteration must start at zero. */
  @Differentiable
  static double accumulates(double[] x, int m) {
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double[] acc = new double[m];
      for (int k = 0; k <= i; k++) {
        acc[k % m] += Math.sin(x[k] * (i + 1));
      }
      for (int k = 0; k < m; k++) {
        total += acc[k] * acc[k] * (k + 1);
      }
    }
    return total;
  }

  @Differentiable
  static double inBranch(double[] x, double a) {
    double s = 0;
    if (a > 0) {
      double[] t = {a * x[0], x[1] * x[2], Math.exp(a)};
      s = t[0] * t[1] + t[2];
    } else {
      double[] t = new double[2];
      t[1] = a * a;
      s = t[0] + t[1] * x[0];
    }
    return s;
  }

  @Differentiable
  static double branchInLoop(double[] x) {
    double s = 0;
    int n = x.length;
    for (int i = 0; i < n; i++) {
      if (x[i] > 0) {
        double[] p = new double[n + 1];
        for (int k = 0; k < n; k++) {
          p[k + 1] = p[k] + x[k] * x[i];
        }
        s += p[n];
      } else {
        s -= x[i] * x[i];
      }
    }
    return s;
  }

  @Differentiable
  static double matrixAndIntsInLoop(double[] x, int rows) {
    double s = 0;
    for (int it = 0; it < 3; it++) {
      double[][] m = new double[rows][x.length];
      int[] count = new int[rows];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < x.length; c++) {
          m[r][c] = Math.cos(x[c] * (r + it + 1));
          count[r]++;
        }
      }
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < x.length; c++) {
          s += m[r][c] * m[r][c] / count[r];
        }
      }
    }
    return s;
  }

  @Differentiable
  static double whileLoopUpdatesItsArray(double x, double y) {
    double s = 0;
    int k = 0;
    while (s < 5) {
      double[] v = {x, y, s};
      v[2] = v[2] + v[0] * v[1] + 1;
      s = v[2];
      k++;
    }
    return s * k;
  }
""");
  }

  private static final double[][] W1 = {{0.3, -0.2, 0.5}, {-0.4, 0.1, 0.25}, {0.2, 0.6, -0.3},
      {0.05, -0.5, 0.45}};
  private static final double[] B1 = {0.1, -0.05, 0.2, 0.0};
  private static final double[] W2 = {0.7, -0.3, 0.5, 0.2};
  private static final double[][] X = {{1.0, -0.5, 0.25}, {0.3, 0.8, -1.1}, {-0.7, 0.2, 0.4},
      {0.5, 0.5, 0.5}, {-1.0, 0.1, 0.9}};
  private static final double[] Y = {0.5, -0.2, 0.1, 0.8, -0.4};

  @Test
  void aBatchMlpWithItsHiddenLayerDeclaredInTheLoop() {
    f.check("mlpLoss", W1, B1, W2, 0.1, X, Y, 4);
    SecondOrderTest.checkHessianVector(f.code(), "p.Nested", "mlpLoss", W1, B1, W2, 0.1, X, Y,
        4);
  }

  @Test
  void eachIterationGetsAFreshZeroArray() {
    double[] x = {0.4, -0.7, 1.2, 0.3, -0.2};
    f.check("accumulates", x, 3);
    SecondOrderTest.checkHessianVector(f.code(), "p.Nested", "accumulates", x, 3);
  }

  @Test
  void arraysDeclaredInBranches() {
    double[] x = {0.4, -0.7, 1.2};
    f.check("inBranch", x, 0.8);
    f.check("inBranch", x, -0.6);
    SecondOrderTest.checkHessianVector(f.code(), "p.Nested", "inBranch", x, 0.8);
    SecondOrderTest.checkHessianVector(f.code(), "p.Nested", "inBranch", x, -0.6);
  }

  @Test
  void anArrayInABranchInsideALoop() {
    double[] x = {0.4, -0.7, 1.2, 0.3, -0.2};
    f.check("branchInLoop", (Object) x);
    SecondOrderTest.checkHessianVector(f.code(), "p.Nested", "branchInLoop", (Object) x);
  }

  @Test
  void matricesAndIntArraysInALoop() {
    double[] x = {0.4, -0.7, 1.2};
    f.check("matrixAndIntsInLoop", x, 2);
    SecondOrderTest.checkHessianVector(f.code(), "p.Nested", "matrixAndIntsInLoop", x, 2);
  }

  @Test
  void anInitializedArrayInAWhileLoop() {
    f.check("whileLoopUpdatesItsArray", 0.6, 0.9);
    SecondOrderTest.checkHessianVector(f.code(), "p.Nested", "whileLoopUpdatesItsArray", 0.6,
        0.9);
  }

  /**
   * What the MLP's gradient saves: the reverse pass needs each example's hidden layer (for
   * {@code tanh'} and for {@code w2}'s gradient) and its output, which a hand-written gradient
   * keeps too: {@code hidden + 1} doubles per example (the layer, saved where the next example
   * overwrites it, and the residual). Nothing grows with the inner loops, and no zero fill is
   * saved: the loop that writes every element of the layer first stands for the allocation.
   */
  @Test
  void theTapeHoldsEachExamplesHiddenLayerOnly() {
    int hidden = 4;
    int examples = X.length;
    int used = highWaterMark(() -> f.gradient("mlpLoss", W1, B1, W2, 0.1, X, Y, hidden));
    assertThat(used).isEqualTo(examples * (hidden + 1));
  }

  /** How many doubles of the thread's tape a call pushes at most. */
  private static int highWaterMark(Runnable call) {
    Tape tape = Tape.forThread();
    double[] marked = new double[1 << 12];
    Arrays.fill(marked, Double.NaN);
    tape.setDoubles(marked, 0);
    call.run();
    double[] after = tape.doubles();
    int used = 0;
    while (used < after.length && !Double.isNaN(after[used])) {
      used++;
    }
    return used;
  }
}
