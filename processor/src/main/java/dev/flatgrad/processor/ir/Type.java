package dev.flatgrad.processor.ir;

/** The Java types a value in a differentiable method may have. */
public enum Type {
  DOUBLE("double", null),
  INT("int", null),
  BOOLEAN("boolean", null),
  /** Differentiated like double, its adjoints and tangents in float too (as JAX's float32). */
  FLOAT("float", null),
  /** The other primitive numbers: data, never differentiated. */
  LONG("long", null),
  SHORT("short", null),
  BYTE("byte", null),
  CHAR("char", null),
  DOUBLE_ARRAY("double[]", DOUBLE),
  DOUBLE_MATRIX("double[][]", DOUBLE_ARRAY),
  /** A tensor of three indices, {@code t[c][i][j]}: convolution kernels, batches of matrices. */
  DOUBLE_TENSOR("double[][][]", DOUBLE_MATRIX),
  FLOAT_ARRAY("float[]", FLOAT),
  FLOAT_MATRIX("float[][]", FLOAT_ARRAY),
  INT_ARRAY("int[]", INT),
  BOOLEAN_ARRAY("boolean[]", BOOLEAN),
  INT_MATRIX("int[][]", INT_ARRAY),
  BOOLEAN_MATRIX("boolean[][]", BOOLEAN_ARRAY),
  /** Arrays of the other data types: read, written when local, iterated; never differentiated. */
  LONG_ARRAY("long[]", LONG),
  SHORT_ARRAY("short[]", SHORT),
  BYTE_ARRAY("byte[]", BYTE),
  CHAR_ARRAY("char[]", CHAR),
  /** Text of exception and assertion messages, and arguments of checks: never differentiated. */
  STRING("String", null),
  STRING_ARRAY("String[]", STRING),
  /**
   * A value of an enum, data: the variable holding it knows which enum ({@link
   * Variable#enumClass()}), an enum constant by its owner.
   */
  ENUM("enum", null),
  /** An array of enum values: the variable holding it knows which enum, as for {@link #ENUM}. */
  ENUM_ARRAY("enum[]", ENUM),
  /**
   * A static field holding an object, such as {@code Level.FINE}, passed to a call run as written
   * (logging, checks): data, read by name where the call is, never computed with.
   */
  OBJECT("Object", null),
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

  /**
   * Whether values of this type carry derivatives: double and float, and their arrays and
   * matrices.
   */
  public boolean isDifferentiable() {
    return isReal() || this == DOUBLE_ARRAY || this == DOUBLE_MATRIX || this == DOUBLE_TENSOR
        || this == FLOAT_ARRAY || this == FLOAT_MATRIX;
  }

  /** {@code double} or {@code float}: a scalar that carries a derivative. */
  public boolean isReal() {
    return this == DOUBLE || this == FLOAT;
  }

  /** How many indices an entry takes: 0 for a scalar, 1 for an array, 2 for a matrix. */
  public int rank() {
    return elementType == null ? 0 : 1 + elementType.rank();
  }

  /** The numbers an array of this type holds, at the bottom: {@code float} for float[][]. */
  public Type scalar() {
    return elementType == null ? this : elementType.scalar();
  }

  /** The scalar an adjoint or tangent of this differentiable type is written in. */
  public Type realScalar() {
    return scalar() == FLOAT ? FLOAT : DOUBLE;
  }

  /** The primitive number types: {@code double}, {@code float} and the integral ones. */
  public boolean isNumeric() {
    return this == DOUBLE || this == FLOAT || isIntegral();
  }

  /** {@code long}, {@code int}, {@code short}, {@code byte} and {@code char}. */
  public boolean isIntegral() {
    return this == LONG || this == INT || this == SHORT || this == BYTE || this == CHAR;
  }

  /** Java's binary numeric promotion (JLS 5.6): double, float, long, else int. */
  public static Type promote(Type a, Type b) {
    if (a == DOUBLE || b == DOUBLE) {
      return DOUBLE;
    }
    if (a == FLOAT || b == FLOAT) {
      return FLOAT;
    }
    return a == LONG || b == LONG ? LONG : INT;
  }

  /** Java's unary numeric promotion: {@code byte}, {@code short} and {@code char} become int. */
  public static Type promote(Type a) {
    return a == SHORT || a == BYTE || a == CHAR ? INT : a;
  }

  /**
   * Whether a value of this type may be stored in {@code target} without a cast: the same type,
   * or Java's widening primitive conversions (JLS 5.1.2).
   */
  public boolean widensTo(Type target) {
    if (this == target) {
      return true;
    }
    return switch (this) {
      case BYTE -> target == SHORT || target == INT || target == LONG || target == FLOAT
          || target == DOUBLE;
      case SHORT, CHAR -> target == INT || target == LONG || target == FLOAT || target == DOUBLE;
      case INT -> target == LONG || target == FLOAT || target == DOUBLE;
      case LONG -> target == FLOAT || target == DOUBLE;
      case FLOAT -> target == DOUBLE;
      default -> false;
    };
  }
}
