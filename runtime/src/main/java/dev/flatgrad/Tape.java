package dev.flatgrad;

import java.util.Arrays;

/**
 * The stack on which generated code saves, during the forward pass, the values and decisions the
 * reverse pass needs back: a value about to be overwritten inside a loop, a loop's trip count,
 * the branch an {@code if} took. The reverse pass takes them off in the opposite order.
 *
 * <p>It is two growable primitive arrays: nothing is boxed. Generated code uses the
 * {@linkplain #forThread() thread's tape}, and only when the method needs one.
 */
public final class Tape {

  private static final ThreadLocal<Tape> FOR_THREAD = ThreadLocal.withInitial(Tape::new);

  private double[] doubles = new double[64];
  private int doubleCount;
  private int[] ints = new int[16];
  private int intCount;

  /**
   * The calling thread's tape, reused across calls so a gradient allocates no tape once the
   * arrays have grown to the size it needs. A generated method that returns normally leaves it as
   * it found it: it pops exactly what it pushed, nested and recursive calls included. One that
   * throws (an index out of bounds in the user's code, say) may leave values behind; later calls
   * push and pop above them and are not affected.
   */
  public static Tape forThread() {
    return FOR_THREAD.get();
  }

  public void pushDouble(double value) {
    if (doubleCount == doubles.length) {
      doubles = Arrays.copyOf(doubles, 2 * doubleCount);
    }
    doubles[doubleCount++] = value;
  }

  public double popDouble() {
    return doubles[--doubleCount];
  }

  public void pushInt(int value) {
    if (intCount == ints.length) {
      ints = Arrays.copyOf(ints, 2 * intCount);
    }
    ints[intCount++] = value;
  }

  public int popInt() {
    return ints[--intCount];
  }

  public void pushBoolean(boolean value) {
    pushInt(value ? 1 : 0);
  }

  public boolean popBoolean() {
    return popInt() != 0;
  }

  /** Whether everything pushed was popped: true at the end of a correct reverse pass. */
  public boolean isEmpty() {
    return doubleCount == 0 && intCount == 0;
  }
}
