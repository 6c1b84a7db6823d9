package dev.flatgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.benchmarks.support.Inputs;
import org.junit.jupiter.api.Test;

/**
 * gradbench's ode and lstm, the two workloads added for the peers: flatgrad's gradient against
 * the hand-written one, against central finite differences of the user's method, and (ode)
 * against a closed form.
 */
class PeerWorkloadGradientTest {

  /**
   * For n ≤ 4 the system is nilpotent of order ≤ 5, so RK4 (the Taylor series of the flow to
   * fourth order) is exact for any step count: y_3(2) = x_0 x_1 x_2 x_3 2⁴ / 4!.
   */
  @Test
  void odeMatchesItsClosedFormWhereRk4IsExact() {
    double[] x = {0.3, 1.7, -0.8, 2.5};
    for (int s : new int[] {1, 3, 10}) {
      var g = OdeGrad.ode(x, s);
      double expected = x[0] * x[1] * x[2] * x[3] * 16 / 24;
      assertEquals(expected, g.value(), 1e-14, "value, s = " + s);
      double[] grad = {x[1] * x[2] * x[3] * 16 / 24, x[0] * x[2] * x[3] * 16 / 24,
          x[0] * x[1] * x[3] * 16 / 24, x[0] * x[1] * x[2] * 16 / 24};
      assertClose(grad, g.x(), 1e-14, "closed form, s = " + s);
      double[] hand = new double[4];
      OdeAlternatives.handWritten(x, s, hand);
      assertClose(grad, hand, 1e-14, "hand-written closed form, s = " + s);
    }
  }

  /** n ≤ 4 s: the last component depends on every x_i, and the gradient has no zero entry. */
  @Test
  void odeAgreesWithHandWrittenAndFiniteDifferences() {
    double[] x = Ode.input(8, 12);
    int s = 3;
    var g = OdeGrad.ode(x, s);
    assertEquals(Ode.ode(x, s), g.value(), 0.0, "flatgrad's value is the primal's");
    for (double gi : g.x()) {
      assertTrue(gi != 0, "every x_i reaches y_11 after 3 steps");
    }
    double[] hand = new double[x.length];
    assertEquals(g.value(), OdeAlternatives.handWritten(x, s, hand), 1e-14 * Math.abs(g.value()));
    assertClose(g.x(), hand, 1e-12, "hand-written");
    double[] fd = new double[x.length];
    OdeAlternatives.finiteDifferences(x, s, fd);
    assertClose(g.x(), fd, 1e-7, "finite differences");
  }

  /** At the benchmark's size (n > 4 s) value and gradient are exactly zero, as in gradbench. */
  @Test
  void odeAtTheBenchmarkSizeIsExactlyZero() {
    double[] x = Ode.input(8, Ode.N);
    var g = OdeGrad.ode(x, Ode.STEPS);
    double[] hand = new double[x.length];
    assertEquals(0.0, g.value());
    assertEquals(0.0, OdeAlternatives.handWritten(x, Ode.STEPS, hand));
    for (int i = 0; i < x.length; i++) {
      assertEquals(0.0, g.x()[i], "flatgrad at " + i);
      assertEquals(0.0, hand[i], "hand-written at " + i);
    }
    // Not zero one index lower than the reach: y_{4s-1} depends on every x_0 ... x_{4s-1}.
    double[] reach = Ode.input(8, 4 * Ode.STEPS);
    var r = OdeGrad.ode(reach, Ode.STEPS);
    assertTrue(r.value() > 0);
    for (double gi : r.x()) {
      assertTrue(gi > 0);
    }
  }

  /** Three layers and a short text: finite differences stay cheap, layer > 1 is exercised. */
  @Test
  void lstmAgreesWithHandWrittenAndFiniteDifferences() {
    Lstm.Data d = new Lstm.Data(9, 3, 40, 14);
    var g = LstmGrad.lstm(d.mainParams, d.extraParams, d.state, d.sequence);
    double[][] main = Inputs.zerosLike(d.mainParams);
    double[][] extra = Inputs.zerosLike(d.extraParams);
    double[][] fdMain = Inputs.zerosLike(d.mainParams);
    double[][] fdExtra = Inputs.zerosLike(d.extraParams);
    new Agreement("lstm", Lstm.lstm(d.mainParams, d.extraParams, d.state, d.sequence))
        .exact("flatgrad", g.value(), g.mainParams(), g.extraParams())
        .exact("hand-written", LstmAlternatives.handWritten(d.mainParams, d.extraParams,
            d.state, d.sequence, main, extra), main, extra)
        .finiteDifferences(LstmAlternatives.finiteDifferences(d.mainParams, d.extraParams,
            d.state, d.sequence, fdMain, fdExtra), fdMain, fdExtra)
        .check();
  }

  /**
   * The benchmark's own input (l = 2, c = 1024, b = 14) against the hand-written gradient, entry
   * by entry relative to the largest (finite differences of 266 parameters at this length are
   * left to the test above).
   */
  @Test
  void lstmAtTheBenchmarkSizeAgreesWithHandWritten() {
    Lstm.Data d = new Lstm.Data(9);
    var g = LstmGrad.lstm(d.mainParams, d.extraParams, d.state, d.sequence);
    assertEquals(Lstm.lstm(d.mainParams, d.extraParams, d.state, d.sequence), g.value(), 0.0,
        "flatgrad's value is the primal's");
    double[][] main = Inputs.zerosLike(d.mainParams);
    double[][] extra = Inputs.zerosLike(d.extraParams);
    double value = LstmAlternatives.handWritten(d.mainParams, d.extraParams, d.state,
        d.sequence, main, extra);
    assertEquals(g.value(), value, 1e-12 * Math.abs(g.value()));
    assertClose(Agreement.flatten(g.mainParams(), g.extraParams()),
        Agreement.flatten(main, extra), 1e-12, "hand-written");
  }

  /** |expected − actual| ≤ relative · max |expected|, componentwise. */
  private static void assertClose(double[] expected, double[] actual, double relative,
      String what) {
    assertEquals(expected.length, actual.length, what);
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double error = Math.abs(expected[i] - actual[i]);
      assertTrue(error <= relative * scale, what + ": component " + i + " is " + actual[i]
          + ", expected " + expected[i] + " (scale " + scale + ")");
    }
  }
}
