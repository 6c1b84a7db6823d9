package dev.flatgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.GradCheck;
import org.junit.jupiter.api.Test;

/** Logistic regression: the generated gradient, and gradient descent with it. */
class LogisticRegressionTest {

  private static final Dataset BLOBS = Dataset.twoBlobs(40, 1.6, 11);

  private final double[] w = {0.7, -1.2};
  private final double b = 0.3;

  @Test
  void gradientIsTheClosedForm() {
    // d/dz [softplus(z) - y z] = sigmoid(z) - y, so dL/dw = mean((p - y) x), dL/db = mean(p - y).
    double[] dw = new double[2];
    double db = 0;
    for (int n = 0; n < BLOBS.size(); n++) {
      double residual = LogisticRegression.probability(w, b, BLOBS.inputs()[n])
          - BLOBS.labels()[n];
      dw[0] += residual * BLOBS.inputs()[n][0] / BLOBS.size();
      dw[1] += residual * BLOBS.inputs()[n][1] / BLOBS.size();
      db += residual / BLOBS.size();
    }
    var g = LogisticRegressionGrad.loss(w, b, BLOBS.inputs(), BLOBS.labels());
    assertArrayEquals(dw, g.w(), 1e-12);
    assertEquals(db, g.b(), 1e-12);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    var g = LogisticRegressionGrad.loss(w, b, BLOBS.inputs(), BLOBS.labels());
    GradCheck.Result result = GradCheck.of(a ->
            LogisticRegression.loss(a.vector(0), a.scalar(1), BLOBS.inputs(), BLOBS.labels()))
        .vector("w", w, g.w())
        .scalar("b", b, g.b())
        .run();
    assertTrue(result.passes(1e-6), result::toString);
  }

  @Test
  void gradientDescentSeparatesTheBlobs() {
    double before = LogisticRegression.loss(new double[2], 0, BLOBS.inputs(), BLOBS.labels());
    LogisticRegression.Fit fit = LogisticRegression.fit(BLOBS, 100, 1.0);
    assertEquals(Math.log(2), before, 1e-15, "zero weights: p = 1/2 everywhere");
    assertTrue(fit.loss() < before / 2, "loss " + fit.loss());
    assertTrue(fit.accuracy() >= 0.9, "accuracy " + fit.accuracy());
  }
}
