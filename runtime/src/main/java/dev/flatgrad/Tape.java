package dev.flatgrad;

/**
 * The stacks on which generated code saves, during the forward pass, the values and decisions
 * the reverse pass needs back: a value about to be overwritten inside a loop, a loop's trip
 * count, the branch an {@code if} took. The reverse pass takes them off in the opposite order.
 *
 * <p>It is two primitive arrays, one of doubles and one of ints: nothing is boxed. A generated
 * method takes an array and the number of entries in use once, and keeps them in local variables
 * while it pushes and pops (a field written on every push would chain each push to the last one
 * through memory). It hands them back, grown if it needed more room, before it calls other code
 * that may use the tape and when it returns:
 *
 * <pre>{@code
 * Tape tape = Tape.forThread();
 * double[] saved = tape.doubles();
 * int top = tape.doubleCount();
 * ...
 * if (top == saved.length) saved = Arrays.copyOf(saved, 2 * top);
 * saved[top++] = h;          // forward: save h before it is overwritten
 * ...
 * h = saved[--top];          // reverse: restore it
 * ...
 * tape.setDoubles(saved, top);
 * }</pre>
 *
 * <p>Entries below the count belong to the callers up the stack: a method pushes above them, and
 * reads back only what it wrote itself.
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

  /**
   * Hands the tape a method's array of saved doubles, the tape's own or a grown copy of it, and
   * how many entries are in use: before a call, so the callee pushes above them, and on return,
   * so later calls start with the room this one needed. Generated code grows an array by doubling
   * it, so it must not be empty.
   */
  public void setDoubles(double[] saved, int count) {
    doubles = saved;
    doubleCount = count;
  }

  /** The array of saved ints: trip counts, branch decisions, int values before overwrites. */
  public int[] ints() {
    return ints;
  }

  /** How many saved ints belong to callers: where a method starts pushing. */
  public int intCount() {
    return intCount;
  }

  /** Like {@link #setDoubles}, for the array of saved ints. */
  public void setInts(int[] saved, int count) {
    ints = saved;
    intCount = count;
  }

  /** Whether no saved value is in use: true between top-level calls of generated methods. */
  public boolean isEmpty() {
    return doubleCount == 0 && intCount == 0;
  }
}
