package dev.flatgrad;

import java.util.Arrays;

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
 * if (top == saved.length) saved = Tape.grow(saved, top + 1);
 * saved[top++] = h;          // forward: save h before it is overwritten
 * ...
 * h = saved[--top];          // reverse: restore it
 * ...
 * tape.setDoubles(saved, top);
 * }</pre>
 *
 * <p>Entries below the count belong to the callers up the stack: a method pushes above them, and
 * reads back only what it wrote itself.
 *
 * <h2>Failures</h2>
 * A generated method leaves the counts as it found them however it ends. One that returns has
 * popped all it pushed. One that calls out (a pullback, a user's method, a custom rule) keeps
 * the counts it found in locals ({@code callerTop}) and, if anything it runs throws, sets them
 * back before the exception leaves it: a caught failure leaves nothing on the tape, however often
 * it happens. A method that calls nothing never hands back a count other than the one it found,
 * so it needs no such handler and the common case pays nothing.
 *
 * <h2>Memory</h2>
 * The arrays are reused from call to call on a thread, so a gradient allocates no tape once they
 * have grown to the size it needs. Two rules bound what that costs:
 * <ul>
 *   <li><b>Release.</b> When a count comes back to zero (the outermost generated call on the
 *       thread returns, or fails) and its array is longer than {@value #KEPT_LENGTH} entries (8 MB
 *       of doubles, 4 MB of ints), the tape drops that array for a small new one. A thread keeps
 *       at most that much between calls; a call that needs more allocates it again, in
 *       proportion to what it pushes.
 *   <li><b>Growth.</b> {@link #grow} doubles the room needed, as long as the new array is at most
 *       an eighth of the heap ({@link Runtime#maxMemory()}); past that it adds an eighth of the
 *       need instead, so a call that needs most of the heap is not refused for twice its need.
 *       A growth that would cross {@value #KEPT_LENGTH} entries stops there, so that calls
 *       needing up to that many keep their array.
 * </ul>
 */
public final class Tape {

  /** The longest array a thread keeps between calls: 2<sup>20</sup> entries. */
  public static final int KEPT_LENGTH = 1 << 20;

  /** The longest array the JVM allocates reliably (some reserve header words in arrays). */
  private static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

  private static final int INITIAL_DOUBLES = 64;
  private static final int INITIAL_INTS = 16;

  private static final ThreadLocal<Tape> FOR_THREAD = ThreadLocal.withInitial(Tape::new);

  private double[] doubles = new double[INITIAL_DOUBLES];
  private int doubleCount;
  private int[] ints = new int[INITIAL_INTS];
  private int intCount;

  /** An empty tape of its own; generated code uses the thread's, {@link #forThread()}. */
  public Tape() {}

  /**
   * The calling thread's tape, reused across calls so a gradient allocates no tape once the
   * arrays have grown to the size it needs. A generated method leaves the counts as it found
   * them, whether it returns or throws.
   *
   * @return this thread's tape
   */
  public static Tape forThread() {
    return FOR_THREAD.get();
  }

  /**
   * The array of saved doubles; a method pushes at and above {@link #doubleCount()}.
   *
   * @return the array, not a copy
   */
  public double[] doubles() {
    return doubles;
  }

  /**
   * How many saved doubles belong to callers: where a method starts pushing.
   *
   * @return the number of saved doubles in use
   */
  public int doubleCount() {
    return doubleCount;
  }

  /**
   * Hands the tape a method's array of saved doubles, the tape's own or a grown copy of it, and
   * how many entries are in use: before a call, so the callee pushes above them, and on return,
   * so later calls start with the room this one needed. With a count of zero an array longer
   * than {@value #KEPT_LENGTH} is let go (see the class comment).
   *
   * @param saved the array of saved doubles
   * @param count how many of its entries are in use
   */
  public void setDoubles(double[] saved, int count) {
    doubles = count == 0 && saved.length > KEPT_LENGTH ? new double[INITIAL_DOUBLES] : saved;
    doubleCount = count;
  }

  /**
   * The array of saved ints: trip counts, branch decisions, int values before overwrites.
   *
   * @return the array, not a copy
   */
  public int[] ints() {
    return ints;
  }

  /**
   * How many saved ints belong to callers: where a method starts pushing.
   *
   * @return the number of saved ints in use
   */
  public int intCount() {
    return intCount;
  }

  /**
   * Like {@link #setDoubles}, for the array of saved ints.
   *
   * @param saved the array of saved ints
   * @param count how many of its entries are in use
   */
  public void setInts(int[] saved, int count) {
    ints = count == 0 && saved.length > KEPT_LENGTH ? new int[INITIAL_INTS] : saved;
    intCount = count;
  }

  /**
   * Whether no saved value is in use: true between top-level calls of generated methods.
   *
   * @return whether both counts are zero
   */
  public boolean isEmpty() {
    return doubleCount == 0 && intCount == 0;
  }

  /**
   * A copy of {@code saved} with room for at least {@code needed} entries, grown as the class
   * comment says: generated code calls it when a push or a loop's pushes would not fit.
   *
   * @param saved the array to copy
   * @param needed how many entries the copy must hold at least
   * @return the grown copy
   * @throws OutOfMemoryError if {@code needed} is more than an array can hold
   */
  public static double[] grow(double[] saved, int needed) {
    return Arrays.copyOf(saved, grownLength(needed, Double.BYTES, Runtime.getRuntime().maxMemory()));
  }

  /**
   * Like {@link #grow(double[], int)}, for the array of saved ints.
   *
   * @param saved the array to copy
   * @param needed how many entries the copy must hold at least
   * @return the grown copy
   */
  public static int[] grow(int[] saved, int needed) {
    return Arrays.copyOf(saved, grownLength(needed, Integer.BYTES, Runtime.getRuntime().maxMemory()));
  }

  /**
   * An enum value as the array of saved ints keeps it: generated code saves an enum variable
   * that a loop overwrites and the reverse pass reads again (passed to a pullback, say).
   *
   * @param value the value to save, or null
   * @return its ordinal, or -1 for null
   */
  public static int ordinal(Enum<?> value) {
    return value == null ? -1 : value.ordinal();
  }

  /**
   * The enum value {@link #ordinal} saved.
   *
   * @param <E> the enum
   * @param type the enum's class
   * @param ordinal what {@link #ordinal} returned
   * @return the constant of that ordinal, or null for -1
   */
  public static <E extends Enum<E>> E enumConstant(Class<E> type, int ordinal) {
    return ordinal < 0 ? null : type.getEnumConstants()[ordinal];
  }

  /**
   * The length an array grows to when it must hold {@code needed} entries of {@code bytes} each
   * in a heap of {@code maxMemory} bytes: twice the need while that is small next to the heap,
   * the need and an eighth beyond.
   */
  static int grownLength(int needed, int bytes, long maxMemory) {
    // A negative need is an int that overflowed: more than any array holds.
    if (needed < 0 || needed > MAX_LENGTH) {
      throw new OutOfMemoryError("the tape needs more than " + MAX_LENGTH + " entries");
    }
    long length = 2L * needed;
    if (needed <= KEPT_LENGTH && length > KEPT_LENGTH) {
      length = KEPT_LENGTH;
    }
    long doublingLimit = maxMemory / 8 / bytes;
    if (length > doublingLimit) {
      length = Math.max(needed + needed / 8L, doublingLimit);
    }
    return (int) Math.min(length, MAX_LENGTH);
  }
}
