package dev.flatgrad.processor.ir;

import java.util.Collection;
import java.util.Set;

/**
 * The names of the generated records' components. A gradient component is named like its
 * parameter, except where Java forbids that name for a record component (JLS 8.10.1: the
 * accessor would override one of {@code Object}'s methods), or where the component would hide
 * the package {@code java} from the record's own methods ({@code java.util.Arrays.equals}, written
 * qualified when a local named {@code Arrays} takes the simple name): then an underscore is
 * appended, {@code wait} becoming {@code wait_}, as Java code writes a name that a keyword takes.
 * A function of the parameter names alone, so a caller's generated code finds the callee's
 * components without seeing its record.
 */
public final class RecordComponents {

  /** The names no record component may have. */
  private static final Set<String> FORBIDDEN = Set.of("clone", "finalize", "getClass",
      "hashCode", "notify", "notifyAll", "toString", "wait", "java");

  /** The component every result record starts with. */
  public static final String VALUE = "value";

  private RecordComponents() {}

  /** The component for {@code parameter}, one of a method's {@code parameters}. */
  public static String of(String parameter, Collection<String> parameters) {
    if (!FORBIDDEN.contains(parameter)) {
      return parameter;
    }
    String name = parameter + "_";
    while (parameters.contains(name) || name.equals(VALUE)) {
      name += "_";
    }
    return name;
  }

  /**
   * The component of a pullback tangent's record holding the tangent of {@code parameter}'s
   * gradient: {@code dot_} and its gradient's component, with underscores appended while that
   * names another parameter's component or {@code value}.
   */
  public static String tangentOf(String parameter, Collection<String> parameters) {
    String name = "dot_" + of(parameter, parameters);
    while (name.equals(VALUE) || parameters.contains(name)
        || !of(name, parameters).equals(name)) {
      name += "_";
    }
    return name;
  }

  /** Whether {@code parameter} gets a component named otherwise. */
  public static boolean isRenamed(String parameter) {
    return FORBIDDEN.contains(parameter);
  }
}
