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
 * @param objectType for a field holding an object (a logger, a handle), its class; else null
 * @param wrapper for a method handle, the method that calls through it; else null
 */
public record StaticField(String name, Type type, Initial initial, ClassId objectType,
    Wrapper wrapper) {

  /** A copy of a number, boolean or table. */
  public StaticField(String name, Type type, Initial initial) {
    this(name, type, initial, null, null);
  }

  /** A field holding an object of {@code objectType}. */
  public StaticField(String name, Type type, Initial initial, ClassId objectType) {
    this(name, type, initial, objectType, null);
  }

  /**
   * A private static method of the user's class that generated code calls through the method
   * handle this field holds: {@code private static int findSegment(double[] xs, double x)} of
   * the generated class calls it and returns what it returns.
   *
   * @param method the wrapper's name, the user's method's
   * @param owner the user's class
   * @param result its result type, null for void
   * @param parameterNames its parameters' names
   * @param parameterTypes and types
   */
  public record Wrapper(String method, ClassId owner, Type result, List<String> parameterNames,
      List<Type> parameterTypes) {
    public Wrapper {
      parameterNames = List.copyOf(parameterNames);
      parameterTypes = List.copyOf(parameterTypes);
    }
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
