package dev.flatgrad.examples.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.GradCheck;
import dev.flatgrad.examples.Dataset;
import dev.flatgrad.examples.LogisticRegressionGrad;
import dev.flatgrad.examples.SpiralMlpGrad;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The examples' gradients computed on an embedded Spark ({@code local[2]}: a driver and two
 * executor threads in this JVM, nothing installed), against the same gradients computed in this
 * JVM by one generated {@code Accumulate} call, and training with them.
 */
class SparkGradientsTest {

  private static final Dataset BLOBS = Dataset.twoBlobs(100, 1.6, SparkTrainingDemo.DATA_SEED);
  private static final Dataset SPIRAL = Dataset.spiral(100, 3, 0.2, SparkTrainingDemo.DATA_SEED);

  private static JavaSparkContext spark;

  @BeforeAll
  static void startSpark() {
    spark = new JavaSparkContext(new SparkConf()
        .setMaster("local[2]")
        .setAppName("flatgrad tests")
        .set("spark.ui.enabled", "false")
        // A sandbox may not resolve its own host name; everything is in this JVM anyway.
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
    spark.setLogLevel("WARN");
  }

  @AfterAll
  static void stopSpark() {
    spark.close();
  }

  private static SparkGradients onSpark(Dataset data, int partitions) {
    JavaRDD<Block> blocks = Block.blocks(spark, data, partitions);
    assertEquals(partitions, blocks.getNumPartitions());
    return new SparkGradients(blocks, data.size());
  }

  private static final double[] W = {0.7, -0.4};
  private static final double B = 0.15;

  @Test
  void blocksHoldEachPartitionsRowsInOrder() {
    List<Block> blocks = Block.blocks(spark, BLOBS, 3).collect();
    assertEquals(3, blocks.size());
    int n = 0;
    for (Block block : blocks) {
      for (int k = 0; k < block.size(); k++, n++) {
        assertArrayEquals(BLOBS.inputs()[n], block.inputs()[k]);
        assertEquals(BLOBS.labels()[n], block.labels()[k]);
      }
    }
    assertEquals(BLOBS.size(), n);
  }

  @Test
  void logisticGradientEqualsTheSingleJvmGradient() {
    double[] gw = new double[W.length];
    var single = LogisticRegressionGrad.lossAccumulate(W, B, BLOBS.inputs(), BLOBS.labels(), gw);
    for (int partitions : new int[] {1, 2, 3, 5}) {
      LogisticGradient distributed = onSpark(BLOBS, partitions).logistic(W, B);
      // One partition: upstream 1, the very operations of the single call.
      double tolerance = partitions == 1 ? 0 : 1e-15;
      String what = partitions + " partitions";
      assertEquals(single.value(), distributed.value(), tolerance, "value, " + what);
      assertEquals(single.b(), distributed.b(), tolerance, "b, " + what);
      assertArrayEquals(gw, distributed.w(), tolerance, "w, " + what);
    }
  }

  /** Against central differences of the loss, not only against the generated code. */
  @Test
  void logisticGradientMatchesFiniteDifferences() {
    LogisticGradient distributed = onSpark(BLOBS, 3).logistic(W, B);
    // The generated record's value is bit for bit the user's LogisticRegression.loss.
    GradCheck.Result check = GradCheck.of(a -> LogisticRegressionGrad.loss(a.vector(0),
            a.scalar(1), BLOBS.inputs(), BLOBS.labels()).value())
        .vector("w", W, distributed.w())
        .scalar("b", B, distributed.b())
        .run();
    assertTrue(check.passes(1e-7), check::toString);
  }

  @Test
  void mlpGradientEqualsTheSingleJvmGradient() {
    MlpWeights w = MlpWeights.random(2, 16, 3, new Random(5));
    var single = SpiralMlpGrad.loss(w.Wh, w.bh, w.Wy, w.by, SPIRAL.inputs(), SPIRAL.labels());
    for (int partitions : new int[] {1, 2, 4}) {
      MlpGradient distributed = onSpark(SPIRAL, partitions).mlp(w);
      double tolerance = partitions == 1 ? 0 : 1e-14;
      String what = partitions + " partitions";
      assertEquals(single.value(), distributed.value(), tolerance, "value, " + what);
      for (int i = 0; i < w.Wh.length; i++) {
        assertArrayEquals(single.Wh()[i], distributed.Wh()[i], tolerance, "Wh, " + what);
      }
      assertArrayEquals(single.bh(), distributed.bh(), tolerance, "bh, " + what);
      for (int i = 0; i < w.Wy.length; i++) {
        assertArrayEquals(single.Wy()[i], distributed.Wy()[i], tolerance, "Wy, " + what);
      }
      assertArrayEquals(single.by(), distributed.by(), tolerance, "by, " + what);
    }
  }

  /** The sinks Spark aggregates, summed by ShardedGradient on threads instead. */
  @Test
  void threadGradientsEqualTheSingleJvmGradient() {
    MlpWeights w = MlpWeights.random(2, 16, 3, new Random(6));
    MlpGradient single = new LocalGradients(SPIRAL).mlp(w);
    LogisticGradient singleLogistic = new LocalGradients(BLOBS).logistic(W, B);
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      for (int shards : new int[] {1, 3}) {
        double tolerance = shards == 1 ? 0 : 1e-14;
        MlpGradient threads = new ThreadGradients(SPIRAL, pool, shards).mlp(w);
        assertEquals(single.value(), threads.value(), tolerance);
        List<double[]> expected = single.sinks.arrays();
        List<double[]> actual = threads.sinks.arrays();
        for (int a = 0; a < expected.size(); a++) {
          assertArrayEquals(expected.get(a), actual.get(a), tolerance, "array " + a);
        }
        LogisticGradient logistic = new ThreadGradients(BLOBS, pool, shards).logistic(W, B);
        assertEquals(singleLogistic.value(), logistic.value(), tolerance);
        assertEquals(singleLogistic.b(), logistic.b(), tolerance);
        assertArrayEquals(singleLogistic.w(), logistic.w(), tolerance);
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void logisticTrainingReachesTheSameAccuracy() {
    var local = Training.logistic(new LocalGradients(BLOBS)::logistic, BLOBS,
        SparkTrainingDemo.LOGISTIC_STEPS, SparkTrainingDemo.LOGISTIC_RATE);
    var distributed = Training.logistic(onSpark(BLOBS, 2)::logistic, BLOBS,
        SparkTrainingDemo.LOGISTIC_STEPS, SparkTrainingDemo.LOGISTIC_RATE);
    assertTrue(local.accuracy() >= 0.95, "accuracy " + local.accuracy());
    assertEquals(local.accuracy(), distributed.accuracy(), 0);
    assertArrayEquals(local.w(), distributed.w(), 1e-12);
    assertEquals(local.b(), distributed.b(), 1e-12);
    assertEquals(local.loss(), distributed.loss(), 1e-12);
  }

  @Test
  void mlpTrainingReachesTheSameAccuracy() {
    int epochs = SparkTrainingDemo.DEFAULT_EPOCHS;
    var local = Training.mlp(new LocalGradients(SPIRAL)::mlp, SparkTrainingDemo.start(SPIRAL),
        epochs, SparkTrainingDemo.MLP_RATE);
    var distributed = Training.mlp(onSpark(SPIRAL, 2)::mlp, SparkTrainingDemo.start(SPIRAL),
        epochs, SparkTrainingDemo.MLP_RATE);
    double accuracy = local.weights().accuracy(SPIRAL);
    assertTrue(accuracy >= 0.95, "accuracy " + accuracy);
    assertEquals(accuracy, distributed.weights().accuracy(SPIRAL), 0);
    assertEquals(local.loss(), distributed.loss(), 1e-9);
    List<double[]> expected = local.weights().arrays();
    List<double[]> actual = distributed.weights().arrays();
    for (int a = 0; a < expected.size(); a++) {
      assertArrayEquals(expected.get(a), actual.get(a), 1e-9, "array " + a);
    }
  }
}
