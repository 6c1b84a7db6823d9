package dev.flatgrad.examples.spark;

import dev.flatgrad.examples.Dataset;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains the examples' logistic regression and spiral MLP on Spark, and the same in this JVM on
 * one thread and on two ({@link ThreadGradients}), and prints accuracy and time per epoch of
 * each. Under {@code spark-submit} the master is whatever it was given; run directly, it is
 * {@code local[2]}.
 *
 * <p>Each is run once untimed first, so the JIT has compiled the code the timed run uses.
 *
 * <p>Arguments, all optional: points per spiral arm (default 100), epochs (full-batch steps) of
 * the MLP (default 100), partitions (default: Spark's default parallelism).
 */
public final class SparkTrainingDemo {

  static final long DATA_SEED = 7;
  static final int LOGISTIC_STEPS = 100;
  static final double LOGISTIC_RATE = 1.0;
  static final int HIDDEN = 64;
  static final double MLP_RATE = 0.05;
  static final int DEFAULT_EPOCHS = 100;
  static final long WEIGHT_SEED = 1;

  private static final String[] SOURCES = {"one thread", "2 threads", "Spark"};

  private SparkTrainingDemo() {}

  public static void main(String[] args) {
    int pointsPerArm = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_EPOCHS;
    SparkConf conf = new SparkConf().setAppName("flatgrad on Spark")
        .setIfMissing("spark.master", "local[2]")
        .setIfMissing("spark.ui.enabled", "false");
    ForkJoinPool threads = new ForkJoinPool(2);
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      spark.setLogLevel("WARN");
      int partitions = args.length > 2 ? Integer.parseInt(args[2]) : spark.defaultParallelism();
      println("Spark %s, master %s, %d partitions", spark.version(), spark.master(), partitions);

      Dataset blobs = Dataset.twoBlobs(100, 1.6, DATA_SEED);
      SparkGradients onSpark = new SparkGradients(Block.blocks(spark, blobs, partitions),
          blobs.size());
      LocalGradients local = new LocalGradients(blobs);
      println("logistic regression on two Gaussian blobs (%d points), %d steps of gradient"
          + " descent", blobs.size(), LOGISTIC_STEPS);
      Training.LogisticGradients[] logisticSources = {local::logistic,
          new ThreadGradients(blobs, threads, 2)::logistic, onSpark::logistic};
      for (Training.LogisticGradients source : logisticSources) { // JIT warm-up, all first
        Training.logistic(source, blobs, LOGISTIC_STEPS, LOGISTIC_RATE);
      }
      for (int k = 0; k < SOURCES.length; k++) {
        logistic(SOURCES[k], logisticSources[k], blobs);
      }

      Dataset spiral = Dataset.spiral(pointsPerArm, 3, 0.2, DATA_SEED);
      JavaRDD<Block> blocks = Block.blocks(spark, spiral, partitions);
      println("tanh MLP (seed 002) on a 3-class spiral (%d points), %d hidden units,"
          + " full-batch Adam, %d epochs", spiral.size(), HIDDEN, epochs);
      List<Function<MlpWeights, MlpGradient>> mlpSources = List.of(
          new LocalGradients(spiral)::mlp, new ThreadGradients(spiral, threads, 2)::mlp,
          new SparkGradients(blocks, spiral.size())::mlp);
      for (Function<MlpWeights, MlpGradient> source : mlpSources) {
        Training.mlp(source, start(spiral), epochs, MLP_RATE);
      }
      for (int k = 0; k < SOURCES.length; k++) {
        mlp(SOURCES[k], mlpSources.get(k), spiral, epochs);
      }
    } finally {
      threads.shutdown();
    }
  }

  private static void logistic(String where, Training.LogisticGradients gradients,
      Dataset data) {
    long start = System.nanoTime();
    Training.LogisticFit fit = Training.logistic(gradients, data, LOGISTIC_STEPS, LOGISTIC_RATE);
    double millis = (System.nanoTime() - start) / 1e6 / LOGISTIC_STEPS;
    println("  %-10s loss %.4f  accuracy %.3f  w = (%.3f, %.3f)  b = %.3f  %8.3f ms per epoch",
        where, fit.loss(), fit.accuracy(), fit.w()[0], fit.w()[1], fit.b(), millis);
  }

  private static void mlp(String where, Function<MlpWeights, MlpGradient> gradients,
      Dataset data, int epochs) {
    long start = System.nanoTime();
    Training.MlpFit fit = Training.mlp(gradients, start(data), epochs, MLP_RATE);
    double millis = (System.nanoTime() - start) / 1e6 / epochs;
    println("  %-10s loss %.4f  accuracy %.3f  %8.3f ms per epoch", where, fit.loss(),
        fit.weights().accuracy(data), millis);
  }

  static MlpWeights start(Dataset data) {
    return MlpWeights.random(data.inputs()[0].length, HIDDEN, data.classes(),
        new Random(WEIGHT_SEED));
  }

  private static void println(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
