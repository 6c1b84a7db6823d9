package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Helpers without {@code @Differentiable} that return {@code double[]} ({@code double[] out =
 * convolveValid(signal, kernel);}), package-private and private, chained: differentiated as if
 * annotated, through their pullbacks and tangents. Values, gradients, tangents and
 * Hessian-vector products against central finite differences of the user's methods.
 */
class VectorHelpersGradientTest {

  private static final String CLASS = "p.VectorHelpers";
  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("VectorHelpers", """
  @Differentiable
  static double convolutionLoss(double[] signal, double[] kernel) {
    double[] out = convolveValid(signal, kernel);
    double s = 0;
    for (double v : out) {
      s += v * v;
    }
    return s;
  }

  static double[] convolveValid(double[] signal, double[] kernel) {
    int n = signal.length - kernel.length + 1;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double acc = 0;
      for (int j = 0; j < kernel.length; j++) {
        acc += signal[i + j] * kernel[j];
      }
      out[i] = acc;
    }
    return out;
  }

  /** Two layers through one private helper, each output the next one's input. */
  @Differentiable
  static double network(double[][] w1, double[][] w2, double[] x) {
    double[] h = layer(w1, x);
    double[] o = layer(w2, h);
    double s = 0;
    for (int i = 0; i < o.length; i++) {
      s += (o[i] - 0.5) * (o[i] - 0.5);
    }
    return s;
  }

  private static double[] layer(double[][] w, double[] x) {
    double[] out = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      double z = 0;
      for (int j = 0; j < x.length; j++) {
        z += w[i][j] * x[j];
      }
      out[i] = Math.tanh(z);
    }
    return out;
  }

  enum Activation { TANH, IDENTITY }

  /** A batch loss written the obvious way: each example's layers return fresh arrays. */
  @Differentiable
  static double batchLoss(double[][] w1, double[][] w2, double[][] inputs, double[] targets,
      Activation hidden) {
    double total = 0;
    for (int s = 0; s < inputs.length; s++) {
      double[] h = forward(w1, inputs[s], hidden);
      double[] o = forward(w2, h, Activation.IDENTITY);
      double e = o[0] - targets[s];
      total += e * e;
    }
    return total / inputs.length;
  }

  private static double[] forward(double[][] w, double[] x, Activation act) {
    double[] y = new double[w.length];
    for (int r = 0; r < w.length; r++) {
      double z = 0;
      for (int c = 0; c < x.length; c++) {
        z += w[r][c] * x[c];
      }
      y[r] = act == Activation.TANH ? Math.tanh(z) : z;
    }
    return y;
  }

  /** In a branch, and an array whose elements the helper leaves zero in some calls. */
  @Differentiable
  static double branchy(double[] x, double a) {
    double s = 0;
    for (int k = 0; k < 3; k++) {
      if (x[k] > 0) {
        double[] p = evens(x, a * k);
        s += p[0] * p[1] + p[2];
      } else {
        s -= x[k] * a;
      }
    }
    return s;
  }

  static double[] evens(double[] x, double scale) {
    double[] p = new double[x.length];
    for (int i = 0; i < x.length; i += 2) {
      p[i] = scale * x[i] * x[i];
    }
    p[1] += Math.sin(scale);
    return p;
  }

  /** A Gaussian process's negative log likelihood through a Cholesky factor a helper returns. */
  @Differentiable
  static double gaussianProcess(double logLength, double logNoise, double[] x, double[] y) {
    int n = x.length;
    double ell = Math.exp(logLength);
    double[][] k = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double d = (x[i] - x[j]) / ell;
        k[i][j] = Math.exp(-0.5 * d * d) + (i == j ? Math.exp(logNoise) : 0.0);
      }
    }
    double[][] l = cholesky(k);
    double[] alpha = forwardSubstitute(l, y);
    double quad = 0;
    double logDet = 0;
    for (int i = 0; i < n; i++) {
      quad += alpha[i] * alpha[i];
      logDet += Math.log(l[i][i]);
    }
    return 0.5 * quad + logDet;
  }

  private static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j];
        for (int k = 0; k < j; k++) {
          sum -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (sum <= 0) {
            throw new ArithmeticException("not positive definite");
          }
          l[i][i] = Math.sqrt(sum);
        } else {
          l[i][j] = sum / l[j][j];
        }
      }
    }
    return l;
  }

  private static double[] forwardSubstitute(double[][] l, double[] b) {
    double[] x = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }
""");
  }

  @Test
  void aHelperReturningAMatrixIsTranslatedWhereItIsCalled() {
    double[] x = {0.0, 0.4, 1.1, 1.7};
    double[] y = {0.3, -0.2, 0.8, 0.5};
    f.check("gaussianProcess", -0.2, -1.5, x, y);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "gaussianProcess", -0.2, -1.5, x, y);
    // The closed form for one point: k = 1 + s, l = sqrt(k), alpha = y / l, so the value is
    // y^2 / (2 (1 + s)) + log(1 + s) / 2 with s = exp(logNoise).
    double s = Math.exp(-1.5);
    var gradient = f.gradient("gaussianProcess", -0.2, -1.5, new double[] {0.3},
        new double[] {0.7});
    assertThat((double) gradient.get("logNoise")).isWithin(1e-12)
        .of((-0.49 / (2 * (1 + s) * (1 + s)) + 0.5 / (1 + s)) * s);
  }

  @Test
  void aHelperCalledInALoopGivesEachIterationItsOwnArray() {
    double[][] w1 = {{0.2, -0.4, 0.6}, {0.1, 0.3, -0.5}};
    double[][] w2 = {{0.7, -0.2}};
    double[][] inputs = {{0.8, -0.6, 0.3}, {-0.1, 0.5, 0.9}, {0.4, 0.4, -0.7}};
    double[] targets = {0.25, -0.5, 0.1};
    for (Object hidden : f.code().load(CLASS + "$Activation").getEnumConstants()) {
      f.check("batchLoss", w1, w2, inputs, targets, hidden);
      SecondOrderTest.checkHessianVector(f.code(), CLASS, "batchLoss", w1, w2, inputs, targets,
          hidden);
    }
    // The helper's body is translated where it is called: its array is the caller's local.
    String generated = f.code().generatedMethodSource(CLASS + "Grad", "BatchLoss batchLoss(");
    assertThat(generated).contains("double[] y = new double[w1.length];");
    assertThat(generated).doesNotContain("VectorHelpersGrad.forward(");
  }

  @Test
  void aHelperCalledInABranchInsideALoop() {
    f.check("branchy", new double[] {0.7, -1.2, 0.4, 2.1}, 0.8);
    f.check("branchy", new double[] {-0.7, 1.2, 0.4, -2.1}, -0.3);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "branchy",
        new double[] {0.7, -1.2, 0.4, 2.1}, 0.8);
  }

  @Test
  void aPackagePrivateHelperReturningAnArray() {
    double[] signal = {0.3, -0.8, 1.1, 0.4, -0.2, 0.9};
    double[] kernel = {0.5, -0.25, 0.75};
    f.check("convolutionLoss", signal, kernel);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "convolutionLoss", signal, kernel);
  }

  @Test
  void aPrivateHelperCalledTwice() {
    double[][] w1 = {{0.2, -0.4, 0.6}, {0.1, 0.3, -0.5}};
    double[][] w2 = {{0.7, -0.2}, {-0.3, 0.9}, {0.4, 0.1}};
    double[] x = {0.8, -0.6, 0.3};
    f.check("network", w1, w2, x);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "network", w1, w2, x);
  }

  @Test
  void aPrivateHelperGetsNoJacobianEntryPoint() throws Exception {
    String generated = f.code().compilation().generatedSourceFile(CLASS + "Grad").orElseThrow()
        .getCharContent(true).toString();
    assertThat(generated).contains("double[] h = VectorHelpersGrad.layer(w1, x);");
    assertThat(generated).doesNotContain("public static Layer layer(");
    // The package-private one is called where it is, and has its Jacobian like an annotated one.
    assertThat(generated).contains("double[] out = VectorHelpers.convolveValid(signal, kernel);");
  }
}
