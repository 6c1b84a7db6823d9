package dev.flatgrad.examples.spark;

import dev.flatgrad.examples.SpiralMlpGrad;
import java.io.Serializable;

/**
 * The gradient of the spiral MLP's loss (a mean over the examples) as Spark aggregates it: the
 * four sink arrays the generated pullback adds into, and the loss.
 */
public final class MlpGradient implements Serializable {

  private static final long serialVersionUID = 1L;

  final MlpWeights sinks;
  double value;

  MlpGradient(MlpWeights like) {
    sinks = MlpWeights.zerosLike(like);
  }

  /**
   * Adds {@code block}'s share of the gradient at {@code w} of the mean loss over {@code total}
   * examples: the generated pullback with upstream {@code block.size() / total}.
   */
  MlpGradient add(Block block, MlpWeights w, int total) {
    double weight = (double) block.size() / total;
    value += weight * SpiralMlpGrad.lossPullback(w.Wh, w.bh, w.Wy, w.by, block.inputs(),
        block.labels(), weight, sinks.Wh, sinks.bh, sinks.Wy, sinks.by);
    return this;
  }

  /** {@code this += other}: Spark's combine step. */
  MlpGradient merge(MlpGradient other) {
    var mine = sinks.arrays();
    var theirs = other.sinks.arrays();
    for (int a = 0; a < mine.size(); a++) {
      double[] to = mine.get(a);
      double[] from = theirs.get(a);
      for (int i = 0; i < to.length; i++) {
        to[i] += from[i];
      }
    }
    value += other.value;
    return this;
  }

  public double value() {
    return value;
  }

  public double[][] Wh() {
    return sinks.Wh;
  }

  public double[] bh() {
    return sinks.bh;
  }

  public double[][] Wy() {
    return sinks.Wy;
  }

  public double[] by() {
    return sinks.by;
  }
}
