package dev.flatgrad.processor.ad;

import static dev.flatgrad.processor.ad.Algebra.ZERO;
import static dev.flatgrad.processor.ad.Algebra.add;
import static dev.flatgrad.processor.ad.Algebra.call;
import static dev.flatgrad.processor.ad.Algebra.choose;
import static dev.flatgrad.processor.ad.Algebra.compare;
import static dev.flatgrad.processor.ad.Algebra.divide;
import static dev.flatgrad.processor.ad.Algebra.literal;
import static dev.flatgrad.processor.ad.Algebra.multiply;
import static dev.flatgrad.processor.ad.Algebra.negate;
import static dev.flatgrad.processor.ad.Algebra.subtract;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Expr.Literal;
import dev.flatgrad.processor.ir.Primitive;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOperator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every derivative flatgrad knows, in one place: for an operation {@code r = op(a, b, ...)} and
 * the adjoint {@code g} of {@code r}, the contribution {@code g * ∂r/∂arg} to the adjoint of one
 * argument. Rules may use the result {@code r} where that is cheaper than recomputing, as the
 * lecture does for the sigmoid: {@code g * (1 - r) * r}.
 */
public final class DerivativeTable {

  /** The contribution of one primitive to the adjoint of its argument number {@code index}. */
  @FunctionalInterface
  private interface Rule {
    Expr contribution(int index, List<Expr> x, Expr r, Expr g);
  }

  private static final Map<Primitive, Rule> PRIMITIVES = new EnumMap<>(Primitive.class);

  /** The piecewise-constant primitives: no argument carries a derivative through them. */
  private static final Set<Primitive> STEPS = EnumSet.of(Primitive.FLOOR, Primitive.CEIL,
      Primitive.RINT, Primitive.ROUND, Primitive.SIGNUM, Primitive.ULP, Primitive.FLOOR_MOD,
      Primitive.FLOOR_DIV);

  static {
    rule(Primitive.EXP, (i, x, r, g) -> multiply(g, r));
    rule(Primitive.LOG, (i, x, r, g) -> divide(g, x.get(0)));
    rule(Primitive.LOG10, (i, x, r, g) ->
        divide(g, multiply(x.get(0), Literal.ofDouble(Math.log(10)))));
    rule(Primitive.LOG1P, (i, x, r, g) -> divide(g, add(literal(1), x.get(0))));
    rule(Primitive.EXPM1, (i, x, r, g) -> multiply(g, add(r, literal(1))));
    rule(Primitive.SQRT, (i, x, r, g) -> divide(g, multiply(literal(2), r)));
    rule(Primitive.CBRT, (i, x, r, g) -> divide(g, multiply(multiply(literal(3), r), r)));
    // r = x^y, with JAX's conventions at zero, where the plain rules give 0 · ∞ = NaN:
    // ∂r/∂x = y · x^(y-1), but 0 where y = 0 (x^0 is constant; an exponent that is a literal
    // integer steps down to x^0 = 1, so second derivatives stay finite too);
    // ∂r/∂y = r · log x, but 0 where x = 0 (0^y is constant for y > 0).
    rule(Primitive.POW, (i, x, r, g) -> i == 0
        ? unlessZero(x.get(1),
            multiply(multiply(g, x.get(1)), power(x.get(0), subtract(x.get(1), literal(1)))))
        : unlessZero(x.get(0), multiply(multiply(g, r), call(Primitive.LOG, x.get(0)))));
    rule(Primitive.SIN, (i, x, r, g) -> multiply(g, call(Primitive.COS, x.get(0))));
    rule(Primitive.COS, (i, x, r, g) -> multiply(negate(g), call(Primitive.SIN, x.get(0))));
    rule(Primitive.TAN, (i, x, r, g) -> multiply(g, add(literal(1), multiply(r, r))));
    rule(Primitive.ASIN, (i, x, r, g) -> divide(g, squareRootOfOneMinusSquare(x.get(0))));
    rule(Primitive.ACOS, (i, x, r, g) -> divide(negate(g), squareRootOfOneMinusSquare(x.get(0))));
    rule(Primitive.ATAN, (i, x, r, g) ->
        divide(g, add(literal(1), multiply(x.get(0), x.get(0)))));
    // r = atan2(y, x): ∂r/∂y = x / (x² + y²), ∂r/∂x = -y / (x² + y²).
    rule(Primitive.ATAN2, (i, x, r, g) -> divide(
        multiply(i == 0 ? g : negate(g), x.get(1 - i)),
        add(multiply(x.get(1), x.get(1)), multiply(x.get(0), x.get(0)))));
    rule(Primitive.SINH, (i, x, r, g) -> multiply(g, call(Primitive.COSH, x.get(0))));
    rule(Primitive.COSH, (i, x, r, g) -> multiply(g, call(Primitive.SINH, x.get(0))));
    rule(Primitive.TANH, (i, x, r, g) -> multiply(g, subtract(literal(1), multiply(r, r))));
    rule(Primitive.ABS, (i, x, r, g) ->
        choose(compare(BinaryOperator.LESS, x.get(0), literal(0)), negate(g), g));
    // max and min route the whole gradient to the argument they returned (ties: the first).
    rule(Primitive.MAX, (i, x, r, g) ->
        route(routesToFirst(Primitive.MAX, x.get(0), x.get(1)), i, g));
    rule(Primitive.MIN, (i, x, r, g) ->
        route(routesToFirst(Primitive.MIN, x.get(0), x.get(1)), i, g));
    rule(Primitive.HYPOT, (i, x, r, g) -> divide(multiply(g, x.get(i)), r));
    // Step functions are flat wherever they have a derivative; at their jumps flatgrad takes
    // the derivative 0, as JAX does for floor, ceil, round and sign.
    for (Primitive step : STEPS) {
      rule(step, (i, x, r, g) -> zeroLike(g));
    }
    // r = copySign(m, s) = |m| · sign(s): ∂r/∂m = sign(m) · sign(s), with sign(±0) = ±1 as
    // copySign reads it; the sign of s is a step, so ∂r/∂s = 0.
    rule(Primitive.COPY_SIGN, (i, x, r, g) -> i == 0
        ? multiply(g, multiply(call(Primitive.COPY_SIGN, Algebra.ONE, x.get(0)),
            call(Primitive.COPY_SIGN, Algebra.ONE, x.get(1))))
        : zeroLike(g));
    // r = fma(a, b, c) = a · b + c.
    rule(Primitive.FMA, (i, x, r, g) -> i == 2 ? g : multiply(g, x.get(1 - i)));
    rule(Primitive.TO_RADIANS, (i, x, r, g) -> multiply(g, Literal.ofDouble(Math.PI / 180)));
    rule(Primitive.TO_DEGREES, (i, x, r, g) -> multiply(g, Literal.ofDouble(180 / Math.PI)));
    // r = scalb(d, k) = d · 2^k exactly, so g · 2^k is scalb(g, k); k is an int.
    rule(Primitive.SCALB, (i, x, r, g) -> i == 0
        ? new Expr.Call(Primitive.SCALB, List.of(g, x.get(1)), g.type()) : zeroLike(g));
    // r = IEEEremainder(a, b) = a - b · n with n = rint(a / b) an integer, a step in a and b.
    rule(Primitive.IEEE_REMAINDER, (i, x, r, g) -> remainder(i, x, r, g));
    rule(Primitive.SIGMOID, (i, x, r, g) -> multiply(multiply(g, subtract(literal(1), r)), r));
    rule(Primitive.RELU, (i, x, r, g) ->
        choose(compare(BinaryOperator.GREATER, x.get(0), literal(0)), g, zeroLike(g)));
    rule(Primitive.SOFTPLUS, (i, x, r, g) -> multiply(g, call(Primitive.SIGMOID, x.get(0))));
    rule(Primitive.LEAKY_RELU, (i, x, r, g) -> i == 0
        ? choose(compare(BinaryOperator.GREATER, x.get(0), literal(0)), g, multiply(g, x.get(1)))
        : choose(compare(BinaryOperator.GREATER, x.get(0), literal(0)), zeroLike(g),
            multiply(g, x.get(0))));
  }

  private DerivativeTable() {}

  /**
   * The contribution of {@code r = operation} to the adjoint of the operand number {@code index},
   * given the adjoint {@code g} of {@code r}.
   */
  public static Expr contribution(Expr operation, int index, Expr r, Expr g) {
    if (operation.isSimple()) {
      return g; // a copy passes its gradient through
    }
    List<Expr> x = operation.operands();
    if (operation instanceof Expr.Call call) {
      return PRIMITIVES.get(call.function()).contribution(index, x, r, g);
    }
    if (operation instanceof Expr.Unary unary) {
      return switch (unary.operator()) {
        case NEGATE -> negate(g);
        // A cast between double and float passes the gradient through, narrowed or widened
        // where it lands (Algebra.narrow).
        case PLUS, TO_DOUBLE, TO_FLOAT -> g;
        case NOT, COMPLEMENT, TO_INT, TO_LONG, TO_SHORT, TO_BYTE, TO_CHAR ->
            throw new IllegalArgumentException("no derivative: " + operation);
      };
    }
    if (operation instanceof Expr.Binary binary) {
      return switch (binary.operator()) {
        case ADD -> g;
        case SUBTRACT -> index == 0 ? g : negate(g);
        case MULTIPLY -> multiply(g, x.get(1 - index));
        // r = a / b: ∂r/∂a = 1 / b, ∂r/∂b = -a / b² = -r / b.
        case DIVIDE -> index == 0 ? divide(g, x.get(1)) : divide(multiply(negate(g), r), x.get(1));
        // r = a % b = a - b · n with n the quotient truncated to an integer: a step.
        case REMAINDER -> remainder(index, x, r, g);
        default -> throw new IllegalArgumentException("no derivative: " + operation);
      };
    }
    throw new IllegalArgumentException("no derivative: " + operation);
  }

  /** Whether the operand number {@code index} of {@code operation} can carry a derivative. */
  public static boolean isDifferentiableOperand(Expr operation, int index) {
    if (operation instanceof Expr.StaticCall) {
      return false; // a passive call: its result carries no derivative
    }
    if (operation instanceof Expr.Unary unary) {
      // Casts to integers are steps; between double and float the derivative passes.
      return unary.operator() == UnaryOperator.NEGATE || unary.operator() == UnaryOperator.PLUS
          || unary.operator() == UnaryOperator.TO_DOUBLE
          || unary.operator() == UnaryOperator.TO_FLOAT;
    }
    if (operation instanceof Expr.Binary binary) {
      return !binary.operator().isComparison() && !binary.operator().isLogical()
          && !binary.operator().isBitwise()
          && (binary.operator() != BinaryOperator.REMAINDER || binary.type().isReal());
    }
    if (operation instanceof Expr.Call call) {
      Primitive function = call.function();
      return !STEPS.contains(function)
          && !(index == 1 && (function == Primitive.COPY_SIGN || function == Primitive.SCALB));
    }
    return !(operation instanceof Expr.Conditional) || index > 0;
  }


  private static void rule(Primitive primitive, Rule rule) {
    PRIMITIVES.put(primitive, rule);
  }

  /**
   * For {@code max} or {@code min} ({@code extreme}): the condition under which the derivative
   * goes to {@code first} rather than {@code second} (ties go to the first).
   */
  static Expr routesToFirst(Primitive extreme, Expr first, Expr second) {
    return compare(extreme == Primitive.MAX ? BinaryOperator.GREATER_EQUAL
        : BinaryOperator.LESS_EQUAL, first, second);
  }

  private static Expr route(Expr firstChosen, int index, Expr g) {
    return index == 0 ? choose(firstChosen, g, zeroLike(g)) : choose(firstChosen, zeroLike(g), g);
  }

  /** Zero in the type of the gradient {@code g}: {@code 0.0f} beside a float one. */
  private static Expr zeroLike(Expr g) {
    return Algebra.zero(g.type());
  }

  /**
   * {@code base^exponent}, written as {@code base} when the exponent is the literal one and as
   * {@code 1} when it is the literal zero.
   */
  private static Expr power(Expr base, Expr exponent) {
    if (exponent instanceof Literal literal && (literal.isOne() || literal.value() == 0)) {
      return literal.isOne() ? base : Algebra.ONE;
    }
    return call(Primitive.POW, base, exponent);
  }

  /**
   * {@code 0} where {@code factor} is zero, else {@code contribution}: for a contribution that is
   * zero in the limit where its formula gives 0 · ∞. A literal factor decides at compile time.
   */
  private static Expr unlessZero(Expr factor, Expr contribution) {
    if (factor instanceof Literal literal) {
      return literal.value() == 0 ? ZERO : contribution;
    }
    return choose(compare(BinaryOperator.EQUAL, factor, literal(0)), ZERO, contribution);
  }

  /**
   * The contribution of a remainder {@code r = a - b · n} (Java's {@code %}, or {@code
   * IEEEremainder}) whose integer quotient {@code n} is a step: {@code g} to {@code a}, {@code -g
   * · n} to {@code b}, with {@code n} recovered exactly as {@code rint((a - r) / b)}.
   */
  private static Expr remainder(int index, List<Expr> x, Expr r, Expr g) {
    if (index == 0) {
      return g;
    }
    Expr quotient = call(Primitive.RINT, divide(subtract(x.get(0), r), x.get(1)));
    return multiply(negate(g), quotient);
  }

  private static Expr squareRootOfOneMinusSquare(Expr x) {
    return call(Primitive.SQRT, subtract(literal(1), multiply(x, x)));
  }

  static {
    for (Primitive primitive : Primitive.values()) {
      if (!PRIMITIVES.containsKey(primitive)) {
        throw new AssertionError("no derivative rule for " + primitive);
      }
    }
  }
}
