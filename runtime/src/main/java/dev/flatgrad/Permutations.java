package dev.flatgrad;

/**
 * The order {@code Arrays.sort} puts an array's elements in, for generated code: sorting permutes
 * the elements, so the derivative of a sorted array is its input's derivative, permuted the same
 * way. The generated code asks for the order, then moves each element (and in the reverse pass
 * each gradient) to its place.
 */
public final class Permutations {

  private Permutations() {}

  /**
   * The indices of {@code a[from]} to {@code a[to - 1]} in the order {@code Arrays.sort(a, from,
   * to)} puts their elements: by {@link Double#compare} (-0.0 before 0.0, NaN last), equal
   * elements in their original order. {@code a} itself is not changed.
   *
   * @param a the array to be sorted
   * @param from the first index of the range, inclusive
   * @param to the last index of the range, exclusive
   * @return {@code order} with {@code a[order[0]] <= a[order[1]] <= ...}, of length {@code to -
   *     from}
   * @throws IllegalArgumentException if {@code from > to}, as {@code Arrays.sort} does
   * @throws ArrayIndexOutOfBoundsException if {@code from < 0} or {@code to > a.length}
   */
  public static int[] sortingOrder(double[] a, int from, int to) {
    if (from > to) {
      throw new IllegalArgumentException("fromIndex(" + from + ") > toIndex(" + to + ")");
    }
    if (from < 0) {
      throw new ArrayIndexOutOfBoundsException(from);
    }
    if (to > a.length) {
      throw new ArrayIndexOutOfBoundsException(to);
    }
    int n = to - from;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = from + i;
    }
    // Bottom-up merge sort of the indices: stable, n log n, whatever the values.
    int[] merged = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int low = 0; low < n - width; low += 2 * width) {
        merge(a, order, merged, low, low + width, Math.min(low + 2 * width, n));
      }
    }
    return order;
  }

  /**
   * The whole of {@code a}: {@link #sortingOrder(double[], int, int)} from 0 to its length.
   *
   * @param a the array to be sorted
   * @return the indices of {@code a} in sorted order
   */
  public static int[] sortingOrder(double[] a) {
    return sortingOrder(a, 0, a.length);
  }

  /** Merges the sorted runs {@code order[low..middle)} and {@code order[middle..high)}. */
  private static void merge(double[] a, int[] order, int[] merged, int low, int middle,
      int high) {
    int left = low;
    int right = middle;
    for (int out = low; out < high; out++) {
      // Taking the left one on ties keeps equal elements in their original order.
      if (right >= high || left < middle && Double.compare(a[order[left]], a[order[right]]) <= 0) {
        merged[out] = order[left++];
      } else {
        merged[out] = order[right++];
      }
    }
    System.arraycopy(merged, low, order, low, high - low);
  }
}
