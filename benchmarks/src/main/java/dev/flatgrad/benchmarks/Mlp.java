package dev.flatgrad.benchmarks;

import dev.flatgrad.Differentiable;
import dev.flatgrad.benchmarks.support.Inputs;
import java.util.SplittableRandom;

/**
 * Kernel 2, the seed 002 tanh MLP as a batch loss: 16 inputs, 64 hidden tanh units, 4 classes,
 * softmax cross-entropy averaged over a batch of 32 labelled examples. The weights and biases are
 * differentiated ({@code 64·16 + 64 + 4·64 + 4 = 1348} parameters); the batch is data.
 */
public final class Mlp {

  public static final int INPUTS = 16;
  public static final int HIDDEN = 64;
  public static final int CLASSES = 4;
  public static final int BATCH = 32;

  private Mlp() {}

  /**
   * The mean over the batch of {@code -log softmax(W2 tanh(W1 x + b1) + b2)[label]}, written the
   * way one writes it in Java: one example at a time, reusing the activation arrays.
   */
  @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
  public static double loss(double[][] w1, double[] b1, double[][] w2, double[] b2,
      double[][] x, int[] labels) {
    double[] h = new double[b1.length];
    double[] y = new double[b2.length];
    double total = 0;
    for (int n = 0; n < x.length; n++) {
      for (int i = 0; i < b1.length; i++) {
        double s = b1[i];
        for (int j = 0; j < x[n].length; j++) {
          s += w1[i][j] * x[n][j];
        }
        h[i] = Math.tanh(s);
      }
      for (int c = 0; c < b2.length; c++) {
        double s = b2[c];
        for (int i = 0; i < b1.length; i++) {
          s += w2[c][i] * h[i];
        }
        y[c] = s;
      }
      // Cross-entropy of the softmax: log(sum exp y) - y[label], with the max trick.
      double m = y[0];
      for (int c = 1; c < y.length; c++) {
        m = Math.max(m, y[c]);
      }
      double se = 0;
      for (int c = 0; c < y.length; c++) {
        se += Math.exp(y[c] - m);
      }
      total += Math.log(se) + m - y[labels[n]];
    }
    return total / x.length;
  }

  /** The parameters and the batch. */
  public static final class Data {
    public final double[][] w1;
    public final double[] b1;
    public final double[][] w2;
    public final double[] b2;
    public final double[][] x;
    public final int[] labels;

    public Data(long seed) {
      SplittableRandom random = Inputs.random(seed);
      w1 = scaled(Inputs.normal(random, HIDDEN, INPUTS), 1 / Math.sqrt(INPUTS));
      b1 = Inputs.uniform(random, HIDDEN, -0.1, 0.1);
      w2 = scaled(Inputs.normal(random, CLASSES, HIDDEN), 1 / Math.sqrt(HIDDEN));
      b2 = Inputs.uniform(random, CLASSES, -0.1, 0.1);
      x = Inputs.normal(random, BATCH, INPUTS);
      labels = new int[BATCH];
      for (int n = 0; n < BATCH; n++) {
        labels[n] = random.nextInt(CLASSES);
      }
    }

    private static double[][] scaled(double[][] m, double factor) {
      for (double[] row : m) {
        for (int j = 0; j < row.length; j++) {
          row[j] *= factor;
        }
      }
      return m;
    }
  }
}
