package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A value computed where its derivative is infinite or NaN ({@code Math.sqrt} of a negative,
 * {@code Math.log} at zero), then overwritten inside a branch or a loop: the result does not
 * depend on it, so its derivative is zero, and NaN must not leak into the gradient through 0 ×
 * NaN (found by the malformed-input fuzzer, seed 20261211, as a pullback that disagreed with
 * the Jacobian's columns). Away from those points the gradients still match central differences.
 */
class OverwrittenNaNPathsTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Overwritten", """
          @Differentiable
          static double inBranch(double x, boolean big) {
            if (big) {
              x = 1;
            } else {
              x = Math.sqrt(x);
              x = 0.5;
            }
            return x;
          }

          @Differentiable
          static double inLoop(double x, int n) {
            double s = 0;
            for (int i = 0; i < n; i++) {
              double t = x * x;
              if (i >= 0) {
                t = Math.sqrt(x);
                t = 2 + s;
              }
              s += t * x;
            }
            return s;
          }

          @Differentiable
          static double constantThenCosh(double x, double y) {
            y = 1000;
            return Math.atan(Math.cosh(y)) + x * y;
          }

          @Differentiable
          static double castThenPow(double w, double x) {
            double sum = 0;
            for (int i = 0; i < 2; i++) {
              w = (int) 1e20;
              sum += Activations.sigmoid(Math.pow(w, w)) + w * x;
            }
            return sum;
          }

          @Differentiable
          static double[] zeroProduct(double x) {
            double[] y = new double[2];
            y[0] = x * 0.0;
            y[1] = x;
            return y;
          }

          @Differentiable
          static double[] vector(double x) {
            double y = x;
            if (x < 1) {
              y = Math.sqrt(x);
              y = 0.5;
            }
            return new double[] {y, 1.0, y * x};
          }
        """);
  }

  @Test
  void anOverwriteInABranchHasDerivativeZero() {
    Map<String, Object> gradient = f.gradient("inBranch", -1.0, false);
    assertWithMessage("value").that(gradient.get("value")).isEqualTo(0.5);
    assertWithMessage("d/dx").that(gradient.get("x")).isEqualTo(0.0);
    Map<String, Object> product = GeneratedCode.components((Record) f.code().invokeMethodWith(
        "p.OverwrittenGrad", "inBranchHessianVector", -1.0, false, 1.0));
    assertWithMessage("d²/dx²").that(product.get("dot_x")).isEqualTo(0.0);
  }

  @Test
  void anOverwriteInALoopBodyKeepsOnlyTheLivePath() {
    // s_{i+1} = s_i + (2 + s_i) x = s_i (1 + x) + 2x from s_0 = 0, whatever sqrt(x) is.
    double x = -0.5;
    Map<String, Object> gradient = f.gradient("inLoop", x, 3);
    // s_3 = 2x (1 + (1 + x) + (1 + x)^2), d/dx by the product rule.
    double a = 1 + x;
    double expected = 2 * (1 + a + a * a) + 2 * x * (1 + 2 * a);
    assertWithMessage("d/dx").that((double) gradient.get("x")).isWithin(1e-12).of(expected);
  }

  @Test
  void theVectorPullbackAgreesWithTheColumns() {
    Map<String, Object> pullback = GeneratedCode.components((Record) f.code().invokeMethodWith(
        "p.OverwrittenGrad", "vectorPullback", -0.98, new double[] {1, 0, 0}));
    assertWithMessage("row 0").that(pullback.get("x")).isEqualTo(0.0);
    Map<String, Object> jacobian = f.gradient("vector", -0.98);
    assertWithMessage("Jacobian").that((double[]) jacobian.get("x"))
        .usingExactEquality().containsExactly(0.0, 0.0, 0.5).inOrder();
  }

  /**
   * Forward mode meets the zero from the other side: a tangent that is zero after a constant
   * (found by the malformed-input fuzzer, seed 20261216) times a partial derivative that is
   * infinite there, sinh(1000) or the derivative of pow at the largest int. (Where only the run
   * knows the tangent is zero, after a branch that may or may not assign the constant, NaN
   * remains, as in JAX.)
   */
  @Test
  void aTangentZeroAfterAConstantStaysZero() {
    Map<String, Object> tangent = GeneratedCode.components(f.code().invokeTangentWith(
        "p.Overwritten", "constantThenCosh", 0.5, 2.0, 1.0, 1.0));
    // y = 1000 whatever it was: d/dx (atan(cosh 1000) + 1000 x) = 1000, and y passes nothing.
    assertWithMessage("tangent").that(tangent.get("tangent")).isEqualTo(1000.0);
    Map<String, Object> gradient = f.gradient("constantThenCosh", 0.5, 2.0);
    assertWithMessage("d/dx").that(gradient.get("x")).isEqualTo(1000.0);
    assertWithMessage("d/dy").that(gradient.get("y")).isEqualTo(0.0);

    Map<String, Object> cast = GeneratedCode.components(f.code().invokeTangentWith(
        "p.Overwritten", "castThenPow", 0.3, 0.7, 1.0, 1.0));
    // w = Integer.MAX_VALUE in both iterations: d/dx = 2 w, d/dw = 0.
    assertWithMessage("tangent").that(cast.get("tangent")).isEqualTo(2.0 * Integer.MAX_VALUE);
    Map<String, Object> hessianVector = GeneratedCode.components((Record) f.code()
        .invokeMethodWith("p.OverwrittenGrad", "castThenPowHessianVector", 0.3, 0.7, 1.0, 1.0));
    assertWithMessage("d²/dx dw").that(hessianVector.get("dot_x")).isEqualTo(0.0);
  }

  /** Dropping zero terms is for derivatives only: the user's own x * 0.0 is NaN at infinity. */
  @Test
  void theUsersOwnZeroProductKeepsItsValue() {
    double x = Double.POSITIVE_INFINITY;
    double[] expected = (double[]) f.code().invokeUserWith("p.Overwritten", "zeroProduct", x);
    double[] value = (double[]) f.gradient("zeroProduct", x).get("value");
    assertWithMessage("y[0] is Inf * 0.0").that(Double.isNaN(value[0])).isTrue();
    assertWithMessage("value").that(value).usingExactEquality()
        .containsExactly(expected[0], expected[1]).inOrder();
  }

  @Test
  void awayFromThosePointsGradientsMatchFiniteDifferences() {
    f.check("inBranch", 2.0, false);
    f.check("inBranch", 2.0, true);
    f.check("inLoop", 0.7, 4);
  }
}
