package dev.flatgrad;

/**
 * The checks generated entry points make on their arguments before they compute anything, so a
 * wrong call fails at once with an {@link IllegalArgumentException} naming the parameter instead
 * of failing half way, or worse, writing a gradient into an input. Each check costs a comparison
 * per array (per row for a matrix), nothing next to the gradient itself.
 *
 * <p>An array the user's method compares with {@code null} is optional: it is not required, and
 * a sink or direction given for it while it is null is rejected.
 */
public final class Arguments {

  private Arguments() {}

  /**
   * An input array the generated code reads the shape of: not null.
   *
   * @param array the argument
   * @param name the parameter's name, for the message
   * @throws IllegalArgumentException if {@code array} is null
   */
  public static void requireArray(double[] array, String name) {
    if (array == null) {
      throw new IllegalArgumentException(name + " is null");
    }
  }

  /**
   * Like {@link #requireArray(double[], String)}, for a matrix and its rows.
   *
   * @param array the argument
   * @param name the parameter's name, for the message
   * @throws IllegalArgumentException if {@code array} or one of its rows is null
   */
  public static void requireArray(double[][] array, String name) {
    if (array == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    for (int row = 0; row < array.length; row++) {
      if (array[row] == null) {
        throw new IllegalArgumentException(name + "[" + row + "] is null");
      }
    }
  }

  /**
   * Like {@link #requireArray(double[], String)}, for a tensor, its matrices and their rows.
   *
   * @param array the argument
   * @param name the parameter's name, for the message
   * @throws IllegalArgumentException if {@code array}, one of its matrices or rows is null
   */
  public static void requireArray(double[][][] array, String name) {
    if (array == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    for (int matrix = 0; matrix < array.length; matrix++) {
      requireArray(array[matrix], name + "[" + matrix + "]");
    }
  }

  /**
   * An array the gradient of {@code input} is added into: null (ignored), or an array of the
   * input's shape that is not the input itself.
   *
   * @param sink the array the gradient is added into, or null
   * @param sinkName its parameter's name, for the message
   * @param input the input it is the gradient of
   * @param inputName the input's parameter name, for the message
   * @throws IllegalArgumentException if {@code sink} is the input or shaped differently
   */
  public static void checkSink(double[] sink, String sinkName, double[] input,
      String inputName) {
    if (absent(sink, sinkName, input, inputName)) {
      return;
    }
    notTheInput(sink, sinkName, input, inputName);
    checkLength(sink, sinkName, input, inputName);
  }

  /**
   * Like {@link #checkSink(double[], String, double[], String)}, row by row.
   *
   * @param sink the matrix the gradient is added into, or null
   * @param sinkName its parameter's name, for the message
   * @param input the input it is the gradient of
   * @param inputName the input's parameter name, for the message
   * @throws IllegalArgumentException if {@code sink} or a row of it is the input's, or the shapes
   *     differ
   */
  public static void checkSink(double[][] sink, String sinkName, double[][] input,
      String inputName) {
    if (absent(sink, sinkName, input, inputName)) {
      return;
    }
    notTheInput(sink, sinkName, input, inputName);
    checkRows(sink, sinkName, input, inputName);
    for (int row = 0; row < sink.length; row++) {
      notTheInput(sink[row], sinkName + "[" + row + "]", input[row], inputName + "[" + row + "]");
    }
  }

  /**
   * Like {@link #checkSink(double[][], String, double[][], String)}, matrix by matrix.
   *
   * @param sink the tensor the gradient is added into, or null
   * @param sinkName its parameter's name, for the message
   * @param input the input it is the gradient of
   * @param inputName the input's parameter name, for the message
   * @throws IllegalArgumentException if {@code sink}, a matrix or a row of it is the input's, or
   *     the shapes differ
   */
  public static void checkSink(double[][][] sink, String sinkName, double[][][] input,
      String inputName) {
    if (absent(sink, sinkName, input, inputName)) {
      return;
    }
    notTheInput(sink, sinkName, input, inputName);
    checkMatrixCount(sink, sinkName, input, inputName);
    for (int matrix = 0; matrix < sink.length; matrix++) {
      if (sink[matrix] == null) {
        throw new IllegalArgumentException(sinkName + "[" + matrix + "] is null");
      }
      checkSink(sink[matrix], sinkName + "[" + matrix + "]", input[matrix],
          inputName + "[" + matrix + "]");
    }
  }

  /**
   * A gradient array that is not another array argument of the same type: adding the gradient
   * into a data array or another input would corrupt what the gradient code still reads. (Its
   * own input is checked by {@code checkSink}.) A null sink is ignored.
   *
   * @param sink the gradient array passed
   * @param sinkName its parameter name
   * @param other another {@code double[]} or {@code double[][]} argument
   * @param otherName its parameter name
   * @throws IllegalArgumentException naming both if {@code sink} is {@code other}
   */
  public static void checkApart(Object sink, String sinkName, Object other, String otherName) {
    if (sink != null && sink == other) {
      throw new IllegalArgumentException(sinkName + " is the array " + otherName + " itself:"
          + " the gradient would overwrite an input the gradient code reads; pass a separate"
          + " array");
    }
  }

  /**
   * Two differentiated arrays of one type and their gradient arrays: neither gradient array is
   * the other input, and the two are one array only when their inputs are one array too (whose
   * gradient is then their sum). Otherwise two gradients would mix, or a gradient would overwrite
   * an input. Null sinks are ignored.
   *
   * @param sinkA the gradient array of {@code inputA}
   * @param sinkNameA its parameter name
   * @param inputA a differentiated array argument
   * @param inputNameA its parameter name
   * @param sinkB the gradient array of {@code inputB}
   * @param sinkNameB its parameter name
   * @param inputB another differentiated array argument, of the type of {@code inputA}
   * @param inputNameB its parameter name
   * @throws IllegalArgumentException naming the parameters concerned
   */
  public static void checkApart(Object sinkA, String sinkNameA, Object inputA, String inputNameA,
      Object sinkB, String sinkNameB, Object inputB, String inputNameB) {
    checkApart(sinkA, sinkNameA, inputB, inputNameB);
    checkApart(sinkB, sinkNameB, inputA, inputNameA);
    if (sinkA != null && sinkA == sinkB && inputA != inputB) {
      throw new IllegalArgumentException(sinkNameA + " and " + sinkNameB + " are the same array:"
          + " each gradient needs an array of its own");
    }
  }

  /**
   * A direction along {@code input}: null (zero), or an array of the input's shape.
   *
   * @param direction the direction, or null
   * @param directionName its parameter's name, for the message
   * @param input the input it is a direction along
   * @param inputName the input's parameter name, for the message
   * @throws IllegalArgumentException if the shapes differ
   */
  public static void checkDirection(double[] direction, String directionName, double[] input,
      String inputName) {
    if (!absent(direction, directionName, input, inputName)) {
      checkLength(direction, directionName, input, inputName);
    }
  }

  /**
   * Like {@link #checkDirection(double[], String, double[], String)}, row by row.
   *
   * @param direction the direction, or null
   * @param directionName its parameter's name, for the message
   * @param input the input it is a direction along
   * @param inputName the input's parameter name, for the message
   * @throws IllegalArgumentException if the shapes differ
   */
  public static void checkDirection(double[][] direction, String directionName,
      double[][] input, String inputName) {
    if (!absent(direction, directionName, input, inputName)) {
      checkRows(direction, directionName, input, inputName);
    }
  }

  /**
   * Like {@link #checkDirection(double[][], String, double[][], String)}, matrix by matrix.
   *
   * @param direction the direction, or null
   * @param directionName its parameter's name, for the message
   * @param input the input it is a direction along
   * @param inputName the input's parameter name, for the message
   * @throws IllegalArgumentException if the shapes differ
   */
  public static void checkDirection(double[][][] direction, String directionName,
      double[][][] input, String inputName) {
    if (absent(direction, directionName, input, inputName)) {
      return;
    }
    checkMatrixCount(direction, directionName, input, inputName);
    for (int matrix = 0; matrix < direction.length; matrix++) {
      if (direction[matrix] == null) {
        throw new IllegalArgumentException(directionName + "[" + matrix + "] is null");
      }
      checkRows(direction[matrix], directionName + "[" + matrix + "]", input[matrix],
          inputName + "[" + matrix + "]");
    }
  }

  private static void checkMatrixCount(double[][][] array, String name, double[][][] input,
      String inputName) {
    if (array.length != input.length) {
      throw new IllegalArgumentException(name + " has " + array.length + " matrices but "
          + inputName + " has " + input.length + ": it must have the shape of " + inputName);
    }
  }

  /**
   * Like {@link #requireArray(double[], String)}, for a {@code float[]}.
   *
   * @param array the argument
   * @param name the parameter's name, for the message
   * @throws IllegalArgumentException if {@code array} is null
   */
  public static void requireArray(float[] array, String name) {
    if (array == null) {
      throw new IllegalArgumentException(name + " is null");
    }
  }

  /**
   * Like {@link #requireArray(double[][], String)}, for a {@code float[][]}.
   *
   * @param array the argument
   * @param name the parameter's name, for the message
   * @throws IllegalArgumentException if {@code array} or one of its rows is null
   */
  public static void requireArray(float[][] array, String name) {
    if (array == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    for (int row = 0; row < array.length; row++) {
      if (array[row] == null) {
        throw new IllegalArgumentException(name + "[" + row + "] is null");
      }
    }
  }

  /**
   * Like {@link #checkSink(double[], String, double[], String)}, for a {@code float[]}.
   *
   * @param sink the array the gradient is added into, or null
   * @param sinkName its parameter's name, for the message
   * @param input the input it is the gradient of
   * @param inputName the input's parameter name, for the message
   * @throws IllegalArgumentException if {@code sink} is the input or shaped differently
   */
  public static void checkSink(float[] sink, String sinkName, float[] input, String inputName) {
    if (absent(sink, sinkName, input, inputName)) {
      return;
    }
    notTheInput(sink, sinkName, input, inputName);
    checkLength(sink.length, sinkName, input.length, inputName);
  }

  /**
   * Like {@link #checkSink(double[][], String, double[][], String)}, for a {@code float[][]}.
   *
   * @param sink the matrix the gradient is added into, or null
   * @param sinkName its parameter's name, for the message
   * @param input the input it is the gradient of
   * @param inputName the input's parameter name, for the message
   * @throws IllegalArgumentException if {@code sink} or a row of it is the input's, or the shapes
   *     differ
   */
  public static void checkSink(float[][] sink, String sinkName, float[][] input,
      String inputName) {
    if (absent(sink, sinkName, input, inputName)) {
      return;
    }
    notTheInput(sink, sinkName, input, inputName);
    checkRows(sink, sinkName, input, inputName);
    for (int row = 0; row < sink.length; row++) {
      notTheInput(sink[row], sinkName + "[" + row + "]", input[row], inputName + "[" + row + "]");
    }
  }

  /**
   * Like {@link #checkDirection(double[], String, double[], String)}, for a {@code float[]}.
   *
   * @param direction the direction, or null
   * @param directionName its parameter's name, for the message
   * @param input the input it is a direction along
   * @param inputName the input's parameter name, for the message
   * @throws IllegalArgumentException if the shapes differ
   */
  public static void checkDirection(float[] direction, String directionName, float[] input,
      String inputName) {
    if (!absent(direction, directionName, input, inputName)) {
      checkLength(direction.length, directionName, input.length, inputName);
    }
  }

  /**
   * Like {@link #checkDirection(double[][], String, double[][], String)}, for a {@code float[][]}.
   *
   * @param direction the direction, or null
   * @param directionName its parameter's name, for the message
   * @param input the input it is a direction along
   * @param inputName the input's parameter name, for the message
   * @throws IllegalArgumentException if the shapes differ
   */
  public static void checkDirection(float[][] direction, String directionName,
      float[][] input, String inputName) {
    if (!absent(direction, directionName, input, inputName)) {
      checkRows(direction, directionName, input, inputName);
    }
  }

  /** A sink that is its input's own array would have the gradient written over the input. */
  private static void notTheInput(Object sink, String sinkName, Object input, String inputName) {
    if (sink == input) {
      throw new IllegalArgumentException(sinkName + " is the array " + inputName + " itself:"
          + " the gradient would overwrite the input; pass a separate array");
    }
  }

  private static void checkLength(double[] array, String name, double[] input,
      String inputName) {
    checkLength(array.length, name, input.length, inputName);
  }

  private static void checkLength(int length, String name, int inputLength, String inputName) {
    if (length != inputLength) {
      throw new IllegalArgumentException(name + " has length " + length + " but "
          + inputName + " has length " + inputLength + ": it must have the shape of "
          + inputName);
    }
  }

  private static void checkRows(float[][] array, String name, float[][] input,
      String inputName) {
    checkRowCount(array.length, name, input.length, inputName);
    for (int row = 0; row < array.length; row++) {
      if (array[row] == null) {
        throw new IllegalArgumentException(name + "[" + row + "] is null");
      }
      checkRowLength(array[row].length, name, input[row].length, inputName, row);
    }
  }

  private static void checkRowCount(int rows, String name, int inputRows, String inputName) {
    if (rows != inputRows) {
      throw new IllegalArgumentException(name + " has " + rows + " rows but "
          + inputName + " has " + inputRows + ": it must have the shape of " + inputName);
    }
  }

  private static void checkRowLength(int length, String name, int inputLength,
      String inputName, int row) {
    if (length != inputLength) {
      throw new IllegalArgumentException(name + "[" + row + "] has length "
          + length + " but " + inputName + "[" + row + "] has length "
          + inputLength + ": it must have the shape of " + inputName);
    }
  }

  private static void checkRows(double[][] array, String name, double[][] input,
      String inputName) {
    checkRowCount(array.length, name, input.length, inputName);
    for (int row = 0; row < array.length; row++) {
      if (array[row] == null) {
        throw new IllegalArgumentException(name + "[" + row + "] is null");
      }
      checkRowLength(array[row].length, name, input[row].length, inputName, row);
    }
  }

  /**
   * Whether an optional sink or direction was left out (null). One given for a null input is an
   * error: a method that accepts a null array has no gradient and no direction along it then.
   */
  private static boolean absent(Object given, String givenName, Object input, String inputName) {
    if (given == null) {
      return true;
    }
    if (input == null) {
      throw new IllegalArgumentException(givenName + " is given but " + inputName + " is null:"
          + " pass null for " + givenName + " too");
    }
    return false;
  }
}
