package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.FiniteDifferences;
import dev.flatgrad.benchmarks.support.ReverseTape;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The neuron's gradient computed every other way. Each method returns the value and writes
 * {@code (d/dw0, d/dx0, d/dw1, d/dx1, d/dw2)} into {@code out}.
 */
public final class NeuronAlternatives {

  private NeuronAlternatives() {}

  /** The lecture's flat code, as printed on the slide. */
  public static double handWritten(double w0, double x0, double w1, double x1, double w2,
      double[] out) {
    double s3 = w0 * x0 + w1 * x1 + w2;
    double L = 1.0 / (1.0 + Math.exp(-s3));
    double g = (1.0 - L) * L;
    out[0] = g * x0;
    out[1] = g * w0;
    out[2] = g * x1;
    out[3] = g * w1;
    out[4] = g;
    return L;
  }

  public static double tape(ReverseTape tape, double w0, double x0, double w1, double x1,
      double w2, double[] out) {
    tape.clear();
    int nw0 = tape.leaf(w0);
    int nx0 = tape.leaf(x0);
    int nw1 = tape.leaf(w1);
    int nx1 = tape.leaf(x1);
    int nw2 = tape.leaf(w2);
    int s0 = tape.mul(nw0, nx0);
    int s1 = tape.mul(nw1, nx1);
    int s2 = tape.add(s0, s1);
    int s3 = tape.add(s2, nw2);
    int L = tape.sigmoid(s3);
    tape.backward(L);
    out[0] = tape.adjoint(nw0);
    out[1] = tape.adjoint(nx0);
    out[2] = tape.adjoint(nw1);
    out[3] = tape.adjoint(nx1);
    out[4] = tape.adjoint(nw2);
    return tape.value(L);
  }

  /** Forward mode: every operation carries the 5 partial derivatives along. */
  public static double hipparchus(double w0, double x0, double w1, double x1, double w2,
      double[] out) {
    Gradient gw0 = Gradient.variable(5, 0, w0);
    Gradient gx0 = Gradient.variable(5, 1, x0);
    Gradient gw1 = Gradient.variable(5, 2, w1);
    Gradient gx1 = Gradient.variable(5, 3, x1);
    Gradient gw2 = Gradient.variable(5, 4, w2);
    Gradient s3 = gw0.multiply(gx0).add(gw1.multiply(gx1)).add(gw2);
    Gradient L = s3.negate().exp().add(1.0).reciprocal();
    System.arraycopy(L.getGradient(), 0, out, 0, 5);
    return L.getValue();
  }

  public static double finiteDifferences(double[] wx, double[] out) {
    FiniteDifferences.gradient(() -> Neuron.neuron(wx[0], wx[1], wx[2], wx[3], wx[4]), wx, out);
    return Neuron.neuron(wx[0], wx[1], wx[2], wx[3], wx[4]);
  }
}
