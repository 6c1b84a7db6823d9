package dev.flatgrad.examples.spark;

import dev.flatgrad.examples.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The weights of the examples' spiral MLP (seed 002's tanh MLP, {@code SpiralMlp.loss}), as the
 * driver keeps them. Serializable: each training step's tasks carry the current weights.
 */
public final class MlpWeights implements Serializable {

  private static final long serialVersionUID = 1L;

  final double[][] Wh;
  final double[] bh;
  final double[][] Wy;
  final double[] by;

  MlpWeights(double[][] Wh, double[] bh, double[][] Wy, double[] by) {
    this.Wh = Wh;
    this.bh = bh;
    this.Wy = Wy;
    this.by = by;
  }

  /**
   * Gaussian weights scaled by {@code 1/sqrt(fan-in)}, zero biases, drawn in the same order as
   * the examples' {@code MlpParameters.random}: the same seed gives the same start.
   */
  public static MlpWeights random(int inputs, int hidden, int classes, Random random) {
    return new MlpWeights(gaussian(hidden, inputs, random), new double[hidden],
        gaussian(classes, hidden, random), new double[classes]);
  }

  static MlpWeights zerosLike(MlpWeights like) {
    return new MlpWeights(new double[like.Wh.length][like.Wh[0].length],
        new double[like.bh.length], new double[like.Wy.length][like.Wy[0].length],
        new double[like.by.length]);
  }

  /** Every weight array, rows of matrices one by one, in a fixed order (for the optimizer). */
  List<double[]> arrays() {
    List<double[]> arrays = new ArrayList<>(List.of(Wh));
    arrays.add(bh);
    arrays.addAll(List.of(Wy));
    arrays.add(by);
    return arrays;
  }

  /** The class with the highest score for {@code input}. */
  public int predict(double[] input) {
    double[] h = new double[bh.length];
    for (int i = 0; i < bh.length; i++) {
      double a = bh[i];
      for (int j = 0; j < input.length; j++) {
        a += Wh[i][j] * input[j];
      }
      h[i] = Math.tanh(a);
    }
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < by.length; i++) {
      double s = by[i];
      for (int j = 0; j < h.length; j++) {
        s += Wy[i][j] * h[j];
      }
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    return best;
  }

  /** The fraction of {@code data} classified correctly. */
  public double accuracy(Dataset data) {
    int correct = 0;
    for (int n = 0; n < data.size(); n++) {
      if (predict(data.inputs()[n]) == data.labels()[n]) {
        correct++;
      }
    }
    return (double) correct / data.size();
  }

  private static double[][] gaussian(int rows, int columns, Random random) {
    double scale = 1 / Math.sqrt(columns);
    double[][] matrix = new double[rows][columns];
    for (double[] row : matrix) {
      for (int j = 0; j < columns; j++) {
        row[j] = scale * random.nextGaussian();
      }
    }
    return matrix;
  }
}
