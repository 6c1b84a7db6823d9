package dev.flatgrad.benchmarks;

import dev.flatgrad.ShardedGradient;
import dev.flatgrad.benchmarks.support.Inputs;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The MLP batch loss of {@link Mlp} (seed 002's tanh MLP, 16 → 64 → 4) over a batch of 1024
 * examples: its gradient in one {@code lossAccumulate} call on this thread, and through {@link
 * ShardedGradient} with one shard per thread of a {@link ForkJoinPool} of 1 or 2 threads. The
 * ratio of {@code sharded} at 1 and 2 threads is the speed-up; {@code serial} against {@code
 * sharded} at 1 thread is what the helper costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ShardedGradientBenchmark {

  static final int BATCH = 1024;

  @Param({"1", "2"})
  int threads;

  final Mlp.Data d = new Mlp.Data(2);
  final double[][] x;
  final int[] labels = new int[BATCH];
  private ForkJoinPool pool;
  private ShardedGradient<Gradient> sharded;

  public ShardedGradientBenchmark() {
    SplittableRandom random = Inputs.random(17);
    x = Inputs.normal(random, BATCH, Mlp.INPUTS);
    for (int n = 0; n < BATCH; n++) {
      labels[n] = random.nextInt(Mlp.CLASSES);
    }
  }

  /** One shard's gradient buffers, shaped like the weights. */
  static final class Gradient {
    final double[][] w1;
    final double[] b1;
    final double[][] w2;
    final double[] b2;

    Gradient(Mlp.Data d) {
      w1 = Inputs.zerosLike(d.w1);
      b1 = new double[d.b1.length];
      w2 = Inputs.zerosLike(d.w2);
      b2 = new double[d.b2.length];
    }

    void add(Gradient part) {
      ShardedGradient.add(w1, part.w1);
      ShardedGradient.add(b1, part.b1);
      ShardedGradient.add(w2, part.w2);
      ShardedGradient.add(b2, part.b2);
    }
  }

  @Setup(Level.Trial)
  public void startPool() {
    pool = new ForkJoinPool(threads);
    sharded = ShardedGradient.of(pool, threads, () -> new Gradient(d), Gradient::add);
  }

  @TearDown(Level.Trial)
  public void stopPool() throws InterruptedException {
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** The whole batch in one call on the benchmark thread, into fresh buffers (as sharded). */
  @Benchmark
  public Gradient serial() {
    Gradient g = new Gradient(d);
    MlpGrad.lossAccumulate(d.w1, d.b1, d.w2, d.b2, x, labels, g.w1, g.b1, g.w2, g.b2);
    return g;
  }

  /** One shard per pool thread; each shard's mean weighted by its share of the batch. */
  @Benchmark
  public ShardedGradient.Result<Gradient> sharded() {
    return sharded.compute(BATCH, (shard, g) -> shard.weight()
        * MlpGrad.lossPullback(d.w1, d.b1, d.w2, d.b2, shard.slice(x), shard.slice(labels),
            shard.weight(), g.w1, g.b1, g.w2, g.b2));
  }
}
