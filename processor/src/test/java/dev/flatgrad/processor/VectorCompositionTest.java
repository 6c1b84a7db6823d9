package dev.flatgrad.processor;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls between vector-valued and scalar {@code @Differentiable} methods: a least-squares
 * objective over a residual vector, a vector method calling a scalar one, and a vector method
 * calling another. Scalar results are checked with {@link ArrayGradientCheck} (gradient and
 * tangent against finite differences), vector results with {@link JacobianCheck}.
 */
class VectorCompositionTest {

  private static final String MEMBERS = """
  // Differentiated in all three arrays: callers passing t and y as data call the variant
  // residualPullback_p, generated for them.
  @Differentiable
  static double[] residual(double[] p, double[] t, double[] y) {
    double[] r = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      r[i] = p[0] * Math.exp(-p[1] * t[i]) - y[i];
    }
    return r;
  }

  @Differentiable(wrt = "p")
  static double sumOfSquares(double[] p, double[] t, double[] y) {
    double[] r = residual(p, t, y);
    double s = 0;
    for (int i = 0; i < r.length; i++) {
      s += r[i] * r[i];
    }
    return 0.5 * s;
  }

  @Differentiable
  static double norm(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * x[i];
    }
    return Math.sqrt(s);
  }

  @Differentiable
  static double[] normalized(double[] x, double bias) {
    double n = norm(x);
    double[] u = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      u[i] = x[i] / n + bias * bias;
    }
    return u;
  }

  @Differentiable(wrt = "p")
  static double[] weighted(double[] p, double[] t, double[] y) {
    var r = residual(p, t, y);
    double[] w = new double[r.length + 1];
    for (int i = 0; i < r.length; i++) {
      w[i] = Math.tanh(r[i]) * (i + 1);
      r[i] = 0;
    }
    w[r.length] = p[0] * p[1];
    return w;
  }
""";

  private static ArrayGradientCheck scalars;
  private static JacobianCheck vectors;

  @BeforeAll
  static void compile() {
    scalars = ArrayGradientCheck.ofMembers("Composed", MEMBERS);
    vectors = JacobianCheck.ofMembers("Composed", MEMBERS);
  }

  @Test
  void scalarObjectiveOverAResidualVector() {
    scalars.check("sumOfSquares", new double[] {2.0, 0.7}, new double[] {0.0, 0.5, 1.0, 2.0},
        new double[] {2.1, 1.3, 0.9, 0.4});
  }

  @Test
  void theResidualsOwnJacobian() {
    vectors.check("residual", new double[] {2.0, 0.7}, new double[] {0.0, 0.5, 1.0},
        new double[] {2.1, 1.3, 0.9});
  }

  @Test
  void vectorMethodCallingAScalarOne() {
    vectors.check("normalized", new double[] {0.3, -1.2, 0.5}, 0.4);
  }

  @Test
  void vectorMethodCallingAVectorOne() {
    vectors.check("weighted", new double[] {1.5, 0.3}, new double[] {0.0, 1.0, 2.0},
        new double[] {1.0, 0.8, 0.2});
  }
}
