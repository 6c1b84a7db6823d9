package dev.flatgrad.examples;

import java.util.Arrays;
import java.util.Random;

/**
 * The four weight arrays of {@link SpiralMlp}, named as in seed 002. The trainer keeps two: the
 * weights, and a same-shaped buffer that holds one minibatch's gradient.
 */
final class MlpParameters {

  final double[][] Wh;
  final double[] bh;
  final double[][] Wy;
  final double[] by;

  private MlpParameters(double[][] Wh, double[] bh, double[][] Wy, double[] by) {
    this.Wh = Wh;
    this.bh = bh;
    this.Wy = Wy;
    this.by = by;
  }

  /**
   * Gaussian weights scaled by {@code 1/sqrt(fan-in)} (Xavier), zero biases: tanh units start
   * in their linear range, neither saturated nor all alike.
   */
  static MlpParameters random(int inputs, int hidden, int classes, Random random) {
    return new MlpParameters(
        gaussian(hidden, inputs, random), new double[hidden],
        gaussian(classes, hidden, random), new double[classes]);
  }

  /** Zeros shaped like {@code like}. */
  static MlpParameters zerosLike(MlpParameters like) {
    return new MlpParameters(
        new double[like.Wh.length][like.Wh[0].length], new double[like.bh.length],
        new double[like.Wy.length][like.Wy[0].length], new double[like.by.length]);
  }

  int hidden() {
    return bh.length;
  }

  int count() {
    return Wh.length * Wh[0].length + bh.length + Wy.length * Wy[0].length + by.length;
  }

  void fill(double value) {
    for (double[] row : Wh) {
      Arrays.fill(row, value);
    }
    Arrays.fill(bh, value);
    for (double[] row : Wy) {
      Arrays.fill(row, value);
    }
    Arrays.fill(by, value);
  }

  /** {@code this += gradients}, array by array. */
  void add(double[][] dWh, double[] dbh, double[][] dWy, double[] dby) {
    axpy(1, dWh, Wh);
    axpy(1, dbh, bh);
    axpy(1, dWy, Wy);
    axpy(1, dby, by);
  }

  /** One gradient descent step: {@code this -= rate * gradient}. */
  void descend(MlpParameters gradient, double rate) {
    axpy(-rate, gradient.Wh, Wh);
    axpy(-rate, gradient.bh, bh);
    axpy(-rate, gradient.Wy, Wy);
    axpy(-rate, gradient.by, by);
  }

  int predict(double[] input) {
    return SpiralMlp.predict(Wh, bh, Wy, by, input);
  }

  /** The fraction of {@code data} classified correctly. */
  double accuracy(Dataset data) {
    int correct = 0;
    for (int n = 0; n < data.size(); n++) {
      if (predict(data.inputs()[n]) == data.labels()[n]) {
        correct++;
      }
    }
    return (double) correct / data.size();
  }

  /** The mean cross-entropy on {@code data}: the user's own method, no gradient. */
  double loss(Dataset data) {
    return SpiralMlp.loss(Wh, bh, Wy, by, data.inputs(), data.labels());
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

  private static void axpy(double a, double[][] x, double[][] y) {
    for (int i = 0; i < y.length; i++) {
      axpy(a, x[i], y[i]);
    }
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }
}
