package dev.flatgrad.examples.spark;

import dev.flatgrad.ShardedGradient;
import dev.flatgrad.examples.Dataset;
import java.util.concurrent.Executor;

/**
 * The same batch gradients on threads of this JVM, with flatgrad's {@link ShardedGradient}: the
 * sinks and their {@code add} and {@code merge} are the ones Spark aggregates.
 */
public final class ThreadGradients {

  private final Dataset data;
  private final Executor executor;
  private final int shards;

  public ThreadGradients(Dataset data, Executor executor, int shards) {
    this.data = data;
    this.executor = executor;
    this.shards = shards;
  }

  public LogisticGradient logistic(double[] w, double b) {
    return ShardedGradient.of(executor, shards, () -> new LogisticGradient(w.length),
            LogisticGradient::merge)
        .compute(data.size(), (shard, sink) -> {
          sink.add(block(shard), w, b, data.size());
          return 0; // the sink keeps its value
        })
        .gradient();
  }

  public MlpGradient mlp(MlpWeights w) {
    return ShardedGradient.of(executor, shards, () -> new MlpGradient(w), MlpGradient::merge)
        .compute(data.size(), (shard, sink) -> {
          sink.add(block(shard), w, data.size());
          return 0;
        })
        .gradient();
  }

  private Block block(ShardedGradient.Shard shard) {
    return new Block(shard.slice(data.inputs()), shard.slice(data.labels()));
  }
}
