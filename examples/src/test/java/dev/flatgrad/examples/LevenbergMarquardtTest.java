package dev.flatgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.GradCheck;
import org.junit.jupiter.api.Test;

/** Levenberg-Marquardt with the generated Jacobian reaches NIST's certified Misra1a values. */
class LevenbergMarquardtTest {

  @Test
  void bothNistStartsReachTheCertifiedValues() {
    for (double[] start : new double[][] {{500, 1e-4}, {250, 5e-4}}) {
      double[] b = LevenbergMarquardt.fit(start, 500, (step, p, rss, lambda) -> { });
      assertEquals(LevenbergMarquardt.CERTIFIED[0], b[0], 1e-6 * LevenbergMarquardt.CERTIFIED[0]);
      assertEquals(LevenbergMarquardt.CERTIFIED[1], b[1], 1e-6 * LevenbergMarquardt.CERTIFIED[1]);
      assertEquals(LevenbergMarquardt.CERTIFIED_RSS,
          LevenbergMarquardt.rss(LevenbergMarquardt.residuals(b, LevenbergMarquardt.X,
              LevenbergMarquardt.Y)), 1e-8);
    }
  }

  @Test
  void jacobianRowsMatchFiniteDifferences() {
    double[] b = {240, 5.5e-4};
    double[][] j = LevenbergMarquardtGrad.residuals(b, LevenbergMarquardt.X,
        LevenbergMarquardt.Y).b();
    for (int i = 0; i < j.length; i++) {
      int row = i;
      GradCheck.Result check = GradCheck.of(a -> LevenbergMarquardt.residuals(a.vector(0),
              LevenbergMarquardt.X, LevenbergMarquardt.Y)[row])
          .step(1e-8) // b2 is near 5e-4: the default step would be 2 % of it
          .vector("b", b, j[i])
          .run();
      assertEquals(true, check.passes(1e-6), check.toString());
    }
  }
}
