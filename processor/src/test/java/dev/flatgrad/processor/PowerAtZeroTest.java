package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code Math.pow} where its textbook rules give 0 · ∞: at a zero base and at a zero exponent.
 * Expected values are the closed forms of the mathematics (JAX's conventions where the limit
 * exists), for the gradient, the tangent and the Hessian.
 */
class PowerAtZeroTest {

  private static GeneratedCode code;

  @BeforeAll
  static void compile() {
    code = ArrayGradientCheck.ofMembers("Powers", """
          @Differentiable
          static double zeroth(double x) {
            return Math.pow(x, 0);
          }

          @Differentiable
          static double first(double x) {
            return Math.pow(x, 1);
          }

          @Differentiable
          static double second(double x) {
            return Math.pow(x, 2);
          }

          @Differentiable
          static double third(double x) {
            return Math.pow(x, 3.0);
          }

          @Differentiable
          static double general(double x, double y) {
            return Math.pow(x, y);
          }

          @Differentiable(wrt = "x")
          static double polynomial(double x, double[] c) {
            double sum = 0;
            for (int k = 0; k < c.length; k++) {
              sum += c[k] * Math.pow(x, k);
            }
            return sum;
          }
        """).code();
  }

  /** x^k at 0: value, first and second derivative of the closed form. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"zeroth, 1, 0, 0", "first, 0, 1, 0", "second, 0, 0, 2", "third, 0, 0, 0"})
  void integerPowersAtZero(String method, double value, double slope, double curvature) {
    Map<String, Object> gradient =
        GeneratedCode.components(code.invokeGradientWith("p.Powers", method, 0.0));
    Map<String, Object> tangent =
        GeneratedCode.components(code.invokeTangentWith("p.Powers", method, 0.0, 1.0));
    double[][] hessian = (double[][]) code.invokeMethodWith("p.PowersGrad", method + "Hessian",
        0.0);

    assertWithMessage("value").that(gradient.get("value")).isEqualTo(value);
    assertWithMessage("gradient").that(gradient.get("x")).isEqualTo(slope);
    assertWithMessage("tangent").that(tangent.get("tangent")).isEqualTo(slope);
    assertWithMessage("Hessian").that(hessian[0][0]).isEqualTo(curvature);
  }

  @Test
  void zeroToTheZeroHasDerivativeZeroInBothArguments() {
    Map<String, Object> gradient =
        GeneratedCode.components(code.invokeGradientWith("p.Powers", "general", 0.0, 0.0));
    assertWithMessage("d/dx").that(gradient.get("x")).isEqualTo(0.0);
    assertWithMessage("d/dy").that(gradient.get("y")).isEqualTo(0.0);
  }

  @Test
  void aZeroBaseIsConstantInThePositiveExponent() {
    // 0^y = 0 for every y > 0; and d/dx x^2 = 2x = 0 there.
    Map<String, Object> gradient =
        GeneratedCode.components(code.invokeGradientWith("p.Powers", "general", 0.0, 2.0));
    double[][] hessian =
        (double[][]) code.invokeMethodWith("p.PowersGrad", "generalHessian", 0.0, 2.0);
    assertWithMessage("d/dx").that(gradient.get("x")).isEqualTo(0.0);
    assertWithMessage("d/dy").that(gradient.get("y")).isEqualTo(0.0);
    assertWithMessage("d²/dx²").that(hessian[0][0]).isEqualTo(2.0);
  }

  @Test
  void aPolynomialAtZeroHasItsLinearAndQuadraticCoefficients() {
    double[] c = {0.5, -3, 1.25, 7};
    Map<String, Object> gradient =
        GeneratedCode.components(code.invokeGradientWith("p.Powers", "polynomial", 0.0, c));
    Map<String, Object> product = GeneratedCode.components((Record) code.invokeMethodWith(
        "p.PowersGrad", "polynomialHessianVector", 0.0, c, 1.0));

    assertWithMessage("value").that(gradient.get("value")).isEqualTo(0.5);
    assertWithMessage("p'(0) = c1").that(gradient.get("x")).isEqualTo(-3.0);
    assertWithMessage("p''(0) = 2 c2").that(product.get("dot_x")).isEqualTo(2.5);
  }

  @Test
  void awayFromZeroTheGuardsChangeNothing() {
    var f = GradientCheck.ofMembers("Away", """
          @Differentiable
          static double general(double x, double y) {
            return Math.pow(x, y) + Math.pow(y, 2) * Math.pow(x, 0);
          }
        """);
    f.check("general", List.of("x", "y"), GradientCheck.at(1.5, 0.5),
        GradientCheck.at(0.3, -1.2), GradientCheck.at(2, 0));
  }
}
