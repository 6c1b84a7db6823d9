package dev.flatgrad.examples;

import dev.flatgrad.Differentiable;

/**
 * The tanh MLP of seed 002 ("Example: Tanh MLP"), for a minibatch: a hidden layer {@code h =
 * tanh(Wʰ x + bʰ)}, scores {@code ỹ = Wʸ h + bʸ}, softmax and cross-entropy, averaged over the
 * batch. flatgrad generates {@code SpiralMlpGrad.loss}, its gradient with respect to the four
 * weight arrays; {@link MlpTrainer} descends it.
 */
final class SpiralMlp {

  private SpiralMlp() {}

  /**
   * The mean cross-entropy of the network on {@code inputs}, whose true classes are {@code
   * labels}.
   *
   * @param Wh hidden weights, hidden × input
   * @param bh hidden biases
   * @param Wy output weights, classes × hidden
   * @param by output biases
   * @param inputs the minibatch, one row per example (data: not differentiated)
   * @param labels each example's class (data)
   */
  @Differentiable(wrt = {"Wh", "bh", "Wy", "by"})
  static double loss(double[][] Wh, double[] bh, double[][] Wy, double[] by,
      double[][] inputs, int[] labels) {
    double[] h = new double[bh.length];
    double[] y = new double[by.length];
    double total = 0;
    for (int n = 0; n < inputs.length; n++) {
      for (int i = 0; i < bh.length; i++) {
        double a = bh[i];
        for (int j = 0; j < inputs[n].length; j++) {
          a += Wh[i][j] * inputs[n][j];
        }
        h[i] = Math.tanh(a);
      }
      for (int i = 0; i < by.length; i++) {
        double s = by[i];
        for (int j = 0; j < h.length; j++) {
          s += Wy[i][j] * h[j];
        }
        y[i] = s;
      }
      // -log softmax(y)[label], shifted by the largest score so exp cannot overflow.
      double max = y[0];
      for (int i = 1; i < y.length; i++) {
        max = Math.max(max, y[i]);
      }
      double sum = 0;
      for (int i = 0; i < y.length; i++) {
        sum += Math.exp(y[i] - max);
      }
      total += Math.log(sum) + max - y[labels[n]];
    }
    return total / inputs.length;
  }

  /**
   * The four weight arrays as one parameter record: flatgrad differentiates a record whole and
   * returns its gradient as a record of the same type, arrays shaped like the weights.
   */
  record Weights(double[][] Wh, double[] bh, double[][] Wy, double[] by) {}

  /**
   * {@link #loss} with the weights in a record: the body reads them through accessors.
   * {@code SpiralMlpGrad.recordLoss(w, inputs, labels).w()} is the gradient as a {@code
   * Weights}, and {@code recordLossAccumulate(w, inputs, labels, sink)} adds it into the arrays
   * of the record {@code sink}, as a training loop wants.
   */
  @Differentiable(wrt = "w")
  static double recordLoss(Weights w, double[][] inputs, int[] labels) {
    return loss(w.Wh(), w.bh(), w.Wy(), w.by(), inputs, labels);
  }

  /** The class with the highest score for one input: plain Java, no gradient needed. */
  static int predict(double[][] Wh, double[] bh, double[][] Wy, double[] by, double[] input) {
    double[] h = new double[bh.length];
    for (int i = 0; i < bh.length; i++) {
      double a = bh[i];
      for (int j = 0; j < input.length; j++) {
        a += Wh[i][j] * input[j];
      }
      h[i] = Math.tanh(a);
    }
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < by.length; i++) {
      double s = by[i];
      for (int j = 0; j < h.length; j++) {
        s += Wy[i][j] * h[j];
      }
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    return best;
  }
}
