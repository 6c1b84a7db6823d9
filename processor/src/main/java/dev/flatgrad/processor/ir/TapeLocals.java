package dev.flatgrad.processor.ir;

/**
 * The local variables through which one generated method uses the thread's {@code Tape}: the
 * tape itself, and for each of its two stacks the array and the index of the next free entry.
 * Generated code declares only the stacks it pushes on. A method that calls out also keeps the
 * indices it found ({@code callerTop}) and names the failure it catches to set them back.
 */
public record TapeLocals(Variable tape, Variable doubles, Variable doubleTop, Variable ints,
    Variable intTop, Variable callerTop, Variable callerIntTop, String failure) {

  /** Fresh names for the variables of a method whose other names are in {@code names}. */
  public static TapeLocals fresh(Names names) {
    return new TapeLocals(
        new Variable(names.fresh("tape"), Type.TAPE, Variable.Kind.LOCAL),
        new Variable(names.fresh("saved"), Type.DOUBLE_ARRAY, Variable.Kind.LOCAL),
        new Variable(names.fresh("top"), Type.INT, Variable.Kind.LOCAL),
        new Variable(names.fresh("savedInts"), Type.INT_ARRAY, Variable.Kind.LOCAL),
        new Variable(names.fresh("intTop"), Type.INT, Variable.Kind.LOCAL),
        new Variable(names.fresh("callerTop"), Type.INT, Variable.Kind.LOCAL),
        new Variable(names.fresh("callerIntTop"), Type.INT, Variable.Kind.LOCAL),
        names.fresh("failure"));
  }

  /**
   * Whether values of {@code type} go on the int stack: ints, the smaller integers, and booleans
   * as 0 or 1. Doubles, floats and longs (by their bits) go on the double stack.
   */
  public static boolean onIntStack(Type type) {
    return type == Type.INT || type == Type.BOOLEAN || type == Type.SHORT || type == Type.BYTE
        || type == Type.CHAR;
  }
}
