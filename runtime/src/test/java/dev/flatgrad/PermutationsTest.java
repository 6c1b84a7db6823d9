package dev.flatgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sorting order against {@code Arrays.sort} itself, on random data with ties and specials. */
class PermutationsTest {

  @Test
  void theOrderSortsLikeArraysSort() {
    Random random = new Random(7);
    double[] specials = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1.0};
    for (int trial = 0; trial < 500; trial++) {
      int n = random.nextInt(40);
      double[] a = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = random.nextInt(4) == 0 ? specials[random.nextInt(specials.length)]
            : random.nextInt(10) - 5; // many ties
      }
      int from = n == 0 ? 0 : random.nextInt(n + 1);
      int to = from + random.nextInt(n - from + 1);
      double[] input = a.clone();
      int[] order = Permutations.sortingOrder(a, from, to);
      assertArrayEquals(input, a, "the array is not changed");
      double[] expected = a.clone();
      Arrays.sort(expected, from, to);
      double[] gathered = a.clone();
      for (int k = 0; k < order.length; k++) {
        gathered[from + k] = a[order[k]];
      }
      assertArrayEquals(expected, gathered, "bit for bit, -0.0 and NaN included");
      int[] sortedOrder = order.clone();
      Arrays.sort(sortedOrder);
      for (int k = 0; k < sortedOrder.length; k++) {
        assertEquals(from + k, sortedOrder[k], "a permutation of the range");
      }
      for (int k = 1; k < order.length; k++) {
        if (Double.compare(a[order[k - 1]], a[order[k]]) == 0) {
          assertTrue(order[k - 1] < order[k], "equal elements keep their order");
        }
      }
    }
  }

  @Test
  void aBadRangeFailsAsArraysSortDoes() {
    double[] a = {3, 1, 2};
    assertEquals("fromIndex(2) > toIndex(1)", assertThrows(IllegalArgumentException.class,
        () -> Permutations.sortingOrder(a, 2, 1)).getMessage());
    assertEquals(assertThrows(ArrayIndexOutOfBoundsException.class,
        () -> Arrays.sort(a.clone(), -1, 2)).getMessage(),
        assertThrows(ArrayIndexOutOfBoundsException.class,
            () -> Permutations.sortingOrder(a, -1, 2)).getMessage());
    assertEquals(assertThrows(ArrayIndexOutOfBoundsException.class,
        () -> Arrays.sort(a.clone(), 0, 4)).getMessage(),
        assertThrows(ArrayIndexOutOfBoundsException.class,
            () -> Permutations.sortingOrder(a, 0, 4)).getMessage());
    assertEquals(assertThrows(IllegalArgumentException.class,
        () -> Arrays.sort(a.clone(), 2, 1)).getMessage(),
        assertThrows(IllegalArgumentException.class,
            () -> Permutations.sortingOrder(a, 2, 1)).getMessage());
  }
}
