package dev.flatgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.GradCheck;
import dev.flatgrad.ShardedGradient;
import dev.flatgrad.ShardedGradient.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ShardedGradient} with the examples' generated gradients: the sharded batch gradient of
 * the logistic regression and of the spiral MLP equals the single-threaded one to rounding (bit
 * for bit with one shard), repeats bit for bit, and stays right when many threads compute
 * gradients at once (each uses its own {@code Tape}).
 */
class ShardedGradientExamplesTest {

  private static final Dataset BLOBS = Dataset.twoBlobs(100, 1.6, 11);
  private static final Dataset SPIRAL = Dataset.spiral(100, 3, 0.2, TrainingDemo.DATA_SEED);

  private static ForkJoinPool pool;

  @BeforeAll
  static void startPool() {
    pool = new ForkJoinPool(2);
  }

  @AfterAll
  static void stopPool() throws InterruptedException {
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  /** The logistic regression's gradient: the array w, and the double b returned by the call. */
  static final class LogisticGradient {
    final double[] w;
    double b;

    LogisticGradient(int features) {
      w = new double[features];
    }

    void add(LogisticGradient part) {
      ShardedGradient.add(w, part.w);
      b += part.b;
    }
  }

  private static final double[] W = {0.7, -0.4};
  private static final double B = 0.15;

  /** The mean loss is a weighted sum of the shards' means: the pullback with the shard weight. */
  private static Result<LogisticGradient> logistic(Executor executor, int shards,
      double[] w, double b) {
    return ShardedGradient.of(executor, shards, () -> new LogisticGradient(w.length),
            LogisticGradient::add)
        .compute(BLOBS.size(), (shard, sink) -> {
          var r = LogisticRegressionGrad.lossPullback(w, b, shard.slice(BLOBS.inputs()),
              shard.slice(BLOBS.labels()), shard.weight(), sink.w);
          sink.b += r.b();
          return shard.weight() * r.value();
        });
  }

  private static Result<MlpParameters> mlp(Executor executor, int shards,
      MlpParameters weights, Dataset data) {
    return ShardedGradient.of(executor, shards, () -> MlpParameters.zerosLike(weights),
            (MlpParameters total, MlpParameters part) ->
                total.add(part.Wh, part.bh, part.Wy, part.by))
        .compute(data.size(), (shard, sink) -> shard.weight()
            * SpiralMlpGrad.lossPullback(weights.Wh, weights.bh, weights.Wy, weights.by,
                shard.slice(data.inputs()), shard.slice(data.labels()), shard.weight(),
                sink.Wh, sink.bh, sink.Wy, sink.by));
  }

  @Test
  void logisticRegressionEqualsTheSingleThreadedGradient() {
    double[] gw = new double[W.length];
    var single = LogisticRegressionGrad.lossAccumulate(W, B, BLOBS.inputs(), BLOBS.labels(), gw);
    for (int shards : new int[] {1, 2, 3, 4, 7}) {
      Result<LogisticGradient> sharded = logistic(pool, shards, W, B);
      if (shards == 1) {
        // The weight is exactly 1: the very same operations as fAccumulate on the whole batch.
        assertEquals(single.value(), sharded.value(), 0);
        assertEquals(single.b(), sharded.gradient().b, 0);
        assertArrayEquals(gw, sharded.gradient().w, 0);
      } else {
        assertEquals(single.value(), sharded.value(), 1e-15, "value, shards " + shards);
        assertEquals(single.b(), sharded.gradient().b, 1e-15, "b, shards " + shards);
        assertArrayEquals(gw, sharded.gradient().w, 1e-15, "w, shards " + shards);
      }
    }
  }

  /** Against the user's own method, not only against the generated code. */
  @Test
  void logisticRegressionMatchesFiniteDifferences() {
    Result<LogisticGradient> sharded = logistic(pool, 3, W, B);
    assertEquals(LogisticRegression.loss(W, B, BLOBS.inputs(), BLOBS.labels()), sharded.value(),
        1e-15);
    GradCheck.Result check = GradCheck.of(a ->
            LogisticRegression.loss(a.vector(0), a.scalar(1), BLOBS.inputs(), BLOBS.labels()))
        .vector("w", W, sharded.gradient().w)
        .scalar("b", B, sharded.gradient().b)
        .run();
    assertTrue(check.passes(1e-7), check::toString);
  }

  @Test
  void spiralMlpEqualsTheSingleThreadedGradient() {
    MlpParameters weights = MlpParameters.random(2, 16, 3, new Random(5));
    MlpParameters single = MlpParameters.zerosLike(weights);
    double value = MlpTrainer.lossAndGradient(weights, SPIRAL.inputs(), SPIRAL.labels(), single);
    for (int shards : new int[] {1, 2, 4, 5}) {
      Result<MlpParameters> sharded = mlp(pool, shards, weights, SPIRAL);
      double tolerance = shards == 1 ? 0 : 1e-14;
      assertEquals(value, sharded.value(), tolerance, "value, shards " + shards);
      assertClose(single, sharded.gradient(), tolerance, "shards " + shards);
    }
  }

  /** A given shard count gives the same bits on any pool, however many threads it has. */
  @Test
  void repeatsBitForBitOnAnyPool() throws InterruptedException {
    MlpParameters weights = MlpParameters.random(2, 16, 3, new Random(6));
    Result<MlpParameters> first = mlp(pool, 4, weights, SPIRAL);
    ExecutorService[] executors = {
        Executors.newSingleThreadExecutor(), Executors.newFixedThreadPool(3),
        new ForkJoinPool(4)};
    try {
      for (ExecutorService executor : executors) {
        for (int run = 0; run < 5; run++) {
          Result<MlpParameters> again = mlp(executor, 4, weights, SPIRAL);
          assertEquals(first.value(), again.value(), 0);
          assertClose(first.gradient(), again.gradient(), 0, executor + ", run " + run);
        }
      }
    } finally {
      for (ExecutorService executor : executors) {
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
      }
    }
  }

  /**
   * Eight callers at once, each on its own data and weights and each sharding over the same
   * pool: every result is bit for bit what that call gives alone. Generated gradients with loops
   * save values on the tape, so a tape shared between threads would corrupt them.
   */
  @Test
  void concurrentCallsDoNotInterfere() throws Exception {
    int callers = 8;
    List<MlpParameters> weights = new ArrayList<>();
    List<Dataset> data = new ArrayList<>();
    List<Result<MlpParameters>> alone = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      weights.add(MlpParameters.random(2, 8 + c, 3, new Random(100 + c)));
      data.add(Dataset.spiral(20 + 10 * c, 3, 0.2, c));
      // On the calling thread, one shard after the other.
      alone.add(mlp(Runnable::run, 3, weights.get(c), data.get(c)));
    }
    ExecutorService callerThreads = Executors.newFixedThreadPool(callers);
    try {
      for (int round = 0; round < 10; round++) {
        List<Future<Result<MlpParameters>>> futures = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
          int caller = c;
          futures.add(callerThreads.submit(
              () -> mlp(pool, 3, weights.get(caller), data.get(caller))));
        }
        for (int c = 0; c < callers; c++) {
          Result<MlpParameters> together = futures.get(c).get(60, TimeUnit.SECONDS);
          assertEquals(alone.get(c).value(), together.value(), 0);
          assertClose(alone.get(c).gradient(), together.gradient(), 0, "caller " + c);
        }
      }
    } finally {
      callerThreads.shutdown();
      assertTrue(callerThreads.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  private static void assertClose(MlpParameters expected, MlpParameters actual,
      double tolerance, String what) {
    for (int i = 0; i < expected.Wh.length; i++) {
      assertArrayEquals(expected.Wh[i], actual.Wh[i], tolerance, "Wh, " + what);
    }
    assertArrayEquals(expected.bh, actual.bh, tolerance, "bh, " + what);
    for (int i = 0; i < expected.Wy.length; i++) {
      assertArrayEquals(expected.Wy[i], actual.Wy[i], tolerance, "Wy, " + what);
    }
    assertArrayEquals(expected.by, actual.by, tolerance, "by, " + what);
  }
}
