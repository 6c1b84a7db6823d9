package dev.flatgrad.examples;

import java.util.Random;

/**
 * Labelled points in the plane, generated in code from a fixed seed so every run trains on the
 * same data.
 *
 * @param inputs one row {@code (x, y)} per point
 * @param labels the class of each point, {@code 0 .. classes - 1}
 * @param classes the number of classes
 */
public record Dataset(double[][] inputs, int[] labels, int classes) {

  public int size() {
    return labels.length;
  }

  /**
   * {@code classes} interleaved spiral arms of {@code pointsPerClass} points each, within the
   * unit disc: the classic dataset a linear classifier cannot separate (as in Stanford's CS231n
   * notes). Each arm turns through 4 radians; {@code noise} jitters the angle.
   */
  public static Dataset spiral(int pointsPerClass, int classes, double noise, long seed) {
    Random random = new Random(seed);
    int size = pointsPerClass * classes;
    double[][] inputs = new double[size][];
    int[] labels = new int[size];
    for (int label = 0; label < classes; label++) {
      for (int i = 0; i < pointsPerClass; i++) {
        double fraction = i / (pointsPerClass - 1.0);
        double radius = fraction;
        double angle = 4 * (label + fraction) + noise * random.nextGaussian();
        int point = label * pointsPerClass + i;
        inputs[point] = new double[] {radius * Math.sin(angle), radius * Math.cos(angle)};
        labels[point] = label;
      }
    }
    return new Dataset(inputs, labels, classes);
  }

  /** Two Gaussian clouds of {@code pointsPerClass} points, centred at ±{@code separation}/2. */
  public static Dataset twoBlobs(int pointsPerClass, double separation, long seed) {
    Random random = new Random(seed);
    double[][] inputs = new double[2 * pointsPerClass][];
    int[] labels = new int[2 * pointsPerClass];
    for (int point = 0; point < inputs.length; point++) {
      int label = point < pointsPerClass ? 0 : 1;
      double centre = (label == 0 ? -0.5 : 0.5) * separation;
      inputs[point] = new double[] {
          centre + 0.5 * random.nextGaussian(), centre * 0.6 + 0.5 * random.nextGaussian()};
      labels[point] = label;
    }
    return new Dataset(inputs, labels, 2);
  }
}
