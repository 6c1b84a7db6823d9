package dev.flatgrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Numerical programs with loops over arrays whose reverse pass needs a tape: recurrences,
 * in-place updates, sorting, iterations to convergence, int state that steers the computation.
 * Each is checked against central finite differences of the user's own method.
 */
class ArrayProgramsGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Programs", """
  @Differentiable(wrt = {"w", "u", "b"})
  static double vectorRnn(double[][] w, double[][] u, double[] b, double[][] xs) {
    int n = b.length;
    double[] h = new double[n];
    double[] next = new double[n];
    for (int t = 0; t < xs.length; t++) {
      for (int i = 0; i < n; i++) {
        double a = b[i];
        for (int j = 0; j < n; j++) {
          a += w[i][j] * h[j];
        }
        for (int j = 0; j < xs[t].length; j++) {
          a += u[i][j] * xs[t][j];
        }
        next[i] = Math.tanh(a);
      }
      for (int i = 0; i < n; i++) {
        h[i] = next[i];
      }
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += h[i] * (i + 1);
    }
    return s;
  }

  @Differentiable
  static double bubbleSort(double[] x) {
    int n = x.length;
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = x[i];
    }
    for (int i = 0; i < n - 1; i++) {
      for (int j = 0; j < n - 1 - i; j++) {
        if (a[j] > a[j + 1]) {
          double tmp = a[j];
          a[j] = a[j + 1];
          a[j + 1] = tmp;
        }
      }
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[i] * a[i] * (i + 1);
    }
    return s;
  }

  @Differentiable
  static double newtonSqrt(double x) {
    double y = x;
    int n = 0;
    while (Math.abs(y * y - x) > 1e-12 * x && n < 100) {
      y = 0.5 * (y + x / y);
      n++;
    }
    return y;
  }

  @Differentiable
  static double whileTrueBreak(double x, double c) {
    double y = x;
    int k = 0;
    while (true) {
      y = y * c + 0.1;
      k++;
      if (y > 10 || k >= 20) {
        break;
      }
    }
    return y * k;
  }

  @Differentiable
  static double doWhileContinue(double[] x) {
    double s = 0;
    int i = 0;
    do {
      double v = x[i];
      i++;
      if (v < 0) {
        continue;
      }
      s = s * 0.5 + v * v;
    } while (i < x.length);
    return s;
  }

  @Differentiable
  static double innerBreak(double[][] a) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double p = 1;
      for (int j = 0; j < a[i].length; j++) {
        if (a[i][j] < 0) {
          break;
        }
        p *= a[i][j];
      }
      s += p;
    }
    return s;
  }

  @Differentiable
  static double triangular(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j <= i; j++) {
        s += x[i] * x[j] / (1 + i + j);
      }
    }
    return s;
  }

  @Differentiable
  static double intStateInBranch(double[] x) {
    int state = 0;
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] > 0) {
        state = state * 2 + 1;
      } else {
        state = state / 2;
      }
      s = s * Math.exp(-0.1 * state) + x[i] * state;
    }
    return s;
  }

  @Differentiable
  static double counterChangedInBody(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s = s + x[i] * s + x[i];
      if (x[i] > 1) {
        i++;
      }
    }
    return s;
  }

  @Differentiable
  static double fibonacciLike(double a0, double b0, int n) {
    double a = a0;
    double b = b0;
    for (int i = 0; i < n; i++) {
      double c = a * b + 0.5 * a;
      a = b;
      b = Math.sin(c);
    }
    return a + 2 * b;
  }

  @Differentiable
  static double huber(double[] r, double delta) {
    double s = 0;
    for (int i = 0; i < r.length; i++) {
      double a = Math.abs(r[i]);
      s += a <= delta ? 0.5 * r[i] * r[i] : delta * (a - 0.5 * delta);
    }
    return s / r.length;
  }

  @Differentiable
  static double powerIteration(double[][] m, int steps) {
    int n = m.length;
    double[] v = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 1;
    }
    double lambda = 0;
    for (int k = 0; k < steps; k++) {
      double norm = 0;
      for (int i = 0; i < n; i++) {
        w[i] = 0;
        for (int j = 0; j < n; j++) {
          w[i] += m[i][j] * v[j];
        }
        norm += w[i] * w[i];
      }
      norm = Math.sqrt(norm);
      lambda = 0;
      for (int i = 0; i < n; i++) {
        lambda += v[i] * w[i];
        v[i] = w[i] / norm;
      }
    }
    return lambda;
  }

  @Differentiable
  static double reverseIndex(double[] x) {
    int n = x.length;
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += x[i] * x[n - 1 - i] * Math.cos(s);
    }
    return s;
  }

  @Differentiable
  static double localMatrixRecurrence(double[] x, int m) {
    int n = x.length;
    double[][] g = new double[m][n];
    for (int j = 0; j < n; j++) {
      g[0][j] = x[j];
    }
    for (int i = 1; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double left = j > 0 ? g[i - 1][j - 1] : 0;
        g[i][j] = Math.tanh(g[i - 1][j] + 0.5 * left);
      }
    }
    double s = 0;
    for (int j = 0; j < n; j++) {
      s += g[m - 1][j];
    }
    return s;
  }

  @Differentiable
  static double boolLocal(double x, double y) {
    boolean big = x * y > 1;
    double r = x;
    for (int i = 0; i < 3; i++) {
      if (big) {
        r = r * y;
      } else {
        r = r + y * y;
      }
      big = !big;
    }
    return r;
  }

  @Differentiable
  static double selectionMax(double[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return x[best] * x[best] + x[0];
  }

  @Differentiable
  static double nestedTernaryInt(double[] x, int mode) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      int w = mode == 0 ? 1 : mode == 1 ? i : (i % 2 == 0 ? -1 : 2);
      s += w * x[i] * x[i];
    }
    return s;
  }

  @Differentiable
  static double sequentialLoopsSharedState(double[] x) {
    double h = 1;
    for (int i = 0; i < x.length; i++) {
      h = h * x[i] + 1;
    }
    for (int i = x.length - 1; i >= 0; i--) {
      h = Math.log(1 + h * h) + x[i];
    }
    return h;
  }
  @Differentiable
  static double argsortWeighted(double[] v) {
    int n = v.length;
    int[] order = new int[n];
    boolean[] used = new boolean[n];
    for (int k = 0; k < n; k++) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        if (!used[i] && (best < 0 || v[i] < v[best])) {
          best = i;
        }
      }
      order[k] = best;
      used[best] = true;
    }
    double s = 0;
    for (int k = 0; k < n; k++) {
      s = s * 0.5 + v[order[k]] * (k + 1);
    }
    return s;
  }

  @Differentiable
  static double rotatingIndex(double[] x) {
    int n = x.length;
    int k = 0;
    double s = 0;
    for (int t = 0; t < 2 * n; t++) {
      s = Math.sin(s) + x[k] * x[k];
      k = (k + 3) % n;
    }
    return s;
  }

  @Differentiable
  static double conditionalStoreInLoop(double[] x, double c) {
    int n = x.length;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = c;
    }
    for (int it = 0; it < 3; it++) {
      for (int i = 0; i < n; i++) {
        if (y[i] * x[i] > 0.2) {
          y[i] = y[i] * x[i];
        } else if (i > 0) {
          y[i] = y[i - 1] + x[i];
        }
      }
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += y[i];
    }
    return s;
  }

  @Differentiable
  static double returnInWhileTrue(double x) {
    double y = x;
    int k = 0;
    while (true) {
      y = y * y * 0.5 + 0.3;
      k++;
      if (y > 2) {
        return y + k;
      }
      if (k > 30) {
        return -y;
      }
    }
  }

  @Differentiable
  static double returnInDoWhile(double[] x) {
    int i = 0;
    double s = 1;
    do {
      s = s * x[i] + 1;
      if (s < 0) {
        return s * s;
      }
      i++;
    } while (i < x.length);
    return s;
  }

  @Differentiable
  static double continueInWhile(double[] x) {
    int i = -1;
    double s = 0;
    while (i < x.length - 1) {
      i++;
      if (x[i] < 0) {
        continue;
      }
      s = Math.sqrt(s + x[i]);
    }
    return s;
  }

  @Differentiable
  static double breakAndContinueNested(double[][] a) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i].length == 0) {
        continue;
      }
      for (int j = 0; j < a[i].length; j++) {
        if (a[i][j] > 5) {
          break;
        }
        if (a[i][j] < 0) {
          continue;
        }
        s = s * 0.9 + a[i][j] * a[i][j];
      }
      if (s > 20) {
        break;
      }
    }
    return s;
  }

  @Differentiable
  static double gatherScatter(double[] x, int[] from, int[] to) {
    double[] y = new double[x.length];
    for (int k = 0; k < from.length; k++) {
      y[to[k]] += x[from[k]] * x[from[k]];
      y[to[k]] *= 0.5 + x[to[k]];
    }
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      s += y[i] * (i + 1);
    }
    return s;
  }

  @Differentiable
  static double euler2d(double[] y0, double a, double b, int steps, double dt) {
    double[] y = new double[2];
    y[0] = y0[0];
    y[1] = y0[1];
    for (int s = 0; s < steps; s++) {
      double dx = a * y[0] - b * y[0] * y[1];
      double dy = -y[1] + b * y[0] * y[1];
      y[0] += dt * dx;
      y[1] += dt * dy;
    }
    return y[0] * y[1];
  }

  @Differentiable
  static double intDivisionSteersLoop(double[] x, int n) {
    double s = 0;
    int m = n;
    while (m > 1) {
      s = s * 0.5 + x[m % x.length];
      if (m % 2 == 0) {
        m = m / 2;
      } else {
        m = 3 * m + 1;
      }
    }
    return s;
  }

  @Differentiable
  static double ternaryOfElements(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] > y[i] ? x[i] * y[i] : (i % 2 == 0 ? y[i] : Math.exp(x[i]));
    }
    return s;
  }
        """);
  }

  @Test
  void vectorRnnOverASequence() {
    double[][] w = {{0.5, -0.3, 0.1}, {0.2, 0.4, -0.6}, {-0.1, 0.3, 0.2}};
    double[][] u = {{1, -0.5}, {0.3, 0.8}, {-0.7, 0.2}};
    double[] b = {0.1, -0.2, 0.05};
    double[][] xs = {{0.5, -1}, {1.2, 0.3}, {-0.4, 0.9}, {0, 1}};
    f.check("vectorRnn", w, u, b, xs);
    f.check("vectorRnn", w, u, b, new double[0][]);
  }

  @Test
  void bubbleSortThenWeightedSum() {
    f.check("bubbleSort", new double[] {3, -1, 2.5, 0.5, -2});
    f.check("bubbleSort", new double[] {-2, -1, 0.5, 2.5, 3});
    f.check("bubbleSort", new double[] {1.5});
  }

  @Test
  void newtonIterationToConvergence() {
    f.check("newtonSqrt", 2.0);
    f.check("newtonSqrt", 9.5);
  }

  @Test
  void whileTrueWithBreak() {
    f.check("whileTrueBreak", 0.5, 1.7); // breaks on y > 10
    f.check("whileTrueBreak", 0.5, 0.9); // breaks on k >= 20
  }

  @Test
  void doWhileWithContinue() {
    f.check("doWhileContinue", new double[] {1, -2, 0.5, 3, -1, 1.5});
    f.check("doWhileContinue", new double[] {-1});
  }

  @Test
  void breakOutOfAnInnerLoop() {
    f.check("innerBreak", (Object) new double[][] {{1.5, 2, -1, 3}, {0.5, 0.7}, {-1, 2}});
  }

  @Test
  void triangularLoopBound() {
    f.check("triangular", new double[] {1, -0.5, 2, 0.3});
  }

  @Test
  void intStateUpdatedInBranches() {
    f.check("intStateInBranch", new double[] {1, -0.5, 2, 0.3, -1, 1.1});
  }

  @Test
  void loopCounterChangedInTheBody() {
    f.check("counterChangedInBody", new double[] {0.3, 1.5, 0.7, -0.2, 2, 0.4});
  }

  @Test
  void twoTermRecurrence() {
    f.check("fibonacciLike", 0.3, 0.8, 6);
    f.check("fibonacciLike", 0.3, 0.8, 0);
  }

  @Test
  void huberLossWithTernary() {
    f.check("huber", new double[] {0.3, -2, 1.5, -0.1}, 1.0);
  }

  @Test
  void powerIterationWithLocalArrays() {
    double[][] m = {{2, 0.5, 0.1}, {0.5, 1, 0.3}, {0.1, 0.3, 0.7}};
    f.check("powerIteration", m, 5);
    f.check("powerIteration", m, 0);
  }

  @Test
  void indexArithmetic() {
    f.check("reverseIndex", new double[] {0.3, -1, 0.8, 1.2, 0.5});
  }

  @Test
  void localMatrixRecurrence() {
    f.check("localMatrixRecurrence", new double[] {0.5, -0.3, 1.1, 0.2}, 4);
    f.check("localMatrixRecurrence", new double[] {0.5, -0.3}, 1);
  }

  @Test
  void booleanLocalFlippedInALoop() {
    f.check("boolLocal", 2.0, 1.5);
    f.check("boolLocal", 0.5, 0.7);
  }

  @Test
  void argmaxByIndex() {
    f.check("selectionMax", new double[] {0.3, 2, -1, 1.5});
    f.check("selectionMax", new double[] {3, 2, -1, 1.5});
  }

  @Test
  void nestedIntTernary() {
    double[] x = {0.5, -1, 2, 0.3};
    f.check("nestedTernaryInt", x, 0);
    f.check("nestedTernaryInt", x, 1);
    f.check("nestedTernaryInt", x, 2);
  }

  @Test
  void twoLoopsSharingState() {
    f.check("sequentialLoopsSharedState", new double[] {0.5, -0.3, 1.1, 0.2});
  }

  @Test
  void selectionSortWithIntAndBooleanLocalArrays() {
    f.check("argsortWeighted", new double[] {0.3, -1, 2.5, 0.7, -0.2});
  }

  @Test
  void indexUpdatedByModulo() {
    f.check("rotatingIndex", new double[] {0.3, -1, 0.8, 0.5});
  }

  @Test
  void conditionalStoresIntoALocalArray() {
    f.check("conditionalStoreInLoop", new double[] {0.9, -0.5, 1.2, 0.4}, 0.7);
    f.check("conditionalStoreInLoop", new double[] {0.9, -0.5, 1.2, 0.4}, -0.3);
  }

  @Test
  void returnFromWhileTrue() {
    f.check("returnInWhileTrue", 1.2); // grows past 2
    f.check("returnInWhileTrue", 0.5); // converges below 2: returns after 31 steps
  }

  @Test
  void returnFromDoWhile() {
    f.check("returnInDoWhile", new double[] {0.5, 2, -3, 1.5});
    f.check("returnInDoWhile", new double[] {0.5, 2, 3, 1.5});
  }

  @Test
  void continueInAWhileLoop() {
    f.check("continueInWhile", new double[] {0.5, -2, 3, -1, 1.5});
  }

  @Test
  void breakAndContinueInNestedLoops() {
    f.check("breakAndContinueNested",
        (Object) new double[][] {{1, -1, 2, 6, 3}, {}, {0.5, 1.5}, {3, 2, 1}, {4, 4}});
    f.check("breakAndContinueNested", (Object) new double[][] {{0.5, 1}, {-1, 0.2}});
  }

  @Test
  void gatherAndScatterThroughIntIndexArrays() {
    f.check("gatherScatter", new double[] {0.5, -1, 2, 0.3}, new int[] {0, 2, 2, 3, 1},
        new int[] {1, 1, 0, 3, 3});
  }

  @Test
  void eulerPredatorPreyWithArrayStateUpdatedInPlace() {
    f.check("euler2d", new double[] {1.0, 0.5}, 1.1, 0.4, 50, 0.02);
    f.check("euler2d", new double[] {1.0, 0.5}, 1.1, 0.4, 0, 0.02);
  }

  @Test
  void collatzStepsSteerTheLoop() {
    f.check("intDivisionSteersLoop", new double[] {0.5, -1, 2, 0.3, 1.1}, 7);
    f.check("intDivisionSteersLoop", new double[] {0.5, -1, 2, 0.3, 1.1}, 1);
  }

  @Test
  void nestedTernariesOfElements() {
    f.check("ternaryOfElements", new double[] {0.5, -1, 2, 0.3}, new double[] {0.2, 0.4, 2.5, -1});
  }
}
