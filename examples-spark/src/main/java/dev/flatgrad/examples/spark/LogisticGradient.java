package dev.flatgrad.examples.spark;

import dev.flatgrad.examples.LogisticRegressionGrad;
import java.io.Serializable;

/**
 * The gradient of the examples' logistic regression loss (a mean over the examples) as Spark
 * aggregates it: the sink {@code w} the generated pullback adds into, the partial {@code b} it
 * returns, and the loss. Each block adds its share of the batch's mean; shares then add up.
 */
public final class LogisticGradient implements Serializable {

  private static final long serialVersionUID = 1L;

  final double[] w;
  double b;
  double value;

  LogisticGradient(int features) {
    w = new double[features];
  }

  /**
   * Adds {@code block}'s share of the gradient at {@code (w, b)} of the mean loss over {@code
   * total} examples: the generated pullback with upstream {@code block.size() / total}, that
   * block's weight in the mean. ({@code lossAccumulate} is the same call with upstream 1.)
   */
  LogisticGradient add(Block block, double[] w, double b, int total) {
    double weight = (double) block.size() / total;
    var pullback = LogisticRegressionGrad.lossPullback(w, b, block.inputs(), block.labels(),
        weight, this.w);
    this.b += pullback.b();
    value += weight * pullback.value();
    return this;
  }

  /** {@code this += other}: Spark's combine step. */
  LogisticGradient merge(LogisticGradient other) {
    for (int j = 0; j < w.length; j++) {
      w[j] += other.w[j];
    }
    b += other.b;
    value += other.value;
    return this;
  }

  public double[] w() {
    return w;
  }

  public double b() {
    return b;
  }

  public double value() {
    return value;
  }
}
