package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * An expression of the IR.
 *
 * <p>Forward code is in three-address form: each double-valued operation stands alone in an
 * assignment, and its operands are {@linkplain #isSimple() simple} or passive {@code int}
 * expressions such as {@code n - 1}. Conditions and {@code int} computations stay whole trees:
 * they carry no derivative. Adjoint code uses small trees such as {@code grad_L * (1 - L) * L}.
 */
public sealed interface Expr
    permits Expr.Ref, Expr.Literal, Expr.Constant, Expr.Element, Expr.Length, Expr.NewArray,
        Expr.Zeros, Expr.Unary, Expr.Binary, Expr.Call, Expr.Invoke, Expr.Conditional, Expr.Pop,
        Expr.Component, Expr.Null, Expr.TangentCall, Expr.Copy, Expr.Field, Expr.FieldHandle,
        Expr.StaticCall, Expr.StringCall, Expr.Text, Expr.Concat {

  Type type();

  /**
   * The value a Java field of {@code type} starts with ({@code 0}, {@code 0.0}, {@code false},
   * {@code null}): what a declaration gets when its real value comes later.
   */
  static Expr defaultValue(Type type) {
    return switch (type) {
      case INT -> Literal.ofInt(0);
      case BOOLEAN -> Literal.ofBoolean(false);
      case DOUBLE -> Literal.ofDouble(0.0);
      case LONG -> new Literal(type, "0L", 0);
      case FLOAT -> new Literal(type, "0.0f", 0);
      case SHORT, BYTE, CHAR -> new Literal(type, "0", 0); // an int constant that fits
      default -> new Null(type);
    };
  }

  /** The operands, left to right. */
  default List<Expr> operands() {
    if (this instanceof Unary unary) {
      return List.of(unary.operand());
    }
    if (this instanceof Binary binary) {
      return List.of(binary.left(), binary.right());
    }
    if (this instanceof Call call) {
      return call.arguments();
    }
    if (this instanceof Invoke invoke) {
      return invoke.arguments();
    }
    if (this instanceof TangentCall call) {
      return call.arguments();
    }
    if (this instanceof StaticCall call) {
      return call.arguments();
    }
    if (this instanceof Concat concat) {
      return concat.parts();
    }
    if (this instanceof StringCall call) {
      List<Expr> all = new java.util.ArrayList<>();
      all.add(call.receiver());
      all.addAll(call.arguments());
      return all;
    }
    if (this instanceof Conditional conditional) {
      return List.of(conditional.condition(), conditional.whenTrue(), conditional.whenFalse());
    }
    return List.of();
  }

  /** Every expression read to evaluate this one: operands, array indices and dimensions. */
  default List<Expr> children() {
    if (this instanceof Element element) {
      return element.indices();
    }
    if (this instanceof Length length) {
      return List.of(length.array());
    }
    if (this instanceof NewArray newArray) {
      return newArray.dimensions();
    }
    return operands();
  }

  /** A variable, a literal or a named constant: something that costs nothing to read again. */
  default boolean isAtom() {
    return this instanceof Ref || this instanceof Literal || this instanceof Constant
        || this instanceof Field;
  }

  /** An atom or an array element: a value the forward code reads without computing it. */
  default boolean isSimple() {
    return isAtom() || this instanceof Element;
  }

  /** Reads a variable. */
  record Ref(Variable variable) implements Expr {
    @Override
    public Type type() {
      return variable.type();
    }
  }

  /** A number or boolean as written in Java source, such as {@code 2}, {@code 0.5}, {@code 1e-3}. */
  record Literal(Type type, String text, double value) implements Expr {
    public static Literal ofDouble(double value) {
      return new Literal(Type.DOUBLE, Double.toString(value), value);
    }

    /** {@code value} as a literal of {@code type}'s scalar: {@code 1.0f} for a float. */
    public static Literal ofReal(Type type, double value) {
      return type.realScalar() == Type.FLOAT
          ? new Literal(Type.FLOAT, (float) value + "f", (float) value)
          : ofDouble(value);
    }

    public static Literal ofInt(int value) {
      return new Literal(Type.INT, Integer.toString(value), value);
    }

    public static Literal ofBoolean(boolean value) {
      return new Literal(Type.BOOLEAN, Boolean.toString(value), value ? 1 : 0);
    }

    public boolean isOne() {
      return value == 1.0 && type != Type.BOOLEAN;
    }
  }

  /**
   * A {@code static final} field of a class, such as {@code Math.PI}: read by name so the
   * generated code says where the number comes from. {@code value} is its value where Java makes
   * it a constant variable (a boolean as 1 or 0), which javac folds in conditions
   * ({@link ConstantConditions}); null for a field whose value is known only at run time.
   */
  record Constant(ClassId owner, String field, Type type, Double value) implements Expr {

    /** A field read by name whose value javac does not know. */
    public Constant(ClassId owner, String field, Type type) {
      this(owner, field, type, null);
    }
  }

  /**
   * {@code self.mu}, a field of the receiver of an instance method read as data; with {@code
   * accessor}, through the record accessor {@code self.mu()} where the field itself is private.
   */
  record Field(Variable object, String name, Type type, boolean accessor) implements Expr {}

  /**
   * {@code (double) PricerGrad.discountFactor.get(self)}: a private field the generated class
   * cannot name, read through the {@link java.lang.invoke.VarHandle} it holds as the static field
   * {@code handle} of {@code owner}. {@code object} is the receiver, or null for a static field.
   * Only the first statements of a body read one, each into a local.
   */
  record FieldHandle(Variable object, ClassId owner, String handle, Type type) implements Expr {}

  /** {@code array[i]} or {@code matrix[i][j]}; with fewer indices than dimensions, a row. */
  record Element(Variable array, List<Expr> indices) implements Expr {
    public Element {
      indices = List.copyOf(indices);
    }

    @Override
    public Type type() {
      Type type = array.type();
      for (int i = 0; i < indices.size(); i++) {
        type = type.elementType();
      }
      return type;
    }

    /** The same element of another array of the same shape, such as its adjoint. */
    public Element of(Variable other) {
      return new Element(other, indices);
    }
  }

  /** {@code array.length}, where {@code array} is a {@link Ref} or a row {@link Element}. */
  record Length(Expr array) implements Expr {
    @Override
    public Type type() {
      return Type.INT;
    }
  }

  /** {@code new double[n]} or {@code new double[n][m]}, zero-filled as Java does. */
  record NewArray(Type type, List<Expr> dimensions) implements Expr {
    public NewArray {
      dimensions = List.copyOf(dimensions);
    }
  }

  /**
   * {@code array.clone()} of a {@code double[]}: a vector result kept apart from what the
   * reverse pass restores, or a vector pullback's upstream gradient taken as the seed.
   */
  record Copy(Variable array) implements Expr {
    @Override
    public Type type() {
      return array.type();
    }
  }

  /** A fresh zero array shaped like {@code array}: the initial adjoint of an array. */
  record Zeros(Variable array) implements Expr {
    @Override
    public Type type() {
      return array.type();
    }
  }

  /** {@code -x}, {@code +x}, {@code !b} and the numeric casts. */
  record Unary(UnaryOperator operator, Expr operand, Type type) implements Expr {}

  /** Arithmetic, comparison and logic on two operands. */
  record Binary(BinaryOperator operator, Expr left, Expr right, Type type) implements Expr {}

  /**
   * A call of a primitive function such as {@code Math.exp}; {@code int} for the {@code int}
   * overloads ({@code Math.abs}, {@code max}, {@code min}, {@code floorMod}, {@code floorDiv}),
   * as in Java. A {@code strict} call is the user's {@code StrictMath} one, kept so the value is
   * bit-for-bit the user's.
   */
  record Call(Primitive function, List<Expr> arguments, Type type, boolean strict)
      implements Expr {
    public Call {
      arguments = List.copyOf(arguments);
    }

    public Call(Primitive function, List<Expr> arguments, Type type) {
      this(function, arguments, type, false);
    }
  }

  /** A call of another {@code @Differentiable} method, which returns a double or a double[]. */
  record Invoke(Callee callee, List<Expr> arguments) implements Expr {
    public Invoke {
      arguments = List.copyOf(arguments);
    }

    @Override
    public Type type() {
      return callee.result();
    }
  }

  /**
   * {@code CalleeGrad.fTangent(arguments..., tangents...).tangent()}: the derivative of a call
   * along its arguments' tangents; {@code arguments} holds the call's arguments, then one
   * tangent per differentiated parameter.
   */
  record TangentCall(Callee callee, List<Expr> arguments) implements Expr {
    public TangentCall {
      arguments = List.copyOf(arguments);
    }

    @Override
    public Type type() {
      return callee.result();
    }
  }

  /**
   * {@code record.name()}: one scalar gradient out of a pullback's result, of the type of its
   * parameter ({@code double} or {@code float}); with a longer {@code path}, {@code
   * record.m().hidden().scale()}, one out of a record inside it.
   */
  record Component(Variable record, List<String> path, Type type) implements Expr {
    public Component {
      path = List.copyOf(path);
    }

    public Component(Variable record, List<String> path) {
      this(record, path, Type.DOUBLE);
    }

    public Component(Variable record, String name, Type type) {
      this(record, List.of(name), type);
    }

    public Component(Variable record, String name) {
      this(record, List.of(name), Type.DOUBLE);
    }

    /** The result's component: the first accessor. */
    public String name() {
      return path.get(0);
    }
  }

  /** {@code null}, for an array whose gradient a pullback may drop. */
  record Null(Type type) implements Expr {}

  /** {@code condition ? whenTrue : whenFalse}. */
  record Conditional(Expr condition, Expr whenTrue, Expr whenFalse, Type type) implements Expr {}

  /** The value last saved on the tape, taken off it: how the reverse pass restores a value. */
  record Pop(TapeLocals tape, Type type) implements Expr {}

  /**
   * A call of a static method flatgrad does not differentiate, whose result carries no
   * derivative: a test such as {@code Double.isNaN(x)} ({@code int} or {@code boolean}), a
   * {@code double} of passive arguments only, or a message's text. {@code site} is where the
   * user wrote it, for an error when a derivative would flow into it; null when made up.
   */
  record StaticCall(MethodRef method, List<Expr> arguments, Type type, Site site)
      implements Expr {
    public StaticCall {
      arguments = List.copyOf(arguments);
    }
  }

  /** A string literal, such as an exception's message or a switch's case label. */
  /**
   * {@code kind.equalsIgnoreCase("call")}: a method of a string value whose result is data, called
   * as written.
   */
  record StringCall(Expr receiver, String method, List<Expr> arguments, Type type)
      implements Expr {
    public StringCall {
      arguments = List.copyOf(arguments);
    }
  }

  record Text(String value) implements Expr {
    @Override
    public Type type() {
      return Type.STRING;
    }
  }

  /**
   * {@code "x must be > 0: " + x}: Java's string concatenation of {@code parts}, left to right;
   * the first or second part is a {@code String}, as Java's typing demands.
   */
  record Concat(List<Expr> parts) implements Expr {
    public Concat {
      parts = List.copyOf(parts);
    }

    @Override
    public Type type() {
      return Type.STRING;
    }
  }
}
