package dev.flatgrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Branches, loops and arrays: gradients against finite differences of the user's method. */
class ControlFlowGradientTest {

  private static ArrayGradientCheck loops;

  @BeforeAll
  static void compile() {
    loops = ArrayGradientCheck.ofMembers("Loops", """

  @Differentiable
  static double dot(double[] w, double[] x) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += w[i] * x[i];
    }
    return s;
  }

  @Differentiable(wrt = {\"c\", \"x\"})
  static double horner(double[] c, double x) {
    double p = 0;
    for (int i = c.length - 1; i >= 0; i--) {
      p = p * x + c[i];
    }
    return p;
  }

  @Differentiable
  static double rnn(double w, double u, double[] x) {
    double h = 0;
    for (int t = 0; t < x.length; t++) {
      h = Math.tanh(w * h + u * x[t]);
    }
    return h;
  }

  @Differentiable
  static double lse(double[] x) {
    double m = x[0];
    for (int i = 1; i < x.length; i++) {
      if (x[i] > m) {
        m = x[i];
      }
    }
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += Math.exp(x[i] - m);
    }
    return Math.log(s) + m;
  }

  @Differentiable(wrt = {\"y0\", \"k\"})
  static double euler(double[] y0, double k, double dt, int steps) {
    double[] y = new double[y0.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = y0[i];
    }
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < y.length; i++) {
        y[i] = y[i] - dt * k * y[i] * y[i];
      }
    }
    double sum = 0;
    for (int i = 0; i < y.length; i++) {
      sum += y[i];
    }
    return sum;
  }

  @Differentiable
  static double piecewise(double x) {
    if (x < 0) {
      return -x;
    } else if (x < 1) {
      return x * x;
    }
    double y = x > 2 ? Math.log(x) : x - 1;
    return y;
  }

  @Differentiable
  static double whileLoop(double x) {
    int n = 0;
    double v = x;
    while (v < 100 && n < 50) {
      v = v * 1.5 + 1;
      n++;
    }
    return v;
  }

  @Differentiable
  static double breaks(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] < 0) {
        continue;
      }
      s += x[i] * x[i];
      if (s > 10) {
        break;
      }
    }
    return s;
  }

  @Differentiable
  static double matvec(double[][] a, double[] v) {
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      double r = 0;
      for (int j = 0; j < v.length; j++) {
        r += a[i][j] * v[j];
      }
      norm += r * r;
    }
    return Math.sqrt(norm);
  }

  @Differentiable
  static double assignedInBranches(double x) {
    double y;
    if (x > 1) {
      y = 1;
    } else {
      y = x * x;
    }
    double z;
    z = y * x;
    return z;
  }

        """);
  }

  @Test
  void dotProduct() {
    loops.check("dot", new double[] {1, -2, 3}, new double[] {0.5, 4, -1});
  }

  @Test
  void horner() {
    loops.check("horner", new double[] {1, -2, 3, 0.5}, 0.7);
    loops.check("horner", new double[] {2}, -1.3);
  }

  @Test
  void rnn() {
    loops.check("rnn", 0.8, -0.4, new double[] {0.3, -1, 2, 0.1, 0.5});
  }

  @Test
  void logSumExp() {
    loops.check("lse", new double[] {0.3, 2, -1, 1.5});
    loops.check("lse", new double[] {3, 2, -1, 1.5});
  }

  @Test
  void eulerWithArrayStateUpdatedInPlace() {
    loops.check("euler", new double[] {1, 0.5, 2}, 0.3, 0.01, 20);
  }

  @Test
  void piecewiseWithEarlyReturns() {
    loops.check("piecewise", -1.5);
    loops.check("piecewise", 0.5);
    loops.check("piecewise", 1.5);
    loops.check("piecewise", 3.0);
  }

  @Test
  void whileLoop() {
    loops.check("whileLoop", 0.5);
    loops.check("whileLoop", 2.0);
  }

  @Test
  void breakAndContinue() {
    loops.check("breaks", new double[] {1, -2, 2, -1, 3, 1, 0.5});
    loops.check("breaks", new double[] {0.1, -0.2, 0.3});
  }

  @Test
  void matrixVectorNorm() {
    loops.check("matvec", new double[][] {{1, 2, 0.5}, {-1, 0.3, 2}}, new double[] {0.2, -1, 3});
  }

  @Test
  void localDeclaredWithoutInitializerThenAssigned() {
    loops.check("assignedInBranches", 0.5);
    loops.check("assignedInBranches", 2.0);
  }
}
