package dev.flatgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tape's memory policy, as its class comment states it. */
class TapeTest {

  private static final long GIB = 1L << 30;

  @Test
  void growsToTwiceTheNeedWhileSmall() {
    assertEquals(130, Tape.grownLength(65, Double.BYTES, GIB));
    assertEquals(2_000, Tape.grownLength(1_000, Integer.BYTES, GIB));
  }

  @Test
  void growthStopsAtTheKeptLengthWhenTheNeedFitsIt() {
    assertEquals(Tape.KEPT_LENGTH, Tape.grownLength(Tape.KEPT_LENGTH / 2 + 1, Double.BYTES, GIB));
    assertEquals(Tape.KEPT_LENGTH, Tape.grownLength(Tape.KEPT_LENGTH, Double.BYTES, GIB));
    assertEquals(2 * (Tape.KEPT_LENGTH + 1),
        Tape.grownLength(Tape.KEPT_LENGTH + 1, Double.BYTES, GIB));
  }

  @Test
  void growsByAnEighthNearTheHeapsSize() {
    // 720 MB of doubles in a 2 GB heap: not 1.44 GB, but the need and an eighth.
    int needed = 90_000_000;
    long heap = 2 * GIB;
    int grown = Tape.grownLength(needed, Double.BYTES, heap);
    assertEquals(needed + needed / 8, grown);
    // Below an eighth of the heap it still doubles, up to that eighth.
    assertEquals(heap / 8 / Double.BYTES, Tape.grownLength(20_000_000, Double.BYTES, heap));
    assertEquals(20_000_000, Tape.grownLength(10_000_000, Double.BYTES, heap));
  }

  @Test
  void aNeedBeyondAnyArrayIsAnOutOfMemoryError() {
    assertThrows(OutOfMemoryError.class, () -> Tape.grownLength(-5, Double.BYTES, GIB));
    assertThrows(OutOfMemoryError.class,
        () -> Tape.grownLength(Integer.MAX_VALUE, Double.BYTES, 64 * GIB));
    assertEquals(Integer.MAX_VALUE - 8,
        Tape.grownLength(Integer.MAX_VALUE - 100, Double.BYTES, 64 * GIB));
  }

  @Test
  void growKeepsTheSavedValues() {
    double[] saved = {1, 2, 3};
    double[] grown = Tape.grow(saved, 4);
    assertEquals(8, grown.length);
    assertEquals(3, grown[2]);
    int[] ints = Tape.grow(new int[] {7}, 2);
    assertEquals(7, ints[0]);
  }

  @Test
  void aLargeArrayIsLetGoWhenTheCountComesBackToZero() {
    Tape tape = new Tape();
    double[] large = new double[Tape.KEPT_LENGTH + 1];
    tape.setDoubles(large, 5); // in use by callers: kept
    assertSame(large, tape.doubles());
    tape.setDoubles(large, 0); // the outermost call returned
    assertTrue(tape.doubles().length <= Tape.KEPT_LENGTH);
    int[] largeInts = new int[Tape.KEPT_LENGTH + 1];
    tape.setInts(largeInts, 0);
    assertTrue(tape.ints().length <= Tape.KEPT_LENGTH);
    double[] kept = new double[Tape.KEPT_LENGTH];
    tape.setDoubles(kept, 0);
    assertSame(kept, tape.doubles());
  }

  private enum Side { BUY, SELL }

  @Test
  void anEnumValueComesBackFromItsOrdinalAndNullFromMinusOne() {
    for (Side side : Side.values()) {
      assertSame(side, Tape.enumConstant(Side.class, Tape.ordinal(side)));
    }
    assertEquals(-1, Tape.ordinal(null));
    assertSame(null, Tape.enumConstant(Side.class, -1));
  }
}
