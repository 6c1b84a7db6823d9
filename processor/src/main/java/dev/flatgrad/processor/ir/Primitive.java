package dev.flatgrad.processor.ir;

/**
 * The library functions a differentiable method may call. Their derivatives live in one table,
 * {@code dev.flatgrad.processor.ad.DerivativeTable}.
 */
public enum Primitive {
  EXP(Owner.MATH, "exp", 1),
  LOG(Owner.MATH, "log", 1),
  LOG10(Owner.MATH, "log10", 1),
  LOG1P(Owner.MATH, "log1p", 1),
  EXPM1(Owner.MATH, "expm1", 1),
  SQRT(Owner.MATH, "sqrt", 1),
  CBRT(Owner.MATH, "cbrt", 1),
  POW(Owner.MATH, "pow", 2),
  SIN(Owner.MATH, "sin", 1),
  COS(Owner.MATH, "cos", 1),
  TAN(Owner.MATH, "tan", 1),
  ASIN(Owner.MATH, "asin", 1),
  ACOS(Owner.MATH, "acos", 1),
  ATAN(Owner.MATH, "atan", 1),
  ATAN2(Owner.MATH, "atan2", 2),
  SINH(Owner.MATH, "sinh", 1),
  COSH(Owner.MATH, "cosh", 1),
  TANH(Owner.MATH, "tanh", 1),
  ABS(Owner.MATH, "abs", 1),
  MAX(Owner.MATH, "max", 2),
  MIN(Owner.MATH, "min", 2),
  HYPOT(Owner.MATH, "hypot", 2),
  FLOOR(Owner.MATH, "floor", 1),
  CEIL(Owner.MATH, "ceil", 1),
  RINT(Owner.MATH, "rint", 1),
  /** {@code long} of a double, {@code int} of a float, as in Java: a step. */
  ROUND(Owner.MATH, "round", 1),
  SIGNUM(Owner.MATH, "signum", 1),
  ULP(Owner.MATH, "ulp", 1),
  COPY_SIGN(Owner.MATH, "copySign", 2),
  FMA(Owner.MATH, "fma", 3),
  TO_RADIANS(Owner.MATH, "toRadians", 1),
  TO_DEGREES(Owner.MATH, "toDegrees", 1),
  SCALB(Owner.MATH, "scalb", 2),
  IEEE_REMAINDER(Owner.MATH, "IEEEremainder", 2),
  FLOOR_MOD(Owner.MATH, "floorMod", 2),
  FLOOR_DIV(Owner.MATH, "floorDiv", 2),
  SIGMOID(Owner.ACTIVATIONS, "sigmoid", 1),
  RELU(Owner.ACTIVATIONS, "relu", 1),
  SOFTPLUS(Owner.ACTIVATIONS, "softplus", 1),
  LEAKY_RELU(Owner.ACTIVATIONS, "leakyRelu", 2);

  /**
   * The class that declares a primitive. {@code StrictMath} declares every {@code Math}
   * primitive too; a call names it with {@link Expr.Call#strict()}.
   */
  public enum Owner {
    MATH("java.lang.Math"),
    STRICT_MATH("java.lang.StrictMath"),
    ACTIVATIONS("dev.flatgrad.Activations");

    private final String qualifiedName;

    Owner(String qualifiedName) {
      this.qualifiedName = qualifiedName;
    }

    public String qualifiedName() {
      return qualifiedName;
    }
  }

  private final Owner owner;
  private final String methodName;
  private final int arity;

  Primitive(Owner owner, String methodName, int arity) {
    this.owner = owner;
    this.methodName = methodName;
    this.arity = arity;
  }

  public Owner owner() {
    return owner;
  }

  public String methodName() {
    return methodName;
  }

  public int arity() {
    return arity;
  }

  /**
   * Whether Java has an {@code int} overload that all-{@code int} arguments select, so the call
   * is {@code int} data: {@code abs}, {@code max}, {@code min}, {@code floorMod}, {@code floorDiv}.
   */
  public boolean hasIntOverload() {
    return this == ABS || this == MAX || this == MIN || this == FLOOR_MOD || this == FLOOR_DIV;
  }

  /** The primitive {@code owner.methodName}, or null if there is none. */
  public static Primitive find(Owner owner, String methodName) {
    Owner declaring = owner == Owner.STRICT_MATH ? Owner.MATH : owner;
    for (Primitive primitive : values()) {
      if (primitive.owner == declaring && primitive.methodName.equals(methodName)) {
        return primitive;
      }
    }
    return null;
  }
}
