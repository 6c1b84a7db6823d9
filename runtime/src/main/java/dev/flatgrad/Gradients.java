package dev.flatgrad;

/** Helpers the generated gradient code calls. */
public final class Gradients {

  private Gradients() {}

  /**
   * A zero matrix with the shape of {@code matrix}, rows of any length included.
   *
   * @param matrix the matrix whose shape to copy
   * @return a fresh matrix of zeros
   */
  public static double[][] zerosLike(double[][] matrix) {
    double[][] zeros = new double[matrix.length][];
    for (int row = 0; row < matrix.length; row++) {
      zeros[row] = new double[matrix[row].length];
    }
    return zeros;
  }

  /**
   * A zero {@code float} matrix with the shape of {@code matrix}, rows of any length included.
   *
   * @param matrix the matrix whose shape to copy
   * @return a fresh matrix of zeros
   */
  public static float[][] zerosLike(float[][] matrix) {
    float[][] zeros = new float[matrix.length][];
    for (int row = 0; row < matrix.length; row++) {
      zeros[row] = new float[matrix[row].length];
    }
    return zeros;
  }
}
