package dev.flatgrad.processor.ir;

/** The Java types a value in a differentiable method may have. */
public enum Type {
  DOUBLE("double", null),
  INT("int", null),
  BOOLEAN("boolean", null),
  DOUBLE_ARRAY("double[]", DOUBLE),
  DOUBLE_MATRIX("double[][]", DOUBLE_ARRAY),
  INT_ARRAY("int[]", INT),
  BOOLEAN_ARRAY("boolean[]", BOOLEAN),
  INT_MATRIX("int[][]", INT_ARRAY),
  BOOLEAN_MATRIX("boolean[][]", BOOLEAN_ARRAY),
  /** Text of exception and assertion messages, and arguments of checks: never differentiated. */
  STRING("String", null),
  /** {@code dev.flatgrad.Tape}: the stack where the forward pass saves what the reverse needs. */
  TAPE("Tape", null),
  /**
   * The object an instance method is called on, {@code self}: of the declaring class, whose name
   * the emitter knows. Data, never differentiated.
   */
  RECEIVER("self", null);

  private final String javaName;
  private final Type elementType;

  Type(String javaName, Type elementType) {
    this.javaName = javaName;
    this.elementType = elementType;
  }

  /** The type as written in Java source. */
  public String javaName() {
    return javaName;
  }

  /** The type of {@code a[i]} for an array {@code a} of this type; null for non-arrays. */
  public Type elementType() {
    return elementType;
  }

  public boolean isArray() {
    return elementType != null;
  }

  /** Whether values of this type carry derivatives: double, double[] and double[][]. */
  public boolean isDifferentiable() {
    return this == DOUBLE || this == DOUBLE_ARRAY || this == DOUBLE_MATRIX;
  }

  /** Java's binary numeric promotion for {@code int} and {@code double}. */
  public static Type promote(Type a, Type b) {
    return a == DOUBLE || b == DOUBLE ? DOUBLE : INT;
  }
}
