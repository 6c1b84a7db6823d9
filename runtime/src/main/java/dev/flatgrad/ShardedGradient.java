package dev.flatgrad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A batch gradient computed over shards of the data on an {@link Executor}: each shard adds its
 * gradient into its own sinks through a generated {@code fAccumulate} (or {@code fPullback}), and
 * the sinks are then summed on the calling thread, shard 0 first, shard 1 next, and so on. The
 * result depends on the number of shards, never on which thread ran which shard or when: the
 * same call gives the same bits every time.
 *
 * <p>This is safe because generated gradients keep no state but the calling thread's {@link
 * Tape}, and never write their arguments except the sinks, which here are each shard's own.
 *
 * <pre>{@code
 * // The gradient of a loss summed over examples: fAccumulate adds each shard's share.
 * var sharded = ShardedGradient.of(pool, 2, () -> new double[w.length], ShardedGradient::add);
 * var result = sharded.compute(inputs.length, (shard, sink) ->
 *     CGrad.sumLossAccumulate(w, shard.slice(inputs), shard.slice(labels), sink));
 * result.value();     // the loss
 * result.gradient();  // its gradient
 *
 * // A loss that is a mean over examples: each shard's mean, weighted by its share of the data.
 * var mean = sharded.compute(inputs.length, (shard, sink) -> shard.weight()
 *     * CGrad.meanLossPullback(w, shard.slice(inputs), shard.slice(labels), shard.weight(), sink));
 * }</pre>
 *
 * <p>{@code fAccumulate} is {@code fPullback} with {@code upstream = 1}; passing the shard's
 * {@link Shard#weight() weight} as the upstream instead turns a mean over the shard into its
 * share of the mean over the batch. With one shard the weight is exactly 1, and the result is
 * bit for bit that of one {@code fAccumulate} call on the whole batch.
 *
 * @param <S> the sink type: whatever holds one shard's gradient (a {@code double[]}, or a class
 *     or record of gradient arrays and {@code double} partials)
 */
public final class ShardedGradient<S> {

  /**
   * One shard: the examples {@code from} (inclusive) to {@code to} (exclusive) of a batch of
   * {@code total}. Shards are contiguous, in order, and their sizes differ by at most one.
   *
   * @param index the shard's position, from 0
   * @param from its first example
   * @param to one past its last example
   * @param total the number of examples in the whole batch
   */
  public record Shard(int index, int from, int to, int total) {

    /**
     * The number of examples in this shard.
     *
     * @return {@code to - from}
     */
    public int size() {
      return to - from;
    }

    /**
     * {@code size() / total}: the upstream to pass to {@code fPullback} for a loss that is a mean
     * over its examples, and the weight of that shard's mean in the batch's mean.
     *
     * @return this shard's share of the batch
     */
    public double weight() {
      return (double) size() / total;
    }

    /**
     * This shard's rows of {@code rows} (the row arrays are shared, not copied).
     *
     * @param rows one row per example of the whole batch
     * @return the rows {@code from} to {@code to}
     */
    public double[][] slice(double[][] rows) {
      return Arrays.copyOfRange(rows, from, to);
    }

    /**
     * This shard's entries of {@code values}.
     *
     * @param values one value per example of the whole batch
     * @return a copy of the entries {@code from} to {@code to}
     */
    public double[] slice(double[] values) {
      return Arrays.copyOfRange(values, from, to);
    }

    /**
     * This shard's entries of {@code values}, e.g. labels.
     *
     * @param values one value per example of the whole batch
     * @return a copy of the entries {@code from} to {@code to}
     */
    public int[] slice(int[] values) {
      return Arrays.copyOfRange(values, from, to);
    }
  }

  /**
   * What one shard computes.
   *
   * @param <S> the sink type
   */
  @FunctionalInterface
  public interface ShardGradient<S> {
    /**
     * Adds this shard's share of the gradient into {@code sink} (fresh from the sink supplier,
     * this shard's alone) and returns its share of the value. Runs on a thread of the executor.
     *
     * @param shard the examples to compute
     * @param sink where this shard's gradient is added
     * @return this shard's share of the batch's value
     */
    double addGradient(Shard shard, S sink);
  }

  /**
   * The batch's value and gradient: the shards' values and sinks, summed in shard order.
   *
   * @param <S> the sink type
   * @param value the sum of the shards' values
   * @param gradient the sum of the shards' sinks
   */
  public record Result<S>(double value, S gradient) {}

  private final Executor executor;
  private final int shards;
  private final Supplier<? extends S> zeros;
  private final BiConsumer<? super S, ? super S> addInto;

  private ShardedGradient(Executor executor, int shards, Supplier<? extends S> zeros,
      BiConsumer<? super S, ? super S> addInto) {
    this.executor = executor;
    this.shards = shards;
    this.zeros = zeros;
    this.addInto = addInto;
  }

  /**
   * A sharded gradient that splits each batch into {@code shards} shards (fewer if the batch has
   * fewer examples) and runs them on {@code executor}.
   *
   * @param executor runs the shards, e.g. a {@link java.util.concurrent.ForkJoinPool} or a fixed
   *     thread pool with as many threads as shards
   * @param shards how many shards a batch is split into; the result depends on it
   * @param zeros a fresh, zeroed sink on each call (one per shard and call)
   * @param addInto {@code addInto.accept(total, part)} adds {@code part} into {@code total}
   * @param <S> the sink type
   * @return the sharded gradient
   * @throws IllegalArgumentException naming the argument if one is null or {@code shards < 1}
   */
  public static <S> ShardedGradient<S> of(Executor executor, int shards,
      Supplier<? extends S> zeros, BiConsumer<? super S, ? super S> addInto) {
    requireNonNull(executor, "executor");
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, was " + shards);
    }
    requireNonNull(zeros, "zeros");
    requireNonNull(addInto, "addInto");
    return new ShardedGradient<>(executor, shards, zeros, addInto);
  }

  /**
   * The number of shards a batch of at least that many examples is split into.
   *
   * @return the shard count given to {@link #of}
   */
  public int shards() {
    return shards;
  }

  /**
   * The shards of a batch of {@code size} examples: {@code min(shards, size)} contiguous ranges
   * in order, whose sizes differ by at most one.
   *
   * @param size the number of examples in the batch, at least 1
   * @return the shards in order
   * @throws IllegalArgumentException if {@code size < 1}
   */
  public List<Shard> split(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, was " + size);
    }
    int count = Math.min(shards, size);
    List<Shard> split = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      int from = (int) ((long) size * k / count);
      int to = (int) ((long) size * (k + 1) / count);
      split.add(new Shard(k, from, to, size));
    }
    return split;
  }

  /**
   * Runs {@code gradient} on each shard of a batch of {@code size} examples and sums the shards'
   * values and sinks in shard order. Waits for every shard, also when one fails; then rethrows
   * the failure of the first failed shard (the others' suppressed), unchecked as it was thrown.
   *
   * @param size the number of examples in the batch, at least 1
   * @param gradient what each shard computes
   * @return the summed value and the summed sink
   * @throws IllegalArgumentException if {@code size < 1}, {@code gradient} is null, or {@code
   *     zeros} gave null or the same sink twice
   */
  public Result<S> compute(int size, ShardGradient<S> gradient) {
    List<Shard> split = split(size);
    requireNonNull(gradient, "gradient");
    List<S> sinks = freshSinks(split.size());
    List<FutureTask<Double>> tasks = new ArrayList<>(split.size());
    Throwable failure = null;
    for (int k = 0; k < split.size() && failure == null; k++) {
      Shard shard = split.get(k);
      S sink = sinks.get(k);
      FutureTask<Double> task = new FutureTask<>(() -> gradient.addGradient(shard, sink));
      try {
        executor.execute(task);
        tasks.add(task);
      } catch (RuntimeException rejected) {
        // Still wait below for the shards already running: they write sinks we own.
        failure = rejected;
      }
    }
    double[] values = new double[split.size()];
    for (int k = 0; k < tasks.size(); k++) {
      try {
        values[k] = joinUninterruptibly(tasks.get(k));
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
        } else {
          failure.addSuppressed(e.getCause());
        }
      }
    }
    if (failure != null) {
      throw rethrow(failure);
    }
    // The fixed order of the sum is what makes the result independent of scheduling.
    S total = sinks.get(0);
    double value = values[0];
    for (int k = 1; k < sinks.size(); k++) {
      addInto.accept(total, sinks.get(k));
      value += values[k];
    }
    return new Result<>(value, total);
  }

  /**
   * {@code total += part}, element by element: the {@code addInto} of {@code double[]} sinks.
   *
   * @param total the sink added into
   * @param part the sink added, of the same length
   */
  public static void add(double[] total, double[] part) {
    if (total.length != part.length) {
      throw new IllegalArgumentException("part has length " + part.length
          + ", total has length " + total.length);
    }
    for (int i = 0; i < total.length; i++) {
      total[i] += part[i];
    }
  }

  /**
   * {@code total += part}, row by row.
   *
   * @param total the sink added into
   * @param part the sink added, of the same shape
   */
  public static void add(double[][] total, double[][] part) {
    if (total.length != part.length) {
      throw new IllegalArgumentException("part has " + part.length + " rows, total has "
          + total.length);
    }
    for (int r = 0; r < total.length; r++) {
      add(total[r], part[r]);
    }
  }

  private List<S> freshSinks(int count) {
    List<S> sinks = new ArrayList<>(count);
    Map<S, Boolean> seen = new IdentityHashMap<>();
    for (int k = 0; k < count; k++) {
      S sink = zeros.get();
      if (sink == null) {
        throw new IllegalArgumentException("zeros returned null");
      }
      // Two shards adding into one sink would race.
      if (seen.put(sink, Boolean.TRUE) != null) {
        throw new IllegalArgumentException("zeros returned the same sink twice:"
            + " each shard needs its own");
      }
      sinks.add(sink);
    }
    return sinks;
  }

  private static double joinUninterruptibly(FutureTask<Double> task)
      throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          // Keep waiting: a shard still running may still write its sink.
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static RuntimeException rethrow(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    // The shard's lambda cannot throw a checked exception; this is for a custom Executor's.
    throw new IllegalStateException("a shard failed", failure);
  }

  private static void requireNonNull(Object argument, String name) {
    if (argument == null) {
      throw new IllegalArgumentException(name + " is null");
    }
  }
}
