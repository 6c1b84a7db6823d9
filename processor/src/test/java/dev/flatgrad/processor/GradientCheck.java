package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a generated gradient against the user's own method: the value bit for bit, every
 * derivative against a central finite difference, and the record's shape against the contract.
 */
final class GradientCheck {

  /** Relative part of the tolerance: far above the finite difference's truncation error. */
  private static final double RELATIVE_TOLERANCE = 1e-6;

  /**
   * Relative rounding error assumed in one evaluation of the user's method (about 45 ulps). It
   * becomes an error of {@code ROUNDOFF * |f| / h} in the finite difference.
   */
  private static final double ROUNDOFF = 1e-14;

  /** For closed-form comparisons: two straight-line evaluations of the same formula. */
  private static final double CLOSED_FORM_TOLERANCE = 1e-10;

  private final GeneratedCode code;
  private final String className;

  private GradientCheck(GeneratedCode code, String className) {
    this.code = code;
    this.className = className;
  }

  /** Compiles a whole compilation unit declaring the top-level class {@code qualifiedName}. */
  static GradientCheck ofSource(String qualifiedName, String source) {
    return new GradientCheck(GeneratedCode.compile(qualifiedName, source), qualifiedName);
  }

  /** Compiles {@code members} as the body of class {@code p.<simpleName>}, with the imports. */
  static GradientCheck ofMembers(String simpleName, String members) {
    String source =
        """
        package p;

        import dev.flatgrad.Activations;
        import dev.flatgrad.Differentiable;

        class %s {
        %s
        }
        """
            .formatted(simpleName, members);
    return ofSource("p." + simpleName, source);
  }

  /** A point, for readability at call sites: {@code at(1.0, -2.0)}. */
  static double[] at(double... coordinates) {
    return coordinates;
  }

  /** The user's method's value at {@code point}. */
  double value(String method, double... point) {
    return code.invokeUser(className, method, point);
  }

  /** The generated method's result at {@code point}. */
  Gradient gradient(String method, double... point) {
    return new Gradient(GeneratedCode.components(code.invokeGradient(className, method, point)));
  }

  /**
   * At each point: the generated value equals the user's bit for bit, the result has exactly the
   * components {@code value} and {@code wrt} (in parameter order), and each derivative agrees with
   * a central difference of the user's method. Reports every disagreement, not only the first.
   */
  void check(String method, List<String> wrt, double[]... points) {
    Method user = code.userMethod(className, method);
    List<String> expectedComponents = expectedComponents(user, wrt);
    Parameter[] parameters = user.getParameters();
    Class<?> result = code.gradientMethod(className, method).getReturnType();
    for (RecordComponent component : result.getRecordComponents()) {
      assertWithMessage("type of component %s", component.getName())
          .that(component.getType())
          .isEqualTo(double.class);
    }
    List<String> failures = new ArrayList<>();
    for (double[] point : points) {
      String where = method + " at " + Arrays.toString(point);
      Gradient gradient = gradient(method, point);
      assertWithMessage("components of the result of %s", method)
          .that(gradient.names())
          .containsExactlyElementsIn(expectedComponents)
          .inOrder();

      checkTangent(method, parameters, wrt, point, gradient, failures);
      double expected = value(method, point);
      double actual = gradient.value();
      if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual)) {
        failures.add(where + ": value() = " + actual + ", user's method returns " + expected);
      }

      for (int i = 0; i < parameters.length; i++) {
        String name = parameters[i].getName();
        if (!wrt.contains(name)) {
          continue;
        }
        double x = point[i];
        double h = 1e-6 * Math.max(1, Math.abs(x));
        double[] plus = point.clone();
        double[] minus = point.clone();
        plus[i] = x + h;
        minus[i] = x - h;
        double fPlus = value(method, plus);
        double fMinus = value(method, minus);
        // Divide by the step actually taken, which rounding may have changed.
        double step = plus[i] - minus[i];
        double finiteDifference = (fPlus - fMinus) / step;
        if (!Double.isFinite(finiteDifference)) {
          throw new IllegalArgumentException(where + ": bad test point, f is not finite near it");
        }
        double g = gradient.get(name);
        double tolerance =
            RELATIVE_TOLERANCE * Math.max(1, Math.abs(g))
                + ROUNDOFF * Math.max(Math.abs(fPlus), Math.abs(fMinus)) / (step / 2);
        if (!(Math.abs(g - finiteDifference) <= tolerance)) {
          failures.add(
              "%s: d/d%s = %s, finite difference %s (tolerance %.3g)"
                  .formatted(where, name, g, finiteDifference, tolerance));
        }
      }
    }
    if (!failures.isEmpty()) {
      fail(String.join("\n", failures));
    }
  }

  /**
   * Forward mode: {@code <method>Tangent} along a fixed direction gives the same value, and the
   * reverse-mode gradient dotted with the direction.
   */
  private void checkTangent(String method, Parameter[] parameters, List<String> wrt,
      double[] point, Gradient gradient, List<String> failures) {
    List<Object> arguments = new ArrayList<>();
    Method user = code.userMethod(className, method);
    for (int i = 0; i < point.length; i++) {
      arguments.add(user.getParameterTypes()[i] == int.class ? (Object) (int) point[i] : point[i]);
    }
    double expected = 0;
    for (int i = 0; i < parameters.length; i++) {
      if (wrt.contains(parameters[i].getName())) {
        double direction = Math.sin(1.3 * i + 0.2) + 0.1;
        arguments.add(direction);
        expected += gradient.get(parameters[i].getName()) * direction;
      }
    }
    var tangent = GeneratedCode.components(
        code.invokeTangentWith(className, method, arguments.toArray()));
    double actual = (double) tangent.get("tangent");
    if (!(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) {
      failures.add("%sTangent at %s: %s, gradient · direction %s"
          .formatted(method, Arrays.toString(point), actual, expected));
    }
    if (!tangent.get("value").equals(gradient.value())) {
      failures.add(method + "Tangent value " + tangent.get("value") + " != " + gradient.value());
    }
  }

  /** {@code value}, then the differentiated parameters in declaration order. */
  private static List<String> expectedComponents(Method user, List<String> wrt) {
    Set<String> unknown = new HashSet<>(wrt);
    List<String> components = new ArrayList<>(List.of("value"));
    for (Parameter parameter : user.getParameters()) {
      if (wrt.contains(parameter.getName())) {
        if (parameter.getType() != double.class) {
          throw new IllegalArgumentException("wrt names non-double parameter " + parameter);
        }
        components.add(parameter.getName());
        unknown.remove(parameter.getName());
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("wrt names unknown parameters " + unknown);
    }
    return components;
  }

  /** Asserts a derivative against one computed in the test from a closed form. */
  static void assertClose(String what, double expected, double actual) {
    double tolerance = CLOSED_FORM_TOLERANCE * Math.max(1, Math.abs(expected));
    if (!(Math.abs(expected - actual) <= tolerance)) {
      fail("%s: expected %s, got %s".formatted(what, expected, actual));
    }
  }

  /** The generated record, read through its components. */
  record Gradient(Map<String, Object> components) {

    List<String> names() {
      return List.copyOf(components.keySet());
    }

    double value() {
      return get("value");
    }

    double get(String name) {
      Object component = components.get(name);
      assertWithMessage("component %s of %s", name, components).that(component).isNotNull();
      assertWithMessage("component %s", name).that(component).isInstanceOf(Double.class);
      return (double) component;
    }
  }
}
