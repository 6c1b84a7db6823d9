package dev.flatgrad.examples.spark;

import dev.flatgrad.examples.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A partition's examples as the arrays a generated gradient takes: one call per partition
 * instead of one per example (MLlib's newer code "blockifies" its data the same way).
 */
public record Block(double[][] inputs, int[] labels) implements Serializable {

  public int size() {
    return labels.length;
  }

  /** All of a partition's rows as one block. */
  static Iterator<Block> of(Iterator<LabeledPoint> partition) {
    List<double[]> inputs = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    partition.forEachRemaining(point -> {
      inputs.add(point.input());
      labels.add(point.label());
    });
    if (labels.isEmpty()) {
      return List.<Block>of().iterator();
    }
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    return List.of(new Block(inputs.toArray(double[][]::new), labelArray)).iterator();
  }

  /**
   * {@code data} as an RDD of {@code partitions} blocks, cached: the rows are sent to the
   * executors once, and every training step reuses the blocks there.
   */
  public static JavaRDD<Block> blocks(JavaSparkContext spark, Dataset data, int partitions) {
    List<LabeledPoint> points = new ArrayList<>(data.size());
    for (int n = 0; n < data.size(); n++) {
      points.add(new LabeledPoint(data.inputs()[n], data.labels()[n]));
    }
    return spark.parallelize(points, partitions).mapPartitions(Block::of).cache();
  }
}
