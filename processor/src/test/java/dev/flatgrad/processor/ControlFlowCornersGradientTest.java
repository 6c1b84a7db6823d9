package dev.flatgrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Corners of the control-flow subset: parameters and returned variables overwritten in loops,
 * declarations assigned later, jumps out of nested loops, headers with two counters or a double
 * update, indices that change after a store. Each checked against central finite differences.
 */
class ControlFlowCornersGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Corners", """
  @Differentiable
  static double paramInLoop(double x, double c) {
    for (int i = 0; i < 4; i++) {
      x = x * c + Math.sin(x);
    }
    if (x < 0) {
      x = -x;
    }
    return x;
  }

  @Differentiable
  static double declaredThenAssignedInLoop(double[] x) {
    double last;
    last = 0;
    double m;
    for (int i = 0; i < x.length; i++) {
      m = x[i] * x[i];
      if (m > 1) {
        last = m * last + x[i];
      }
    }
    return last;
  }

  @Differentiable
  static double returnFromInnerLoop(double[][] a, double limit) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        s += a[i][j] * a[i][j];
        if (s > limit) {
          return Math.sqrt(s) * (i + 1);
        }
      }
      s *= 0.5;
    }
    return s;
  }

  @Differentiable
  static double twoCounters(double[] x) {
    double s = 0;
    for (int i = 0, j = x.length - 1; i < j; i++, j--) {
      s += x[i] * x[j];
      s = s * s * 0.1 + s;
    }
    return s;
  }

  @Differentiable
  static double doubleCounter(double dt, double k) {
    double y = 1;
    int n = 0;
    for (double t = 0; t < 1; t += 0.125) {
      y = y - dt * k * y * t;
      n++;
    }
    return y + n;
  }

  @Differentiable
  static double activationsInLoop(double[] x, double a) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += Activations.relu(x[i] * a) + Activations.leakyRelu(x[i] - a, 0.1)
          + Activations.softplus(x[i]) * Activations.sigmoid(a * s);
    }
    return s;
  }

  @Differentiable
  static double castIndex(double[] x, double t) {
    int k = (int) (t * (x.length - 1));
    return x[k] * t + x[k + 1] * (1 - t);
  }

  @Differentiable
  static double storeWithChangingIndex(double[] x, int[] idx) {
    double[] y = new double[x.length];
    int k = 0;
    for (int i = 0; i < idx.length; i++) {
      y[k] = y[k] * 0.5 + x[i] * x[i];
      k = idx[i];
    }
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      s += y[i] * y[i];
    }
    return s;
  }

  @Differentiable
  static double returnElement(double[] x) {
    int n = x.length;
    double[] y = new double[n];
    y[0] = x[0];
    for (int i = 1; i < n; i++) {
      y[i] = Math.sin(y[i - 1]) + x[i];
    }
    return y[n - 1];
  }

  @Differentiable
  static double returnedVariableReassigned(double x) {
    double y = x;
    for (int i = 0; i < 3; i++) {
      y = y * y * 0.5 + 0.1;
    }
    return y;
  }

  @Differentiable
  static double deepNesting(double[] x, double c) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] > 0) {
        for (int j = 0; j < i; j++) {
          if (x[j] < x[i]) {
            s = s + x[i] * x[j] * c;
          } else {
            s = Math.cos(s) * c;
          }
        }
      } else {
        s = s * c - x[i];
      }
    }
    return s;
  }

  @Differentiable
  static double updateWithDouble(double[] x, double d) {
    double s = 0;
    double scale = 1;
    for (int i = 0; i < x.length; i++, scale *= d) {
      s += scale * x[i] * x[i];
    }
    return s;
  }

  @Differentiable
  static double forEver(double x) {
    double y = x;
    int k = 0;
    for (;;) {
      k++;
      y = y * 0.5 + 1;
      if (k == 5) {
        break;
      }
    }
    return y;
  }

  @Differentiable
  static double incrementsOnElements(double[] x) {
    double[] y = new double[x.length];
    double a = 0;
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i];
      y[i]++;
      y[i] *= y[i];
      a++;
      a *= x[i];
    }
    double s = a;
    for (int i = 0; i < y.length; i++) {
      s += y[i];
    }
    return s;
  }

  @Differentiable
  static double passiveAccumulatorSteersBranch(double[] x, double[] t) {
    double acc = 0;
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      acc += t[i];
      if (acc > 1) {
        s = s * x[i] + acc;
      } else {
        s += x[i];
      }
    }
    return s;
  }

  @Differentiable
  static double boundModifiedInOuterLoop(double x) {
    double s = x;
    int m = 1;
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < m; j++) {
        s = s * x * 0.5 + 1;
      }
      m = m * 2;
    }
    return s;
  }

  @Differentiable
  static double bodyWithoutBraces(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++)
      s = s * 0.5 + x[i] * x[i];
    int i = 0;
    while (i < 2 * x.length) i += 3;
    if (i > 4) s *= x[0]; else s += x[0];
    return s;
  }

  @Differentiable
  static double sameNameDifferentBlocks(double x) {
    double r = 0;
    {
      double a = x * x;
      r += a;
    }
    {
      int a = 3;
      r *= a;
    }
    for (int i = 0; i < 2; i++) {
      double a = r * x;
      r = a + 1;
    }
    return r;
  }

  @Differentiable
  static double emptyLoopBody(double x, int n) {
    int i = 0;
    for (; i < n; i++) {
    }
    while (i > 100) {
    }
    return x * i;
  }

  @Differentiable
  static double maxMinInLoop(double[] x) {
    double hi = x[0];
    double lo = x[0];
    for (int i = 1; i < x.length; i++) {
      hi = Math.max(hi, x[i]);
      lo = Math.min(x[i], lo);
    }
    return hi * hi - lo;
  }
  @Differentiable
  static double cell(double h, double x, double w) {
    double s = 0;
    for (int i = 0; i < 3; i++) {
      s = Math.tanh(s * w + h + x);
    }
    return s;
  }

  @Differentiable
  static double norm(double[] v) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * v[i];
    }
    return Math.sqrt(s);
  }

  @Differentiable
  static double callsInALoop(double[] xs, double w) {
    double h = 0;
    for (int t = 0; t < xs.length; t++) {
      h = cell(h, xs[t], w);
      if (h > 0.5) {
        h = h * 0.9;
      }
    }
    return h + norm(xs) * w;
  }
  @Differentiable
  static double guardThenArray(double[] x) {
    if (x.length == 0) {
      return 0;
    }
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * x[i];
    }
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += y[i];
    }
    return s;
  }
  @Differentiable
  static double twoGuards(double[][] a, double c) {
    if (a.length == 0) {
      return c;
    }
    double[][] g = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        g[i][j] = Math.sin(a[i][j] * c);
      }
    }
    if (g[0][0] > 0.5) {
      return g[0][0] * c;
    }
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = g[i][0] * g[i][0];
      r[i] *= c;
    }
    return r[a.length - 1] + g[0][0];
  }
  @Differentiable
  static double lateAssign(double x) {
    double r;
    if (x < 0) {
      return 0;
    }
    r = x * x;
    double q;
    for (int i = 0; i < 3; i++) {
      q = r * x;
      r = Math.sin(q) + r;
    }
    return r;
  }
  @Differentiable
  static double allPathsReturn(double x, double y) {
    if (x > y) {
      return x * y;
    } else if (x > 0) {
      for (int i = 0; i < 3; i++) {
        x = x * y + 1;
        if (x > 10) {
          return x;
        }
      }
      return -x;
    } else {
      return y;
    }
  }
  @Differentiable
  static double readBeforeLoopRestored(double x, double[] c) {
    double h = x;
    double a = h * h;
    for (int i = 0; i < c.length; i++) {
      h = Math.tanh(h * c[i]);
    }
    if (h > 0) {
      h = h * a;
    }
    return h + a * h;
  }
        """);
  }

  @Test
  void parameterOverwrittenInALoopAndABranch() {
    f.check("paramInLoop", 0.7, 0.9);
    f.check("paramInLoop", -0.7, 0.9);
  }

  /** {@code double m;} assigned only inside the loop: the tape saves m before javac sees it set. */
  @Test
  void declarationWithoutInitializerAssignedInALoop() {
    f.check("declaredThenAssignedInLoop", new double[] {0.5, 1.5, -2, 0.3, 1.2});
  }

  @Test
  void returnFromAnInnerLoop() {
    double[][] a = {{1, 0.5}, {2, -1, 0.3}, {1.5}};
    f.check("returnFromInnerLoop", a, 3.0);
    f.check("returnFromInnerLoop", a, 100.0);
  }

  @Test
  void twoCountersInTheHeader() {
    f.check("twoCounters", new double[] {0.5, -1, 2, 0.3, 1.1});
    f.check("twoCounters", new double[] {0.5, -1, 2, 0.3});
  }

  @Test
  void doubleLoopCounter() {
    f.check("doubleCounter", 0.1, 0.7);
  }

  @Test
  void activationsInALoop() {
    f.check("activationsInLoop", new double[] {0.5, -1, 2, -0.3}, 0.7);
    f.check("activationsInLoop", new double[] {0.5, -1, 2, -0.3}, -0.4);
  }

  @Test
  void indexFromACast() {
    f.check("castIndex", new double[] {1, 2, -1, 0.5}, 0.4);
    f.check("castIndex", new double[] {1, 2, -1, 0.5}, 0.8);
  }

  @Test
  void storeThenIndexChanges() {
    f.check("storeWithChangingIndex", new double[] {0.5, -1, 2, 0.3}, new int[] {2, 0, 2, 1});
  }

  @Test
  void returnAnElementOfALocalArray() {
    f.check("returnElement", new double[] {0.5, -1, 2, 0.3});
  }

  @Test
  void returnedVariableOverwrittenInALoop() {
    f.check("returnedVariableReassigned", 0.8);
  }

  @Test
  void loopInBranchInLoop() {
    f.check("deepNesting", new double[] {0.5, -1, 2, 0.3, 1.7}, 0.6);
  }

  /** {@code for (...; i++, scale *= d)}: a double compound assignment in the update. */
  @Test
  void doubleUpdateInTheHeader() {
    f.check("updateWithDouble", new double[] {0.5, -1, 2, 0.3}, 0.8);
  }

  @Test
  void forEverWithBreak() {
    f.check("forEver", 0.8);
  }

  @Test
  void incrementsOnElementsAndLocals() {
    f.check("incrementsOnElements", new double[] {0.5, -1, 2, 0.3});
  }

  @Test
  void passiveAccumulatorSteersABranch() {
    f.check("passiveAccumulatorSteersBranch", new double[] {0.5, -1, 2, 0.3},
        new double[] {0.4, 0.3, 0.5, 0.2});
  }

  @Test
  void innerBoundModifiedByTheOuterLoop() {
    f.check("boundModifiedInOuterLoop", 0.8);
  }

  @Test
  void loopBodiesWithoutBraces() {
    f.check("bodyWithoutBraces", new double[] {0.5, -1, 2});
    f.check("bodyWithoutBraces", new double[] {0.5});
  }

  @Test
  void sameNameInSiblingBlocks() {
    f.check("sameNameDifferentBlocks", 0.8);
  }

  @Test
  void emptyLoopBodies() {
    f.check("emptyLoopBody", 0.8, 3);
    f.check("emptyLoopBody", 0.8, 0);
  }

  @Test
  void maxAndMinInALoop() {
    f.check("maxMinInLoop", new double[] {0.5, -1, 2, 0.3});
  }

  /** A callee with its own tape, called where the caller's tape holds values. */
  @Test
  void differentiableCallsInsideALoop() {
    f.check("callsInALoop", new double[] {0.5, -1, 2, 0.3}, 0.8);
    f.check("callsInALoop", new double[] {0.5, -1, 2, 0.3}, -0.6);
  }

  /** A local array after a guard clause is still at the method's top level: allocated once. */
  @Test
  void localArrayAfterAGuardClause() {
    f.check("guardThenArray", new double[] {0.5, -1, 2});
    f.check("guardThenArray", new double[0]);
  }

  @Test
  void localArraysBetweenTwoGuards() {
    double[][] a = {{0.5, -1}, {2, 0.3}, {-0.7, 1.1}};
    f.check("twoGuards", a, 0.4); // sin(0.2) < 0.5: runs to the end
    f.check("twoGuards", a, 1.5); // sin(0.75) > 0.5: the second guard returns
    f.check("twoGuards", new double[0][], 0.4); // the first guard returns
  }

  @Test
  void declarationAssignedAfterAGuard() {
    f.check("lateAssign", 0.7);
    f.check("lateAssign", -0.7);
  }

  @Test
  void everyPathReturns() {
    f.check("allPathsReturn", 2.0, 0.5); // x > y
    f.check("allPathsReturn", 0.5, 3.0); // loop returns once x > 10
    f.check("allPathsReturn", 0.5, 0.7); // loop ends, returns -x
    f.check("allPathsReturn", -1.0, 0.7); // else
  }

  @Test
  void valueReadBeforeALoopThatOverwritesIt() {
    f.check("readBeforeLoopRestored", 0.8, new double[] {0.5, -1.2, 2});
    f.check("readBeforeLoopRestored", 0.8, new double[] {0.5, 1.2, 2});
  }
}
