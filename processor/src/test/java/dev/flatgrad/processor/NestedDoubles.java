package dev.flatgrad.processor;

import java.util.function.IntToDoubleFunction;

/**
 * The entries of a {@code double[]}, {@code double[][]} or {@code double[][][]} in row-major
 * order (last index fastest), so the gradient checks treat every rank alike: entry {@code k}
 * of a matrix is its {@code k}-th number read row by row, rows of any length.
 */
final class NestedDoubles {

  private NestedDoubles() {}

  /** Whether {@code value} is an array of doubles of any rank. */
  static boolean isNested(Object value) {
    return value != null && value.getClass().getName().matches("\\[+D");
  }

  /** Whether the two have the same lengths at every level. */
  static boolean sameShape(Object a, Object b) {
    if (a instanceof double[] x) {
      return b instanceof double[] y && x.length == y.length;
    }
    if (!(a instanceof Object[] x) || !(b instanceof Object[] y) || x.length != y.length) {
      return false;
    }
    for (int i = 0; i < x.length; i++) {
      if (!sameShape(x[i], y[i])) {
        return false;
      }
    }
    return true;
  }

  static int count(Object array) {
    if (array instanceof double[] vector) {
      return vector.length;
    }
    int count = 0;
    for (Object row : (Object[]) array) {
      count += count(row);
    }
    return count;
  }

  static double[] flatten(Object array) {
    double[] flat = new double[count(array)];
    fill(array, new int[] {0}, flat);
    return flat;
  }

  private static void fill(Object array, int[] at, double[] flat) {
    if (array instanceof double[] vector) {
      System.arraycopy(vector, 0, flat, at[0], vector.length);
      at[0] += vector.length;
      return;
    }
    for (Object row : (Object[]) array) {
      fill(row, at, flat);
    }
  }

  /** Sets entry {@code k}. */
  static void set(Object array, int k, double value) {
    if (array instanceof double[] vector) {
      vector[k] = value;
      return;
    }
    for (Object row : (Object[]) array) {
      int n = count(row);
      if (k < n) {
        set(row, k, value);
        return;
      }
      k -= n;
    }
    throw new IndexOutOfBoundsException(k);
  }

  /** A fresh array shaped like {@code shape} whose entry {@code k} is {@code entry(k)}. */
  static Object shapedLike(Object shape, IntToDoubleFunction entry) {
    Object copy = copy(shape);
    for (int k = 0, n = count(shape); k < n; k++) {
      set(copy, k, entry.applyAsDouble(k));
    }
    return copy;
  }

  /** A deep copy. */
  static Object copy(Object array) {
    if (array instanceof double[] vector) {
      return vector.clone();
    }
    Object[] rows = ((Object[]) array).clone();
    for (int i = 0; i < rows.length; i++) {
      rows[i] = copy(rows[i]);
    }
    return rows;
  }

  /** {@code [i][j]} of entry {@code k}, for messages. */
  static String index(Object array, int k) {
    if (array instanceof double[]) {
      return "[" + k + "]";
    }
    Object[] rows = (Object[]) array;
    for (int i = 0; i < rows.length; i++) {
      int n = count(rows[i]);
      if (k < n) {
        return "[" + i + "]" + index(rows[i], k);
      }
      k -= n;
    }
    throw new IndexOutOfBoundsException(k);
  }
}
