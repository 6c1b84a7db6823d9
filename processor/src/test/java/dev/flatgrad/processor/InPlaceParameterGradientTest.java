package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Methods that update their own array parameters in place. The generated code works on a private
 * copy, so the caller's arrays are untouched ({@link ArrayGradientCheck} checks that, with the
 * value, gradient, tangent and an empty tape); the Hessian-vector product is checked too.
 */
class InPlaceParameterGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("InPlace", """
  /** Normalizes x in place, then uses it. */
  @Differentiable
  static double normalized(double[] x, double[] w) {
    double norm = 0;
    for (int i = 0; i < x.length; i++) {
      norm += x[i] * x[i];
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < x.length; i++) {
      x[i] /= norm;
    }
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += w[i] * x[i];
    }
    return s;
  }

  /** An in-place prefix sum, read back from the end; x is read before and after the writes. */
  @Differentiable
  static double prefixSums(double[] x, int[] order) {
    double first = x[0];
    for (int i = 1; i < x.length; i++) {
      x[i] += x[i - 1] * 0.5;
    }
    order[0]++;
    return x[x.length - 1] * first + x[order[0] % x.length];
  }

  /** Written in a branch inside a loop. */
  @Differentiable
  static double clippedInLoop(double[] x, double limit) {
    double s = 0;
    for (int k = 0; k < 3; k++) {
      for (int i = 0; i < x.length; i++) {
        if (x[i] > limit) {
          x[i] = limit + Math.log(x[i] - limit + 1);
        } else {
          x[i] = x[i] * 1.1;
        }
        s += x[i] * (k + 1);
      }
    }
    return s;
  }
""");
  }

  @Test
  void normalizingAParameterInPlace() {
    double[] x = {0.4, -1.2, 0.9};
    double[] w = {0.5, 0.25, -1.5};
    f.check("normalized", x, w);
    SecondOrderTest.checkHessianVector(f.code(), "p.InPlace", "normalized", x, w);
    assertThat(f.code().generatedMethodSource("p.InPlaceGrad", "Normalized normalized("))
        .contains("double[] x_copy = new double[x.length];");
  }

  @Test
  void anInPlacePrefixSumAndAnIntParameter() {
    double[] x = {0.4, -1.2, 0.9, 0.3};
    int[] order = {1};
    f.check("prefixSums", x, order);
    SecondOrderTest.checkHessianVector(f.code(), "p.InPlace", "prefixSums", x, order);
  }

  @Test
  void writtenInABranchInsideALoop() {
    double[] x = {0.4, -1.2, 0.9, 1.7};
    f.check("clippedInLoop", x, 0.8);
    SecondOrderTest.checkHessianVector(f.code(), "p.InPlace", "clippedInLoop", x, 0.8);
  }
}
