package dev.flatgrad;

import java.util.Arrays;

/**
 * The stacks on which generated code saves, during the forward pass, the values and decisions
 * the reverse pass needs back: a value about to be overwritten inside a loop, a loop's trip
 * count, the branch an {@code if} took. The reverse pass takes them off in the opposite order.
 *
 * <p>It is two primitive arrays, one of doubles and one of ints: nothing is boxed. A generated
 * method takes the arrays and the number of entries in use once, keeps them in local variables
 * while it pushes and pops (a field written on every push would chain each push to the last one
 * through memory), and publishes its count before it calls other code that may use the tape:
 *
 * <pre>{@code
 * Tape tape = Tape.forThread();
 * double[] saved = tape.doubles();
 * int top = tape.doubleCount();
 * ...
 * if (top == saved.length) saved = tape.grow(saved);
 * saved[top++] = h;          // forward: save h before it is overwritten
 * ...
 * h = saved[--top];          // reverse: restore it
 * }</pre>
 *
 * <p>Entries below the published count belong to the callers up the stack; a method only ever
 * reads back what it wrote itself, from its own array, so a callee that grows the tape does not
 * disturb it.
 */
public final class Tape {

  private static final ThreadLocal<Tape> FOR_THREAD = ThreadLocal.withInitial(Tape::new);

  private double[] doubles = new double[64];
  private int doubleCount;
  private int[] ints = new int[16];
  private int intCount;

  /**
   * The calling thread's tape, reused across calls so a gradient allocates no tape once the
   * arrays have grown to the size it needs. A generated method that returns normally leaves the
   * counts as it found them. One that throws (an index out of bounds in the user's code, say)
   * may leave them higher; later calls work above them and are not affected.
   */
  public static Tape forThread() {
    return FOR_THREAD.get();
  }

  /** The array of saved doubles; a method pushes at and above {@link #doubleCount()}. */
  public double[] doubles() {
    return doubles;
  }

  /** How many saved doubles belong to callers: where a method starts pushing. */
  public int doubleCount() {
    return doubleCount;
  }

  /** Publishes how many saved doubles are in use, before a call to code that may push more. */
  public void setDoubleCount(int count) {
    doubleCount = count;
  }

  /**
   * A copy of {@code full}, a method's array of saved doubles, with twice the room. The tape
   * keeps it, so later calls start with the room this one needed.
   */
  public double[] grow(double[] full) {
    doubles = Arrays.copyOf(full, 2 * full.length);
    return doubles;
  }

  /** The array of saved ints: trip counts, branch decisions, int values before overwrites. */
  public int[] ints() {
    return ints;
  }

  /** How many saved ints belong to callers: where a method starts pushing. */
  public int intCount() {
    return intCount;
  }

  /** Publishes how many saved ints are in use, before a call to code that may push more. */
  public void setIntCount(int count) {
    intCount = count;
  }

  /** A copy of {@code full}, a method's array of saved ints, with twice the room; kept. */
  public int[] grow(int[] full) {
    ints = Arrays.copyOf(full, 2 * full.length);
    return ints;
  }

  /** Whether no saved value is in use: true between top-level calls of generated methods. */
  public boolean isEmpty() {
    return doubleCount == 0 && intCount == 0;
  }
}
