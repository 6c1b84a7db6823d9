package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Methods returning {@code double[]}: the generated method returns the value and a Jacobian per
 * differentiated parameter. Each Jacobian is checked column by column against central
 * differences of the user's method and against {@code fTangent}, and row by row against {@code
 * fPullback}; both the row (pullback) and the column (tangent) strategy are exercised.
 */
class VectorOutputGradientTest {

  private static JacobianCheck f;

  @BeforeAll
  static void compile() {
    f = JacobianCheck.ofMembers("Vectors", """
  /** A least-squares residual: few outputs, many inputs (rows by pullbacks). */
  @Differentiable
  static double[] residual(double[] p, double[] t, double[] y) {
    double[] r = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      r[i] = p[0] * Math.exp(-p[1] * t[i]) + p[2] - y[i];
    }
    return r;
  }

  /** An ODE right-hand side in scalars: more outputs than inputs (columns by tangents). */
  @Differentiable
  static double[] lorenz(double x, double y, double z) {
    double s = 10, rho = 28, beta = 8.0 / 3;
    return new double[] {s * (y - x), x * (rho - z) - y, x * y - beta * z, x * y * z};
  }

  /** Overwrites in a loop that the reverse pass restores from the tape. */
  @Differentiable
  static double[] recurrence(double a, double[] x, int steps) {
    double[] h = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      h[i] = x[i];
    }
    for (int k = 0; k < steps; k++) {
      for (int i = 0; i < h.length; i++) {
        h[i] = Math.tanh(a * h[i] + (i > 0 ? h[i - 1] : 0.5));
      }
    }
    return h;
  }

  /** A matrix parameter: a layer's pre-activations and a branch. */
  @Differentiable
  static double[] layer(double[][] w, double[] b, double[] x) {
    double[] out = new double[w.length];
    for (int r = 0; r < w.length; r++) {
      double s = b[r];
      for (int c = 0; c < x.length; c++) {
        s += w[r][c] * x[c];
      }
      if (s > 0) {
        out[r] = s;
      } else {
        out[r] = 0.1 * s * s;
      }
    }
    return out;
  }

  /** An int result: its pullback still takes a double upstream (the fuzzer found this). */
  @Differentiable
  static double constant() {
    return 1;
  }

  @Differentiable
  static double[] squares(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * x[i];
    }
    return y;
  }

  /** Returns the array a vector call gave it, after changing an element. */
  @Differentiable
  static double[] passOn(double[] x, double s) {
    double[] r = squares(x);
    r[0] = r[0] * s;
    return r;
  }

  /** Nothing to differentiate: the Jacobian record holds the value alone. */
  @Differentiable
  static double[] dataOnly(int n, boolean flip) {
    double[] r = new double[n];
    if (flip) {
      r[0] = 1;
    }
    return r;
  }

  /** Only some parameters differentiated; a constant output. */
  @Differentiable(wrt = "x")
  static double[] partial(double x, double scale) {
    double[] v = {x * scale, 3, Math.sin(x)};
    return v;
  }
""");
  }

  @Test
  void residualHasFewerOutputsThanInputs() {
    f.check("residual", new double[] {2.0, 0.5, -1.0}, new double[] {0.0, 1.0},
        new double[] {1.0, 0.3});
    f.check("residual", new double[] {2.0, 0.5, -1.0}, new double[] {0.0, 1.0, 2.0, 3.5},
        new double[] {1.0, 0.3, 0.2, -0.1});
  }

  @Test
  void lorenzHasMoreOutputsThanInputs() {
    f.check("lorenz", 1.0, -2.0, 0.5);
  }

  @Test
  void loopsThatNeedTheTape() {
    f.check("recurrence", 0.7, new double[] {0.1, -0.4, 0.9}, 3);
    f.check("recurrence", 0.7, new double[] {0.1, -0.4}, 0);
  }

  @Test
  void matrixParametersAndBranches() {
    f.check("layer", new double[][] {{0.5, -1.0, 0.2}, {0.3, 0.8, -0.6}},
        new double[] {0.1, -0.2}, new double[] {1.0, 0.4, -0.7});
  }

  @Test
  void anIntResultHasADoubleUpstream() throws Exception {
    assertThat(f.code().load("p.VectorsGrad").getMethod("constantPullback", double.class))
        .isNotNull();
  }

  @Test
  void returnsTheArrayOfAVectorCall() {
    f.check("passOn", new double[] {1.0, -2.0, 3.0}, 2.0);
  }

  @Test
  void noDifferentiatedParameters() {
    f.check("dataOnly", 3, true);
  }

  @Test
  void onlyTheParametersInWrt() {
    f.check("partial", 0.4, 2.5);
  }

  @Test
  void jacobianComponentsHaveOneMoreDimension() throws Exception {
    Class<?> record = f.code().load("p.VectorsGrad$Layer");
    assertThat(record.getRecordComponents()[0].getType()).isEqualTo(double[].class);
    assertThat(record.getRecordComponents()[1].getName()).isEqualTo("w");
    assertThat(record.getRecordComponents()[1].getType()).isEqualTo(double[][][].class);
    assertThat(record.getRecordComponents()[2].getType()).isEqualTo(double[][].class);
    Class<?> grad = f.code().load("p.VectorsGrad");
    assertThat(grad.getMethod("residualPullback", double[].class, double[].class,
        double[].class, double[].class, double[].class, double[].class, double[].class)
        .getReturnType())
        .isEqualTo(double[].class);
    assertThat(grad.getMethod("lorenzTangent", double.class, double.class, double.class,
        double.class, double.class, double.class).getReturnType().getRecordComponents()[1]
        .getType()).isEqualTo(double[].class);
  }
}
