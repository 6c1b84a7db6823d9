package dev.flatgrad;

/** Helpers the generated gradient code calls. */
public final class Gradients {

  private Gradients() {}

  /**
   * A zero matrix with the shape of {@code matrix}, rows of any length included; a null row
   * stays null.
   *
   * @param matrix the matrix whose shape to copy
   * @return a fresh matrix of zeros
   */
  public static double[][] zerosLike(double[][] matrix) {
    double[][] zeros = new double[matrix.length][];
    for (int row = 0; row < matrix.length; row++) {
      // A local matrix allocated as new double[n][] may still have rows it never assigned.
      zeros[row] = matrix[row] == null ? null : new double[matrix[row].length];
    }
    return zeros;
  }

  /**
   * A zero tensor with the shape of {@code tensor}, matrices and rows of any length included.
   *
   * @param tensor the tensor whose shape to copy
   * @return a fresh tensor of zeros
   */
  public static double[][][] zerosLike(double[][][] tensor) {
    double[][][] zeros = new double[tensor.length][][];
    for (int matrix = 0; matrix < tensor.length; matrix++) {
      zeros[matrix] = zerosLike(tensor[matrix]);
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
