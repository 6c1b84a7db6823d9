package dev.flatgrad.benchmarks;

import dev.flatgrad.Differentiable;
import dev.flatgrad.benchmarks.support.Inputs;
import java.util.SplittableRandom;

/**
 * Kernel 7, a loop-heavy recurrence: an Elman RNN, {@code h_t = tanh(W h_{t−1} + U x_t + b)}, over
 * 100 steps with 16 hidden units and 4 inputs, read out as {@code v·h_t} and scored against a
 * target at every step (mean squared error). {@code W, U, b, v} are differentiated ({@code 16·16 +
 * 16·4 + 16 + 16 = 352} parameters); the sequence and targets are data.
 */
public final class Rnn {

  public static final int HIDDEN = 16;
  public static final int INPUTS = 4;
  public static final int STEPS = 100;

  private Rnn() {}

  @Differentiable(wrt = {"w", "u", "b", "v"})
  public static double rnn(double[][] w, double[][] u, double[] b, double[] v, double[][] xs,
      double[] targets) {
    double[] h = new double[b.length];
    double[] next = new double[b.length];
    double loss = 0;
    for (int t = 0; t < xs.length; t++) {
      for (int i = 0; i < b.length; i++) {
        double s = b[i];
        for (int j = 0; j < h.length; j++) {
          s += w[i][j] * h[j];
        }
        for (int k = 0; k < xs[t].length; k++) {
          s += u[i][k] * xs[t][k];
        }
        next[i] = Math.tanh(s);
      }
      double out = 0;
      for (int i = 0; i < h.length; i++) {
        h[i] = next[i];
        out += v[i] * h[i];
      }
      double err = out - targets[t];
      loss += err * err;
    }
    return loss / xs.length;
  }

  /** The parameters and the sequence. */
  public static final class Data {
    public final double[][] w;
    public final double[][] u;
    public final double[] b;
    public final double[] v;
    public final double[][] xs;
    public final double[] targets;

    public Data(long seed) {
      SplittableRandom random = Inputs.random(seed);
      w = Inputs.uniform(random, HIDDEN, HIDDEN, -0.25, 0.25);
      u = Inputs.uniform(random, HIDDEN, INPUTS, -0.5, 0.5);
      b = Inputs.uniform(random, HIDDEN, -0.1, 0.1);
      v = Inputs.uniform(random, HIDDEN, -0.5, 0.5);
      xs = Inputs.normal(random, STEPS, INPUTS);
      targets = Inputs.uniform(random, STEPS, -1, 1);
    }
  }
}
