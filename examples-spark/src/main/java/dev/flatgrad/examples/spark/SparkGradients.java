package dev.flatgrad.examples.spark;

import org.apache.spark.api.java.JavaRDD;

/**
 * Batch gradients on Spark, the way MLlib's optimizers compute theirs: each partition adds its
 * block's gradient into a sink with the generated pullback, {@code treeAggregate} sums the sinks
 * up a tree, and the driver gets the batch's gradient.
 *
 * <p>What travels: the blocks once, when they are cached; per step, each task's closure, which
 * holds the current weights (Spark broadcasts a stage's closure to the executors); and back, one
 * sink per partition. The generated code does not travel: it is in the application's jar on
 * every executor. Nothing of flatgrad is serialized; each executor thread keeps its own tape.
 *
 * <p>Spark adds the partitions' sinks in the order their tasks finish, so with three or more
 * partitions the last bits of the sum can differ from run to run, as they do in MLlib.
 */
public final class SparkGradients {

  /** The depth of the aggregation tree, MLlib's default. */
  static final int DEPTH = 2;

  private final JavaRDD<Block> blocks;
  private final int total;

  /** The gradients over {@code blocks}, which hold {@code total} examples in all. */
  public SparkGradients(JavaRDD<Block> blocks, int total) {
    this.blocks = blocks;
    this.total = total;
  }

  /** The logistic regression's mean loss at {@code (w, b)}, with its gradient. */
  public LogisticGradient logistic(double[] w, double b) {
    int total = this.total;
    return blocks.treeAggregate(new LogisticGradient(w.length),
        (sink, block) -> sink.add(block, w, b, total), LogisticGradient::merge, DEPTH);
  }

  /** The spiral MLP's mean loss at {@code w}, with its gradient. */
  public MlpGradient mlp(MlpWeights w) {
    int total = this.total;
    return blocks.treeAggregate(new MlpGradient(w),
        (sink, block) -> sink.add(block, w, total), MlpGradient::merge, DEPTH);
  }
}
