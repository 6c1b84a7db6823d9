package dev.flatgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * The README's composition, custom-derivative and loop examples: checked against finite
 * differences of the user's own methods and against closed forms.
 */
class CompositionExamplesTest {

  @Test
  void blackScholesDeltaAndVegaMatchFiniteDifferences() {
    for (double s : new double[] {100, 80}) { // in and out of the money: d1 > 0 and d1 < 0
      var g = BlackScholesGrad.call(s, 95, 0.03, 0.25, 0.5);
      GradCheck.Result check = GradCheck.of(a ->
              BlackScholes.call(a.scalar(0), 95, 0.03, a.scalar(1), 0.5))
          .scalar("s", s, g.s())
          .scalar("sigma", 0.25, g.sigma())
          .run();
      assertTrue(check.passes(1e-6), check::toString);
    }
  }

  @Test
  void aCallPricedByQuadratureAgreesWithBlackScholes() {
    // A lambda over a record, integrated by Simpson's rule: price, delta and vega as the closed
    // form gives them (to the rule's accuracy), and the gradient as finite differences give it.
    double s = 100;
    double sigma = 0.25;
    var quadrature = QuadraturePricingGrad.call(s, 95, 0.03, sigma, 0.5, 4000);
    double sq = sigma * Math.sqrt(0.5);
    double d1 = (Math.log(s / 95) + (0.03 + 0.5 * sigma * sigma) * 0.5) / sq;
    double density = Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI);
    assertEquals(BlackScholes.call(s, 95, 0.03, sigma, 0.5), quadrature.value(), 1e-4);
    assertEquals(Normal.cdf(d1), quadrature.spot(), 1e-4);
    assertEquals(s * density * Math.sqrt(0.5), quadrature.vol(), 1e-3);
    GradCheck.Result check = GradCheck.of(a ->
            QuadraturePricing.call(a.scalar(0), 95, 0.03, a.scalar(1), 0.5, 400))
        .scalar("spot", s, QuadraturePricingGrad.call(s, 95, 0.03, sigma, 0.5, 400).spot())
        .scalar("vol", sigma, QuadraturePricingGrad.call(s, 95, 0.03, sigma, 0.5, 400).vol())
        .run();
    assertTrue(check.passes(1e-6), check::toString);
  }

  @Test
  void deltaIsTheNormalCdfOfD1() {
    double s = 100;
    double d1 = (Math.log(s / 95) + (0.03 + 0.5 * 0.25 * 0.25) * 0.5) / (0.25 * Math.sqrt(0.5));
    // Exact for the exact N; with the approximate N, up to the approximation's error.
    assertEquals(Normal.cdf(d1), BlackScholesGrad.call(s, 95, 0.03, 0.25, 0.5).s(), 1e-5);
  }

  @Test
  void normalCdfThroughItsRecursion() {
    for (double x : new double[] {-1.3, 0.4}) {
      double density = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
      assertEquals(density, NormalGrad.cdf(x).x(), 1e-6);
    }
  }

  @Test
  void crossEntropyGradientIsSoftmaxMinusOneHot() {
    double[] logits = {0.5, 2.0, -1.0};
    var g = SoftmaxGrad.crossEntropy(logits, 1);
    double sum = Math.exp(0.5) + Math.exp(2.0) + Math.exp(-1.0);
    double[] expected = {Math.exp(0.5) / sum, Math.exp(2.0) / sum - 1, Math.exp(-1.0) / sum};
    assertArrayEquals(expected, g.logits(), 1e-12);
    assertEquals(Math.log(sum) - 2.0, g.value(), 1e-12);
  }

  @Test
  void logSumExpStaysFiniteWhereExpOverflows() {
    // Math.exp(800) is infinite; softmax and cross-entropy do not change under a shift by 799.
    var g = SoftmaxGrad.crossEntropy(new double[] {800, 801, 799}, 0);
    var shifted = SoftmaxGrad.crossEntropy(new double[] {1, 2, 0}, 0);
    assertEquals(shifted.value(), g.value(), 1e-12);
    assertArrayEquals(shifted.logits(), g.logits(), 1e-12);
  }

  @Test
  void rnnMatchesFiniteDifferences() {
    double[] x = {0.5, -1.0, 0.25, 2.0};
    var g = RecurrentGrad.rnn(0.8, -0.6, x);
    assertEquals(Double.doubleToLongBits(Recurrent.rnn(0.8, -0.6, x)),
        Double.doubleToLongBits(g.value()), "value is bit-for-bit the user's");
    GradCheck.Result check = GradCheck.of(a -> Recurrent.rnn(a.scalar(0), a.scalar(1),
            a.vector(2)))
        .scalar("w", 0.8, g.w())
        .scalar("u", -0.6, g.u())
        .vector("x", x, g.x())
        .run();
    assertTrue(check.passes(1e-6), check::toString);
  }

  @Test
  void tangentIsTheGradientAlongTheDirection() {
    double[] x = {0.5, -1.0, 0.25, 2.0};
    double[] dotX = {1, 0, -1, 0.5};
    var g = RecurrentGrad.rnn(0.8, -0.6, x);
    var tangent = RecurrentGrad.rnnTangent(0.8, -0.6, x, 0.3, -0.2, dotX);
    double expected = g.w() * 0.3 + g.u() * -0.2;
    for (int i = 0; i < x.length; i++) {
      expected += g.x()[i] * dotX[i];
    }
    assertEquals(expected, tangent.tangent(), 1e-12);
  }
}
