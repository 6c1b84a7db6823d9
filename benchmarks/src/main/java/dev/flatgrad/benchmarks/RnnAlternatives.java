package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.FiniteDifferences;
import dev.flatgrad.benchmarks.support.ForwardArrays;
import dev.flatgrad.benchmarks.support.ReverseTape;
import dev.flatgrad.benchmarks.support.TapeArrays;
import java.util.Arrays;
import java.util.function.DoubleSupplier;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The RNN loss's gradient every other way: each returns the loss and overwrites {@code gw, gu, gb,
 * gv} (shaped like {@code w, u, b, v}).
 */
public final class RnnAlternatives {

  private RnnAlternatives() {}

  /**
   * Backpropagation through time by hand: the forward pass keeps every hidden state (101 × 16)
   * and every error; the backward pass carries δh back through the steps.
   */
  public static double handWritten(double[][] w, double[][] u, double[] b, double[] v,
      double[][] xs, double[] targets, double[][] gw, double[][] gu, double[] gb, double[] gv) {
    int hidden = b.length;
    int steps = xs.length;
    double[][] hs = new double[steps + 1][hidden];
    double[] errors = new double[steps];
    double loss = 0;
    for (int t = 0; t < steps; t++) {
      double[] previous = hs[t];
      double[] h = hs[t + 1];
      double[] xt = xs[t];
      double out = 0;
      for (int i = 0; i < hidden; i++) {
        double[] wi = w[i];
        double[] ui = u[i];
        double s = b[i];
        for (int j = 0; j < hidden; j++) {
          s += wi[j] * previous[j];
        }
        for (int k = 0; k < xt.length; k++) {
          s += ui[k] * xt[k];
        }
        double hi = Math.tanh(s);
        h[i] = hi;
        out += v[i] * hi;
      }
      double err = out - targets[t];
      errors[t] = err;
      loss += err * err;
    }

    for (double[] row : gw) {
      Arrays.fill(row, 0.0);
    }
    for (double[] row : gu) {
      Arrays.fill(row, 0.0);
    }
    Arrays.fill(gb, 0.0);
    Arrays.fill(gv, 0.0);
    double[] dh = new double[hidden];
    double[] ds = new double[hidden];
    double scale = 2.0 / steps;
    for (int t = steps - 1; t >= 0; t--) {
      double[] h = hs[t + 1];
      double[] previous = hs[t];
      double[] xt = xs[t];
      double dout = scale * errors[t];
      for (int i = 0; i < hidden; i++) {
        double hi = h[i];
        gv[i] += dout * hi;
        double d = (dh[i] + dout * v[i]) * (1.0 - hi * hi);
        ds[i] = d;
        gb[i] += d;
        double[] gwi = gw[i];
        for (int j = 0; j < hidden; j++) {
          gwi[j] += d * previous[j];
        }
        double[] gui = gu[i];
        for (int k = 0; k < xt.length; k++) {
          gui[k] += d * xt[k];
        }
      }
      // δh_{t−1} = Wᵀ δs_t
      Arrays.fill(dh, 0.0);
      for (int i = 0; i < hidden; i++) {
        double d = ds[i];
        double[] wi = w[i];
        for (int j = 0; j < hidden; j++) {
          dh[j] += d * wi[j];
        }
      }
    }
    return loss / steps;
  }

  public static double tape(ReverseTape tape, double[][] w, double[][] u, double[] b, double[] v,
      double[][] xs, double[] targets, double[][] gw, double[][] gu, double[] gb, double[] gv) {
    tape.clear();
    int hidden = b.length;
    int[][] nw = TapeArrays.leaves(tape, w);
    int[][] nu = TapeArrays.leaves(tape, u);
    int[] nb = TapeArrays.leaves(tape, b);
    int[] nv = TapeArrays.leaves(tape, v);
    int zero = tape.leaf(0.0);
    int[] h = new int[hidden];
    int[] next = new int[hidden];
    Arrays.fill(h, zero);
    int loss = zero;
    for (int t = 0; t < xs.length; t++) {
      double[] xt = xs[t];
      for (int i = 0; i < hidden; i++) {
        int s = nb[i];
        for (int j = 0; j < hidden; j++) {
          s = tape.add(s, tape.mul(nw[i][j], h[j]));
        }
        for (int k = 0; k < xt.length; k++) {
          s = tape.add(s, tape.mulConst(nu[i][k], xt[k]));
        }
        next[i] = tape.tanh(s);
      }
      int out = zero;
      for (int i = 0; i < hidden; i++) {
        h[i] = next[i];
        out = tape.add(out, tape.mul(nv[i], h[i]));
      }
      int err = tape.addConst(out, -targets[t]);
      loss = tape.add(loss, tape.square(err));
    }
    int y = tape.mulConst(loss, 1.0 / xs.length);
    tape.backward(y);
    TapeArrays.adjoints(tape, nw, gw);
    TapeArrays.adjoints(tape, nu, gu);
    TapeArrays.adjoints(tape, nb, gb);
    TapeArrays.adjoints(tape, nv, gv);
    return tape.value(y);
  }

  /** Forward mode over the 352 parameters. */
  public static double hipparchus(double[][] w, double[][] u, double[] b, double[] v,
      double[][] xs, double[] targets, double[][] gw, double[][] gu, double[] gb, double[] gv) {
    int hidden = b.length;
    int inputs = u[0].length;
    ForwardArrays variables =
        new ForwardArrays(hidden * hidden + hidden * inputs + hidden + hidden);
    Gradient[][] vw = variables.variables(w);
    Gradient[][] vu = variables.variables(u);
    Gradient[] vb = variables.variables(b);
    Gradient[] vv = variables.variables(v);
    Gradient zero = variables.constant(0.0);
    Gradient[] h = new Gradient[hidden];
    Gradient[] next = new Gradient[hidden];
    Arrays.fill(h, zero);
    Gradient loss = zero;
    for (int t = 0; t < xs.length; t++) {
      double[] xt = xs[t];
      for (int i = 0; i < hidden; i++) {
        Gradient s = vb[i];
        for (int j = 0; j < hidden; j++) {
          s = s.add(vw[i][j].multiply(h[j]));
        }
        for (int k = 0; k < xt.length; k++) {
          s = s.add(vu[i][k].multiply(xt[k]));
        }
        next[i] = s.tanh();
      }
      Gradient out = zero;
      for (int i = 0; i < hidden; i++) {
        h[i] = next[i];
        out = out.add(vv[i].multiply(h[i]));
      }
      Gradient err = out.subtract(targets[t]);
      loss = loss.add(err.multiply(err));
    }
    Gradient y = loss.divide(xs.length);
    double[] g = y.getGradient();
    int at = ForwardArrays.copy(g, 0, gw);
    at = ForwardArrays.copy(g, at, gu);
    at = ForwardArrays.copy(g, at, gb);
    ForwardArrays.copy(g, at, gv);
    return y.getValue();
  }

  public static double finiteDifferences(double[][] w, double[][] u, double[] b, double[] v,
      double[][] xs, double[] targets, double[][] gw, double[][] gu, double[] gb, double[] gv) {
    DoubleSupplier f = () -> Rnn.rnn(w, u, b, v, xs, targets);
    FiniteDifferences.gradient(f, w, gw);
    FiniteDifferences.gradient(f, u, gu);
    FiniteDifferences.gradient(f, b, gb);
    FiniteDifferences.gradient(f, v, gv);
    return f.getAsDouble();
  }
}
