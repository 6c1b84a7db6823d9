package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * A {@code private static final} field of the user's code that the generated class cannot read,
 * so it declares its own copy, computed once the same way: {@code private static final double
 * HALF_LOG_2_PI = 0.5 * Math.log(2 * Math.PI);} or a table {@code {1.0, 2.5, ...}}.
 *
 * @param name the copy's name in the generated class
 * @param type its type
 * @param initial how it is initialized
 * @param objectType for a field holding an object (a logger), its class; else null
 */
public record StaticField(String name, Type type, Initial initial, ClassId objectType) {

  /** A copy of a number, boolean or table. */
  public StaticField(String name, Type type, Initial initial) {
    this(name, type, initial, null);
  }

  /**
   * An initializer: an expression built from literals, arithmetic, Math calls and constants
   * ({@code value} set), or an array initializer {@code {...}} of such ({@code elements} set).
   */
  public record Initial(Expr value, List<Initial> elements) {
    public Initial {
      elements = elements == null ? null : List.copyOf(elements);
    }

    public static Initial of(Expr value) {
      return new Initial(value, null);
    }

    public static Initial of(List<Initial> elements) {
      return new Initial(null, elements);
    }
  }
}
