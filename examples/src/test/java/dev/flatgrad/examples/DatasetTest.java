package dev.flatgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetTest {

  @Test
  void spiralHasBalancedClassesInsideTheUnitDiscAndRepeats() {
    Dataset spiral = Dataset.spiral(50, 3, 0.2, 7);
    assertEquals(150, spiral.size());
    assertEquals(3, spiral.classes());
    int[] counts = new int[3];
    for (int n = 0; n < spiral.size(); n++) {
      counts[spiral.labels()[n]]++;
      double[] p = spiral.inputs()[n];
      assertTrue(Math.hypot(p[0], p[1]) <= 1 + 1e-12);
    }
    assertArrayEquals(new int[] {50, 50, 50}, counts);
    assertArrayEquals(spiral.inputs()[77], Dataset.spiral(50, 3, 0.2, 7).inputs()[77]);
  }

  @Test
  void blobsHaveTwoClasses() {
    Dataset blobs = Dataset.twoBlobs(20, 2, 1);
    assertEquals(40, blobs.size());
    assertEquals(0, blobs.labels()[0]);
    assertEquals(1, blobs.labels()[39]);
  }
}
