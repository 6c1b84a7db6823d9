package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Primitive;
import dev.flatgrad.processor.ir.Type;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.type.TypeKind;

/**
 * Java's typing rules for the primitive number types beyond {@code int} and {@code double}
 * ({@code long}, {@code float}, {@code short}, {@code byte}, {@code char}): which overload of a
 * {@code Math} function a call selects, the type of {@code ?:}, and which values a variable
 * takes without a cast.
 */
final class DataTypes {

  /** Functions with a {@code float} overload, which arguments without a double select. */
  private static final Set<Primitive> FLOAT_OVERLOADS = EnumSet.of(Primitive.SIGNUM,
      Primitive.ULP, Primitive.COPY_SIGN, Primitive.SCALB, Primitive.FMA);

  private DataTypes() {}

  /** The IR type of a primitive type, or null for {@code void} and the like. */
  static Type primitive(TypeKind kind) {
    return switch (kind) {
      case DOUBLE -> Type.DOUBLE;
      case INT -> Type.INT;
      case BOOLEAN -> Type.BOOLEAN;
      case LONG -> Type.LONG;
      case FLOAT -> Type.FLOAT;
      case SHORT -> Type.SHORT;
      case BYTE -> Type.BYTE;
      case CHAR -> Type.CHAR;
      default -> null;
    };
  }

  /** The array type of {@code long}, {@code short}, {@code byte} and {@code char} values. */
  static Type arrayOf(Type element) {
    return switch (element) {
      case LONG -> Type.LONG_ARRAY;
      case SHORT -> Type.SHORT_ARRAY;
      case BYTE -> Type.BYTE_ARRAY;
      case CHAR -> Type.CHAR_ARRAY;
      default -> throw new IllegalArgumentException("no data array of " + element);
    };
  }

  /** The result type of {@code Math.f(arguments)}: the overload Java picks for them. */
  static Type result(Primitive function, List<Expr> arguments) {
    boolean anyDouble = arguments.stream().anyMatch(a -> a.type() == Type.DOUBLE);
    if (function == Primitive.ROUND) {
      // round(double) returns long; ints, longs and floats select round(float), an int.
      return anyDouble ? Type.LONG : Type.INT;
    }
    if (function.hasIntOverload()) {
      boolean integral = arguments.stream().allMatch(a -> a.type().isIntegral());
      if (integral || function != Primitive.FLOOR_MOD && function != Primitive.FLOOR_DIV) {
        Type type = Type.INT;
        for (Expr argument : arguments) {
          type = Type.promote(type, argument.type());
        }
        return type;
      }
      return Type.DOUBLE;
    }
    if (FLOAT_OVERLOADS.contains(function)) {
      // scalb(float, int): only the first argument picks the overload.
      boolean picksDouble = function == Primitive.SCALB
          ? arguments.get(0).type() == Type.DOUBLE
          : anyDouble;
      return picksDouble ? Type.DOUBLE : Type.FLOAT;
    }
    return Type.DOUBLE; // exp, sin and the others exist for double only
  }

  /**
   * The type of {@code c ? a : b} of two numbers of different types (JLS 15.25): {@code short}
   * for a byte and a short; the smaller type where the other side is an int constant that fits
   * it; else binary numeric promotion.
   */
  static Type conditional(Expr a, Expr b) {
    Type x = a.type();
    Type y = b.type();
    if (x == Type.BYTE && y == Type.SHORT || x == Type.SHORT && y == Type.BYTE) {
      return Type.SHORT;
    }
    if (isSmall(x) && fitsConstant(b, x)) {
      return x;
    }
    if (isSmall(y) && fitsConstant(a, y)) {
      return y;
    }
    return Type.promote(x, y);
  }

  /**
   * Whether {@code value} may be assigned to a variable of {@code target} as Java allows: a
   * widening conversion, or an {@code int} constant that fits a byte, short or char.
   */
  static boolean assignable(Expr value, Type target) {
    return value.type().widensTo(target) || isSmall(target) && fitsConstant(value, target);
  }

  private static boolean isSmall(Type type) {
    return type == Type.BYTE || type == Type.SHORT || type == Type.CHAR;
  }

  /** An int literal whose value {@code type} holds, such as {@code 65} for a char. */
  private static boolean fitsConstant(Expr value, Type type) {
    if (!(value instanceof Expr.Literal literal) || literal.type() != Type.INT) {
      return false;
    }
    double v = literal.value();
    return switch (type) {
      case BYTE -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
      case SHORT -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
      case CHAR -> v >= Character.MIN_VALUE && v <= Character.MAX_VALUE;
      default -> false;
    };
  }
}
