package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.FiniteDifferences;
import dev.flatgrad.benchmarks.support.ForwardArrays;
import dev.flatgrad.benchmarks.support.ReverseTape;
import dev.flatgrad.benchmarks.support.TapeArrays;
import java.util.Arrays;
import java.util.function.DoubleSupplier;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The MLP loss's gradient computed every other way. Each method returns the loss and overwrites
 * {@code gw1, gb1, gw2, gb2} (shaped like {@code w1, b1, w2, b2}) with its gradient.
 */
public final class MlpAlternatives {

  private MlpAlternatives() {}

  /**
   * Hand-written backprop, the slide's formulas (δʸ = ŷ − y, δʰ = (1 − h²) ⊙ Wʸᵀδʸ) fused per
   * example: forward and backward for one example while its activations are in cache, so nothing
   * is stored across examples.
   */
  public static double handWritten(double[][] w1, double[] b1, double[][] w2, double[] b2,
      double[][] x, int[] labels, double[][] gw1, double[] gb1, double[][] gw2, double[] gb2) {
    int hidden = b1.length;
    int classes = b2.length;
    int batch = x.length;
    for (double[] row : gw1) {
      Arrays.fill(row, 0.0);
    }
    Arrays.fill(gb1, 0.0);
    for (double[] row : gw2) {
      Arrays.fill(row, 0.0);
    }
    Arrays.fill(gb2, 0.0);
    double[] h = new double[hidden];
    double[] dh = new double[hidden];
    double[] p = new double[classes];
    double inverseBatch = 1.0 / batch;
    double total = 0;
    for (int n = 0; n < batch; n++) {
      double[] xn = x[n];
      int inputs = xn.length;
      for (int i = 0; i < hidden; i++) {
        double[] w1i = w1[i];
        double s = b1[i];
        for (int j = 0; j < inputs; j++) {
          s += w1i[j] * xn[j];
        }
        h[i] = Math.tanh(s);
      }
      for (int c = 0; c < classes; c++) {
        double[] w2c = w2[c];
        double s = b2[c];
        for (int i = 0; i < hidden; i++) {
          s += w2c[i] * h[i];
        }
        p[c] = s;
      }
      int label = labels[n];
      double m = p[0];
      for (int c = 1; c < classes; c++) {
        m = Math.max(m, p[c]);
      }
      double target = p[label];
      double se = 0;
      for (int c = 0; c < classes; c++) {
        double e = Math.exp(p[c] - m);
        p[c] = e;
        se += e;
      }
      total += Math.log(se) + m - target;

      // Backward for this example: δʸ = (softmax − onehot) / batch.
      double scale = inverseBatch / se;
      Arrays.fill(dh, 0.0);
      for (int c = 0; c < classes; c++) {
        double dy = p[c] * scale - (c == label ? inverseBatch : 0.0);
        gb2[c] += dy;
        double[] w2c = w2[c];
        double[] gw2c = gw2[c];
        for (int i = 0; i < hidden; i++) {
          gw2c[i] += dy * h[i];
          dh[i] += dy * w2c[i];
        }
      }
      for (int i = 0; i < hidden; i++) {
        double hi = h[i];
        double d = dh[i] * (1.0 - hi * hi);
        gb1[i] += d;
        double[] gw1i = gw1[i];
        for (int j = 0; j < inputs; j++) {
          gw1i[j] += d * xn[j];
        }
      }
    }
    return total * inverseBatch;
  }

  /** The same computation recorded on a scalar tape, node by node, then swept backwards. */
  public static double tape(ReverseTape tape, double[][] w1, double[] b1, double[][] w2,
      double[] b2, double[][] x, int[] labels, double[][] gw1, double[] gb1, double[][] gw2,
      double[] gb2) {
    tape.clear();
    int hidden = b1.length;
    int classes = b2.length;
    int[][] nw1 = TapeArrays.leaves(tape, w1);
    int[] nb1 = TapeArrays.leaves(tape, b1);
    int[][] nw2 = TapeArrays.leaves(tape, w2);
    int[] nb2 = TapeArrays.leaves(tape, b2);
    int[] h = new int[hidden];
    int[] y = new int[classes];
    int total = tape.leaf(0.0);
    for (int n = 0; n < x.length; n++) {
      double[] xn = x[n];
      for (int i = 0; i < hidden; i++) {
        int s = nb1[i];
        for (int j = 0; j < xn.length; j++) {
          s = tape.add(s, tape.mulConst(nw1[i][j], xn[j]));
        }
        h[i] = tape.tanh(s);
      }
      for (int c = 0; c < classes; c++) {
        int s = nb2[c];
        for (int i = 0; i < hidden; i++) {
          s = tape.add(s, tape.mul(nw2[c][i], h[i]));
        }
        y[c] = s;
      }
      int m = y[0];
      for (int c = 1; c < classes; c++) {
        m = tape.max(m, y[c]);
      }
      int se = tape.exp(tape.sub(y[0], m));
      for (int c = 1; c < classes; c++) {
        se = tape.add(se, tape.exp(tape.sub(y[c], m)));
      }
      total = tape.add(total, tape.sub(tape.add(tape.log(se), m), y[labels[n]]));
    }
    int loss = tape.mulConst(total, 1.0 / x.length);
    tape.backward(loss);
    TapeArrays.adjoints(tape, nw1, gw1);
    TapeArrays.adjoints(tape, nb1, gb1);
    TapeArrays.adjoints(tape, nw2, gw2);
    TapeArrays.adjoints(tape, nb2, gb2);
    return tape.value(loss);
  }

  /** Forward mode over all 1348 parameters at once: each operation carries 1348 partials. */
  public static double hipparchus(double[][] w1, double[] b1, double[][] w2, double[] b2,
      double[][] x, int[] labels, double[][] gw1, double[] gb1, double[][] gw2, double[] gb2) {
    int hidden = b1.length;
    int classes = b2.length;
    int inputs = w1[0].length;
    int parameters = hidden * inputs + hidden + classes * hidden + classes;
    ForwardArrays variables = new ForwardArrays(parameters);
    Gradient[][] vw1 = variables.variables(w1);
    Gradient[] vb1 = variables.variables(b1);
    Gradient[][] vw2 = variables.variables(w2);
    Gradient[] vb2 = variables.variables(b2);
    Gradient[] h = new Gradient[hidden];
    Gradient[] y = new Gradient[classes];
    Gradient total = variables.constant(0.0);
    for (int n = 0; n < x.length; n++) {
      double[] xn = x[n];
      for (int i = 0; i < hidden; i++) {
        Gradient s = vb1[i];
        for (int j = 0; j < xn.length; j++) {
          s = s.add(vw1[i][j].multiply(xn[j]));
        }
        h[i] = s.tanh();
      }
      for (int c = 0; c < classes; c++) {
        Gradient s = vb2[c];
        for (int i = 0; i < hidden; i++) {
          s = s.add(vw2[c][i].multiply(h[i]));
        }
        y[c] = s;
      }
      Gradient m = y[0];
      for (int c = 1; c < classes; c++) {
        m = y[c].getValue() > m.getValue() ? y[c] : m;
      }
      Gradient se = y[0].subtract(m).exp();
      for (int c = 1; c < classes; c++) {
        se = se.add(y[c].subtract(m).exp());
      }
      total = total.add(se.log().add(m).subtract(y[labels[n]]));
    }
    Gradient loss = total.divide(x.length);
    double[] g = loss.getGradient();
    int k = ForwardArrays.copy(g, 0, gw1);
    k = ForwardArrays.copy(g, k, gb1);
    k = ForwardArrays.copy(g, k, gw2);
    ForwardArrays.copy(g, k, gb2);
    return loss.getValue();
  }

  /** Central differences of the user's method: 2 × 1348 evaluations of the loss. */
  public static double finiteDifferences(double[][] w1, double[] b1, double[][] w2, double[] b2,
      double[][] x, int[] labels, double[][] gw1, double[] gb1, double[][] gw2, double[] gb2) {
    DoubleSupplier f = () -> Mlp.loss(w1, b1, w2, b2, x, labels);
    FiniteDifferences.gradient(f, w1, gw1);
    FiniteDifferences.gradient(f, b1, gb1);
    FiniteDifferences.gradient(f, w2, gw2);
    FiniteDifferences.gradient(f, b2, gb2);
    return f.getAsDouble();
  }
}
