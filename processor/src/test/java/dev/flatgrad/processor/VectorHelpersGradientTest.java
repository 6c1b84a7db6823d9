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
""");
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
