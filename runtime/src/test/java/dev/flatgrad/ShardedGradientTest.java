package dev.flatgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.ShardedGradient.Shard;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The helper on its own, with a gradient written by hand whose closed form is known: the sum of
 * squares {@code f(w) = Σ_n Σ_j (w_j - x_nj)²}, gradient {@code 2 Σ_n (w - x_n)}. Its use with
 * generated gradients is tested in the examples ({@code ShardedGradientExamplesTest}).
 */
class ShardedGradientTest {

  private static ForkJoinPool pool;

  @BeforeAll
  static void startPool() {
    pool = new ForkJoinPool(4);
  }

  @AfterAll
  static void stopPool() throws InterruptedException {
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  private static final double[] W = {0.5, -1.25, 2};

  private static double[][] data(int size) {
    double[][] x = new double[size][W.length];
    for (int n = 0; n < size; n++) {
      for (int j = 0; j < W.length; j++) {
        x[n][j] = Math.sin(1.7 * n + j) + 0.1 * n;
      }
    }
    return x;
  }

  /** Adds the gradient of the sum of squares over {@code x} into {@code sink}. */
  private static double sumOfSquares(double[][] x, double[] sink) {
    double value = 0;
    for (double[] row : x) {
      for (int j = 0; j < W.length; j++) {
        double d = W[j] - row[j];
        value += d * d;
        sink[j] += 2 * d;
      }
    }
    return value;
  }

  private static ShardedGradient<double[]> sharded(int shards) {
    return ShardedGradient.of(pool, shards, () -> new double[W.length], ShardedGradient::add);
  }

  @Test
  void sumsTheShardsToTheClosedForm() {
    double[][] x = data(101);
    double[] expected = new double[W.length];
    double expectedValue = 0;
    for (double[] row : x) {
      for (int j = 0; j < W.length; j++) {
        expected[j] += 2 * (W[j] - row[j]);
        expectedValue += (W[j] - row[j]) * (W[j] - row[j]);
      }
    }
    for (int shards : new int[] {1, 2, 3, 7, 101, 500}) {
      var result = sharded(shards).compute(x.length,
          (shard, sink) -> sumOfSquares(shard.slice(x), sink));
      assertEquals(expectedValue, result.value(), 1e-12 * expectedValue, "shards " + shards);
      for (int j = 0; j < W.length; j++) {
        assertEquals(expected[j], result.gradient()[j], 1e-12 * Math.abs(expectedValue),
            "shards " + shards + ", j " + j);
      }
    }
  }

  @Test
  void oneShardIsOneCallOnTheWholeBatch() {
    double[][] x = data(37);
    double[] sink = new double[W.length];
    double value = sumOfSquares(x, sink);
    var result = sharded(1).compute(x.length, (shard, s) -> sumOfSquares(shard.slice(x), s));
    assertEquals(value, result.value());
    assertArrayEquals(sink, result.gradient());
  }

  @Test
  void splitsIntoContiguousBalancedShards() {
    List<Shard> split = sharded(4).split(10);
    assertEquals(List.of(new Shard(0, 0, 2, 10), new Shard(1, 2, 5, 10),
        new Shard(2, 5, 7, 10), new Shard(3, 7, 10, 10)), split);
    assertEquals(0.3, split.get(1).weight());
    assertEquals(1.0, sharded(1).split(3).get(0).weight());
    // Fewer examples than shards: one shard per example, none empty.
    assertEquals(3, sharded(8).split(3).size());
    assertEquals(1, sharded(8).split(3).get(2).size());
  }

  /**
   * The same call gives the same bits, however the pool schedules the shards: shards that finish
   * in reverse order (each waits for the next) still sum in shard order.
   */
  @Test
  void isDeterministicWhateverTheScheduling() throws Exception {
    double[][] x = data(1000);
    ShardedGradient<double[]> sharded = sharded(4);
    var first = sharded.compute(x.length, (shard, sink) -> sumOfSquares(shard.slice(x), sink));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      for (int run = 0; run < 20; run++) {
        List<CountDownLatch> done = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
          done.add(new CountDownLatch(1));
        }
        var reversed = ShardedGradient.of(threads, 4, () -> new double[W.length],
            ShardedGradient::add).compute(x.length, (shard, sink) -> {
              int next = shard.index() + 1;
              if (next < 4) {
                await(done.get(next));
              }
              double v = sumOfSquares(shard.slice(x), sink);
              done.get(shard.index()).countDown();
              return v;
            });
        assertEquals(first.value(), reversed.value());
        assertArrayEquals(first.gradient(), reversed.gradient());
        var again = sharded.compute(x.length, (shard, sink) -> sumOfSquares(shard.slice(x), sink));
        assertEquals(first.value(), again.value());
        assertArrayEquals(first.gradient(), again.gradient());
      }
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void runsTheShardsOnTheExecutorsThreads() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch bothStarted = new CountDownLatch(2);
    sharded(2).compute(10, (shard, sink) -> {
      threads.add(Thread.currentThread().getName());
      bothStarted.countDown();
      // Only returns if the other shard runs at the same time.
      await(bothStarted);
      return 0;
    });
    assertEquals(2, threads.size());
  }

  @Test
  void givesEachShardAFreshSinkOfItsOwn() {
    Set<double[]> sinks = Collections.newSetFromMap(new ConcurrentHashMap<>());
    sharded(3).compute(9, (shard, sink) -> {
      assertArrayEquals(new double[W.length], sink);
      sinks.add(sink);
      return 0;
    });
    assertEquals(3, sinks.size());
  }

  @Test
  void rejectsBadArgumentsNamingThem() {
    assertMessage("executor is null", () -> ShardedGradient.of(null, 2, () -> new double[1],
        ShardedGradient::add));
    assertMessage("shards must be at least 1, was 0", () -> ShardedGradient.of(pool, 0,
        () -> new double[1], ShardedGradient::add));
    assertMessage("zeros is null", () -> ShardedGradient.<double[]>of(pool, 2, null,
        ShardedGradient::add));
    assertMessage("addInto is null", () -> ShardedGradient.of(pool, 2, () -> new double[1],
        null));
    assertMessage("size must be at least 1, was 0",
        () -> sharded(2).compute(0, (shard, sink) -> 0));
    assertMessage("gradient is null", () -> sharded(2).compute(5, null));
    assertMessage("zeros returned null", () -> ShardedGradient.<double[]>of(pool, 2,
        () -> null, ShardedGradient::add).compute(5, (shard, sink) -> 0));
    double[] shared = new double[1];
    assertMessage("zeros returned the same sink twice: each shard needs its own",
        () -> ShardedGradient.of(pool, 2, () -> shared, ShardedGradient::add)
            .compute(5, (shard, sink) -> 0));
    assertMessage("part has length 2, total has length 1",
        () -> ShardedGradient.add(new double[1], new double[2]));
    assertMessage("part has 1 rows, total has 2",
        () -> ShardedGradient.add(new double[2][1], new double[1][1]));
  }

  /** A failing shard fails the call, after the others finished, with the first failure. */
  @Test
  void rethrowsTheFirstShardsFailureAfterAllFinished() {
    Set<Integer> finished = ConcurrentHashMap.newKeySet();
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> sharded(3).compute(9, (shard, sink) -> {
          if (shard.index() > 0) {
            throw new IllegalStateException("shard " + shard.index());
          }
          sleep(50);
          finished.add(shard.index());
          return 0;
        }));
    assertEquals("shard 1", thrown.getMessage());
    assertEquals(1, thrown.getSuppressed().length);
    assertEquals("shard 2", thrown.getSuppressed()[0].getMessage());
    assertEquals(Set.of(0), finished);
  }

  @Test
  void aRejectingExecutorFailsTheCall() {
    RejectedExecutionException rejected = new RejectedExecutionException("full");
    var sharded = ShardedGradient.of(task -> {
      throw rejected;
    }, 2, () -> new double[1], ShardedGradient::add);
    assertSame(rejected, assertThrows(RejectedExecutionException.class,
        () -> sharded.compute(4, (shard, sink) -> 0)));
  }

  private static void assertMessage(String message, Runnable call) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, call::run).getMessage());
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
