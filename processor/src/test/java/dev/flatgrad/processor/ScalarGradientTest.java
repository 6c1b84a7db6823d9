package dev.flatgrad.processor;

import static dev.flatgrad.processor.GradientCheck.assertClose;
import static dev.flatgrad.processor.GradientCheck.at;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Straight-line scalar functions: each is compiled with the processor, and its generated gradient
 * is checked against finite differences of the user's method at several points, and where the
 * closed form is short, against that closed form written out here.
 */
class ScalarGradientTest {

  private static final List<String> X = List.of("x");
  private static final List<String> XY = List.of("x", "y");

  @Test
  void rosenbrock() {
    var f =
        GradientCheck.ofMembers(
            "Rosenbrock",
            """
            @Differentiable
            static double rosenbrock(double x, double y) {
              double a = 1 - x;
              double b = y - x * x;
              return a * a + 100 * b * b;
            }
            """);
    f.check("rosenbrock", XY, at(-1.2, 1), at(1, 1), at(0.5, -0.3), at(2, 3));

    for (double[] p : List.of(at(-1.2, 1), at(1.5, 2), at(-0.25, 0.75))) {
      double x = p[0];
      double y = p[1];
      var g = f.gradient("rosenbrock", x, y);
      assertClose("d/dx", -2 * (1 - x) - 400 * x * (y - x * x), g.get("x"));
      assertClose("d/dy", 200 * (y - x * x), g.get("y"));
    }
  }

  @Test
  void himmelblau() {
    var f =
        GradientCheck.ofMembers(
            "Himmelblau",
            """
            @Differentiable
            static double himmelblau(double x, double y) {
              double u = x * x + y - 11;
              double v = x + y * y - 7;
              return u * u + v * v;
            }
            """);
    f.check("himmelblau", XY, at(3, 2), at(-1, 1), at(0.5, -2.5), at(-3.5, -3));

    double x = -1.5;
    double y = 2.25;
    double u = x * x + y - 11;
    double v = x + y * y - 7;
    var g = f.gradient("himmelblau", x, y);
    assertClose("d/dx", 4 * x * u + 2 * v, g.get("x"));
    assertClose("d/dy", 2 * u + 4 * y * v, g.get("y"));
  }

  @Test
  void beale() {
    var f =
        GradientCheck.ofMembers(
            "Beale",
            """
            @Differentiable
            static double beale(double x, double y) {
              double xy = x * y;
              double a = 1.5 - x + xy;
              double b = 2.25 - x + xy * y;
              double c = 2.625 - x + xy * y * y;
              return a * a + b * b + c * c;
            }
            """);
    f.check("beale", XY, at(3, 0.5), at(1, 1), at(-2, 0.3), at(0.5, -1.5));

    double x = 0.75;
    double y = -1.25;
    double a = 1.5 - x + x * y;
    double b = 2.25 - x + x * y * y;
    double c = 2.625 - x + x * y * y * y;
    var g = f.gradient("beale", x, y);
    assertClose(
        "d/dx", 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1), g.get("x"));
    assertClose("d/dy", 2 * a * x + 4 * b * x * y + 6 * c * x * y * y, g.get("y"));
  }

  @Test
  void boothWithParenthesizedRepeats() {
    var f =
        GradientCheck.ofMembers(
            "Booth",
            """
            @Differentiable
            static double booth(double x, double y) {
              return (x + 2 * y - 7) * (x + 2 * y - 7) + (2 * x + y - 5) * (2 * x + y - 5);
            }
            """);
    f.check("booth", XY, at(1, 3), at(0, 0), at(-4, 2.5), at(7.5, -3));

    double x = 2;
    double y = -1;
    var g = f.gradient("booth", x, y);
    assertClose("d/dx", 2 * (x + 2 * y - 7) + 4 * (2 * x + y - 5), g.get("x"));
    assertClose("d/dy", 4 * (x + 2 * y - 7) + 2 * (2 * x + y - 5), g.get("y"));
  }

  @Test
  void logisticLossWithDataParameters() {
    var f =
        GradientCheck.ofMembers(
            "LogisticLoss",
            """
            @Differentiable(wrt = {"w", "b"})
            static double loss(double w, double b, double x, double y) {
              double z = w * x + b;
              double p = Activations.sigmoid(z);
              return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
            }
            """);
    List<double[]> points = List.of(at(0.5, -0.2, 1.5, 1), at(-1, 0.3, 2, 0), at(2, 1, -0.7, 1));
    f.check("loss", List.of("w", "b"), points.toArray(double[][]::new));

    for (double[] point : points) {
      double p = 1 / (1 + Math.exp(-(point[0] * point[2] + point[1])));
      var g = f.gradient("loss", point);
      assertClose("d/dw", (p - point[3]) * point[2], g.get("w"));
      assertClose("d/db", p - point[3], g.get("b"));
    }
  }

  @Test
  void squaredLossDifferentiatesEveryDoubleByDefault() {
    var f =
        GradientCheck.ofMembers(
            "SquaredLoss",
            """
            @Differentiable
            static double loss(double w, double b, double x, double y) {
              double r = w * x + b - y;
              return 0.5 * r * r;
            }
            """);
    f.check(
        "loss",
        List.of("w", "b", "x", "y"),
        at(0.5, -0.2, 1.5, 1),
        at(-1, 0.3, 2, -4),
        at(3, 1, -0.7, 0.25));

    double w = 1.25;
    double b = -0.5;
    double x = 3;
    double y = 2;
    double r = w * x + b - y;
    var g = f.gradient("loss", w, b, x, y);
    assertClose("d/dw", r * x, g.get("w"));
    assertClose("d/db", r, g.get("b"));
    assertClose("d/dx", r * w, g.get("x"));
    assertClose("d/dy", -r, g.get("y"));
  }

  @Test
  void blackScholesWithTanhNormalCdf() {
    var f =
        GradientCheck.ofMembers(
            "BlackScholesTanh",
            """
            // N(d) ~ (1 + tanh(sqrt(2 / pi) (d + 0.044715 d^3))) / 2
            private static final double SQRT_2_OVER_PI = 0.7978845608028654;

            @Differentiable
            static double call(double s, double k, double t, double r, double sigma) {
              double volSqrtT = sigma * Math.sqrt(t);
              double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / volSqrtT;
              double d2 = d1 - volSqrtT;
              double n1 = 0.5 * (1 + Math.tanh(SQRT_2_OVER_PI * (d1 + 0.044715 * d1 * d1 * d1)));
              double n2 = 0.5 * (1 + Math.tanh(SQRT_2_OVER_PI * (d2 + 0.044715 * d2 * d2 * d2)));
              return s * n1 - k * Math.exp(-r * t) * n2;
            }
            """);
    f.check(
        "call",
        List.of("s", "k", "t", "r", "sigma"),
        at(100, 100, 1, 0.05, 0.2),
        at(90, 100, 0.5, 0.01, 0.3),
        at(120, 100, 2, 0.03, 0.25));
  }

  @Test
  void blackScholesWithAbramowitzStegunErf() {
    // Branch-free erf: sign(z) is written z / |z|, so the points keep d1 and d2 away from 0.
    var f =
        GradientCheck.ofMembers(
            "BlackScholesErf",
            """
            private static final double P = 0.3275911;
            private static final double A1 = 0.254829592;
            private static final double A2 = -0.284496736;
            private static final double A3 = 1.421413741;
            private static final double A4 = -1.453152027;
            private static final double A5 = 1.061405429;
            private static final double SQRT2 = 1.4142135623730951;

            @Differentiable
            static double call(double s, double k, double t, double r, double sigma) {
              double volSqrtT = sigma * Math.sqrt(t);
              double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / volSqrtT;
              double d2 = d1 - volSqrtT;

              double z1 = d1 / SQRT2;
              double a1 = Math.abs(z1);
              double u1 = 1 / (1 + P * a1);
              double poly1 = u1 * (A1 + u1 * (A2 + u1 * (A3 + u1 * (A4 + u1 * A5))));
              double n1 = 0.5 * (1 + z1 / a1 * (1 - poly1 * Math.exp(-a1 * a1)));

              double z2 = d2 / SQRT2;
              double a2 = Math.abs(z2);
              double u2 = 1 / (1 + P * a2);
              double poly2 = u2 * (A1 + u2 * (A2 + u2 * (A3 + u2 * (A4 + u2 * A5))));
              double n2 = 0.5 * (1 + z2 / a2 * (1 - poly2 * Math.exp(-a2 * a2)));

              return s * n1 - k * Math.exp(-r * t) * n2;
            }
            """);
    f.check(
        "call",
        List.of("s", "k", "t", "r", "sigma"),
        at(100, 100, 1, 0.05, 0.2),
        at(80, 100, 0.5, 0.02, 0.3),
        at(130, 100, 2, 0.03, 0.25));
  }

  @Test
  void heavyFanOutOfParameterAndLocal() {
    var f =
        GradientCheck.ofMembers(
            "FanOut",
            """
            @Differentiable
            static double fanOut(double x, double y) {
              double a = x * x * x + 3 * x - Math.sin(x) * x;
              double b = x / (1 + x * x) + Math.exp(-x) * x * y;
              return a + b + x - x * y + x;
            }

            @Differentiable
            static double localFanOut(double x, double y) {
              double s = x * y;
              return s * s + s * 3 + Math.sin(s) + s / (1 + s * s) + s * s * s - s + Math.exp(s);
            }
            """);
    f.check("fanOut", XY, at(0.5, 2), at(-1.5, 0.25), at(2, -1));
    f.check("localFanOut", XY, at(0.5, 2), at(-1.5, 0.25), at(0.3, -1));

    double x = 0.7;
    double y = -1.3;
    var g = f.gradient("fanOut", x, y);
    double dx =
        3 * x * x + 3 - Math.cos(x) * x - Math.sin(x)
            + (1 - x * x) / ((1 + x * x) * (1 + x * x))
            + (1 - x) * Math.exp(-x) * y
            + 1 - y + 1;
    assertClose("d/dx", dx, g.get("x"));
    assertClose("d/dy", Math.exp(-x) * x - x, g.get("y"));
  }

  @Test
  void longReassignmentChainOfParameter() {
    var f =
        GradientCheck.ofMembers(
            "Chain",
            """
            @Differentiable
            static double iterate(double z, double c) {
              z = z * z + c;
              z = z * z + c;
              z = z * z + c;
              z = z * z + c;
              z = z * z + c;
              z = z * z + c;
              z = z * z + c;
              z = z * z + c;
              z = z * z + c;
              z = z * z + c;
              return z;
            }
            """);
    f.check("iterate", List.of("z", "c"), at(0, -1.2), at(0.3, -0.5), at(-0.2, 0.2), at(0.5, 0.1));

    // Forward-mode recurrence: z' = 2 z z' (+ 1 for c).
    double z = 0.3;
    double c = -0.5;
    double dz = 1;
    double dc = 0;
    for (int i = 0; i < 10; i++) {
      dz = 2 * z * dz;
      dc = 2 * z * dc + 1;
      z = z * z + c;
    }
    var g = f.gradient("iterate", 0.3, -0.5);
    assertClose("d/dz", dz, g.get("z"));
    assertClose("d/dc", dc, g.get("c"));
  }

  @Test
  void reassignedLocalReadsOldAndNewVersions() {
    var f =
        GradientCheck.ofMembers(
            "Versions",
            """
            @Differentiable
            static double versions(double x, double y) {
              double t = x;
              t = t * t + y;
              double old = t;
              t = Math.sin(t) * t;
              t = t / (1 + old * old);
              t = t * x - y + old;
              return t;
            }
            """);
    f.check("versions", XY, at(0.5, 2), at(-1.5, 0.25), at(2, -1), at(0.1, 0.1));
  }

  @Test
  void reassignedParameters() {
    var f =
        GradientCheck.ofMembers(
            "ReassignedParameters",
            """
            @Differentiable
            static double f(double x, double y) {
              x = x * 2;
              y = y + x;
              return x * y;
            }
            """);
    f.check("f", XY, at(0.5, 2), at(-1.5, 0.25), at(3, -1));

    // f = 2x (y + 2x) = 2xy + 4x^2
    var g = f.gradient("f", -1.25, 0.5);
    assertClose("d/dx", 2 * 0.5 + 8 * -1.25, g.get("x"));
    assertClose("d/dy", 2 * -1.25, g.get("y"));
  }

  @Test
  void compoundAssignments() {
    var f =
        GradientCheck.ofMembers(
            "Compound",
            """
            @Differentiable
            static double compound(double x, double y) {
              double s = x;
              s += y * y;
              s *= x;
              s -= 2 * y;
              s /= 1 + x * x;
              s += 1;
              s *= 2;
              x += s;
              y *= x;
              x -= y / 3;
              x /= 2;
              return s + x * y;
            }
            """);
    f.check("compound", XY, at(0.5, 2), at(-1.5, 0.25), at(2, -1), at(0.1, 0.3));
  }

  @Test
  void wrtSubsetOfTwo() {
    var f =
        GradientCheck.ofMembers(
            "OnlyX",
            """
            @Differentiable(wrt = {"x"})
            static double onlyX(double x, double y) {
              return x * y + Math.sin(y) * x * x;
            }
            """);
    f.check("onlyX", X, at(0.5, 2), at(-1.5, 0.25), at(2, -1));

    var g = f.gradient("onlyX", 1.5, 0.5);
    assertClose("d/dx", 0.5 + 2 * Math.sin(0.5) * 1.5, g.get("x"));
  }

  @Test
  void wrtSubsetOfThree() {
    var f =
        GradientCheck.ofMembers(
            "OnlyYZ",
            """
            @Differentiable(wrt = {"y", "z"})
            static double onlyYz(double x, double y, double z) {
              return x * y * z + Math.exp(x - z) + y / z;
            }
            """);
    f.check("onlyYz", List.of("y", "z"), at(0.5, 2, 1), at(-1.5, 0.25, -2), at(2, -1, 0.5));

    double x = 0.5;
    double y = 2;
    double z = 1.5;
    var g = f.gradient("onlyYz", x, y, z);
    assertClose("d/dy", x * z + 1 / z, g.get("y"));
    assertClose("d/dz", x * y - Math.exp(x - z) - y / (z * z), g.get("z"));
  }

  /** Every supported primitive, each composed with something so the chain rule is exercised. */
  static Stream<Arguments> primitives() {
    return Stream.of(
        primitiveCase("Math.exp(x * y)", at(0.5, 1.2), at(-1, 2), at(2, -0.3)),
        primitiveCase("Math.log(x * y)", at(0.5, 3), at(2, 0.1), at(-1, -4)),
        primitiveCase("Math.log10(x + y * y)", at(1, 1), at(0.1, -2), at(5, 0.5)),
        primitiveCase("Math.log1p(x * y)", at(0.5, 0.5), at(-0.5, 1.2), at(3, 2)),
        primitiveCase("Math.expm1(x - y)", at(0.001, 0.002), at(1, -1), at(-2, 0.5)),
        primitiveCase("Math.sqrt(x * x + y)", at(1, 2), at(-3, 0.5), at(0.2, 0.1)),
        primitiveCase("Math.cbrt(x * y)", at(2, 4), at(-3, 2), at(0.5, 0.7)),
        primitiveCase("Math.pow(x, y)", at(2, 3), at(0.5, -1.5), at(3, 0.25)),
        primitiveCase("Math.pow(x, 2.5) + Math.pow(y, 3)", at(2, -3), at(0.5, 1.5), at(3, 0.25)),
        primitiveCase("Math.sin(x * y)", at(0.5, 1), at(-0.7, 1.5), at(1, -3)),
        primitiveCase("Math.cos(x + y)", at(0.5, 1), at(-0.7, 1.5), at(1, -3)),
        primitiveCase("Math.tan(x * y)", at(0.5, 1), at(-0.7, 1.5), at(1, -0.3)),
        primitiveCase("Math.asin(x * y)", at(0.5, 0.5), at(-0.3, 2), at(0.9, -0.9)),
        primitiveCase("Math.acos(x * y)", at(0.5, 0.5), at(-0.3, 2), at(0.9, -0.9)),
        primitiveCase("Math.atan(x / y)", at(0.5, 0.5), at(-3, 2), at(10, -0.9)),
        primitiveCase("Math.atan2(y, x)", at(1, 1), at(-1, 2), at(-2, -0.5), at(0.5, -3)),
        primitiveCase("Math.sinh(x * y)", at(0.5, 1), at(-0.7, 1.5), at(1, -3)),
        primitiveCase("Math.cosh(x - y)", at(0.5, 1), at(-0.7, 1.5), at(1, -3)),
        primitiveCase("Math.tanh(x * y)", at(0.5, 1), at(-0.7, 1.5), at(1, -3)),
        // Kinks: points on both sides, away from the kink itself.
        primitiveCase("Math.abs(x - y) * x", at(3, 1), at(1, 3), at(-2, 0.5), at(-1, -4)),
        primitiveCase("Math.max(x * y, x + y)", at(3, 2), at(0.5, 0.5), at(-1, 2), at(2, 4)),
        primitiveCase("Math.min(x * y, x + y)", at(3, 2), at(0.5, 0.5), at(-1, 2), at(2, 4)),
        primitiveCase("Math.hypot(x, y)", at(3, 4), at(-1, 0.5), at(0.2, -2)),
        primitiveCase("Activations.sigmoid(x * y)", at(0.5, 1), at(-0.7, 1.5), at(1, -3)),
        primitiveCase("Activations.relu(x - y) * x", at(3, 1), at(1, 3), at(-2, 0.5), at(-1, -4)),
        primitiveCase("Activations.softplus(x * y)", at(2, 1), at(-1, 3), at(0.1, 0.2), at(-5, -4)),
        primitiveCase("Activations.leakyRelu(x - y, 0.1) * y", at(3, 1), at(1, 3), at(-2, -4)),
        // The slope is differentiated too: d/dslope is x below the kink, 0 above.
        primitiveCase("Activations.leakyRelu(x, y)", at(2, 0.1), at(-2, 0.1), at(-0.5, 0.3)));
  }

  private static Arguments primitiveCase(String expression, double[]... points) {
    return Arguments.of(expression, points);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("primitives")
  void primitive(String expression, double[][] points) {
    var f =
        GradientCheck.ofMembers(
            "Primitive",
            """
            @Differentiable
            static double f(double x, double y) {
              return %s;
            }
            """
                .formatted(expression));
    try {
      f.check("f", XY, points);
    } catch (AssertionError e) {
      // Surefire's summary shows the method, not the display name: name the expression.
      throw new AssertionError("f(x, y) = " + expression + "\n" + e.getMessage(), e);
    }
  }

  @Test
  void powWithNegativeBaseAndConstantExponent() {
    // The exponent is data, so its derivative (which needs log x) must not be needed.
    var f =
        GradientCheck.ofMembers(
            "Power",
            """
            @Differentiable(wrt = {"x"})
            static double power(double x, double n) {
              return Math.pow(x, n);
            }

            @Differentiable
            static double cube(double x) {
              return Math.pow(x, 3);
            }
            """);
    f.check("power", X, at(-1.5, 3), at(2, -2), at(-0.5, 4));
    f.check("cube", X, at(-1.5), at(2), at(0.7));

    assertClose("d/dx (-1.5)^3", 3 * 1.5 * 1.5, f.gradient("power", -1.5, 3).get("x"));
    assertClose("d/dx x^3 at -1.5", 3 * 1.5 * 1.5, f.gradient("cube", -1.5).get("x"));
  }

  @Test
  void nestedCalls() {
    var f =
        GradientCheck.ofMembers(
            "Nested",
            """
            @Differentiable
            static double expSin(double x, double y) {
              return Math.exp(Math.sin(x * y));
            }

            @Differentiable
            static double deep(double x, double y) {
              return Math.log(1 + Math.exp(Math.cos(Math.sqrt(x * x + y * y))));
            }
            """);
    f.check("expSin", XY, at(0.5, 2), at(-1.5, 0.25), at(2, -1));
    f.check("deep", XY, at(0.5, 2), at(-1.5, 0.25), at(2, -1));

    double x = 0.8;
    double y = -1.1;
    var g = f.gradient("expSin", x, y);
    double outer = Math.exp(Math.sin(x * y)) * Math.cos(x * y);
    assertClose("d/dx", outer * y, g.get("x"));
    assertClose("d/dy", outer * x, g.get("y"));
  }

  @Test
  void sameVariableTwiceInOneOperation() {
    var f =
        GradientCheck.ofMembers(
            "Twice",
            """
            @Differentiable
            static double square(double x) {
              return x * x;
            }

            @Differentiable
            static double everyOperator(double x, double y) {
              return x * x + (y + y) * (x - x) + y / y + x * y * x;
            }
            """);
    f.check("square", X, at(-3), at(0.5), at(7));
    f.check("everyOperator", XY, at(0.5, 2), at(-1.5, 0.25), at(2, -1));

    assertClose("d/dx x*x at -3", -6, f.gradient("square", -3).get("x"));
    var g = f.gradient("everyOperator", 1.5, -2);
    assertClose("d/dx", 2 * 1.5 + 2 * 1.5 * -2, g.get("x"));
    assertClose("d/dy", 1.5 * 1.5, g.get("y"));
  }

  @Test
  void unaryOperatorsAndParentheses() {
    var f =
        GradientCheck.ofMembers(
            "Unary",
            """
            @Differentiable
            static double unary(double x, double y) {
              return -(x - y) * +(x + -y) - -x;
            }
            """);
    f.check("unary", XY, at(0.5, 2), at(-1.5, 0.25), at(2, -1));

    // -(x - y)^2 + x
    double x = 1.25;
    double y = 3;
    var g = f.gradient("unary", x, y);
    assertClose("d/dx", -2 * (x - y) + 1, g.get("x"));
    assertClose("d/dy", 2 * (x - y), g.get("y"));
  }

  @Test
  void mathConstants() {
    var f =
        GradientCheck.ofMembers(
            "Constants",
            """
            @Differentiable
            static double f(double x, double y) {
              return Math.PI * x * x + Math.E * y - Math.PI / Math.E;
            }
            """);
    f.check("f", XY, at(0.5, 2), at(-1.5, 0.25), at(2, -1));

    var g = f.gradient("f", -0.5, 4);
    assertClose("d/dx", 2 * Math.PI * -0.5, g.get("x"));
    assertClose("d/dy", Math.E, g.get("y"));
  }

  @Test
  void classConstantsOfEveryVisibility() {
    var f =
        GradientCheck.ofSource(
            "p.Projectile",
            """
            package p;

            import dev.flatgrad.Differentiable;

            public class Projectile {
              public static final double G = 9.81;
              private static final double HALF = 0.5;
              static final double DRAG = 0.1;

              @Differentiable
              public static double height(double v0, double t) {
                return v0 * t - HALF * G * t * t - DRAG * v0 * v0 * t;
              }
            }
            """);
    f.check("height", List.of("v0", "t"), at(10, 0.5), at(3, 2), at(-1, 0.1));

    double v0 = 12;
    double t = 1.5;
    var g = f.gradient("height", v0, t);
    assertClose("d/dv0", t - 2 * 0.1 * v0 * t, g.get("v0"));
    assertClose("d/dt", v0 - 9.81 * t - 0.1 * v0 * v0, g.get("t"));
  }

  @Test
  void varAndFinalLocals() {
    var f =
        GradientCheck.ofMembers(
            "Locals",
            """
            @Differentiable
            static double locals(double x, double y) {
              var a = x * y;
              final double b = a + 1;
              final var c = b * b;
              return c / b + a;
            }
            """);
    f.check("locals", XY, at(0.5, 2), at(-1.5, 0.25), at(2, -1));

    // c / b + a = 2xy + 1
    var g = f.gradient("locals", 0.75, -2);
    assertClose("d/dx", 2 * -2, g.get("x"));
    assertClose("d/dy", 2 * 0.75, g.get("y"));
  }

  @Test
  void intParameterTimesDouble() {
    var f =
        GradientCheck.ofMembers(
            "IntParameter",
            """
            @Differentiable
            static double scaled(int n, double x) {
              return (n / 2) * x + n * x * x;
            }
            """);
    f.check("scaled", X, at(3, 1.5), at(4, -0.5), at(-5, 2), at(0, 1));

    for (int n : new int[] {3, -5, 7}) {
      double x = 1.75;
      assertClose("d/dx at n=" + n, (n / 2) + 2 * n * x, f.gradient("scaled", n, x).get("x"));
    }
  }

  @Test
  void intLocalsAndIntegerDivision() {
    var f =
        GradientCheck.ofMembers(
            "IntLocals",
            """
            @Differentiable
            static double intLocals(int n, double x) {
              int k = n * 2 + 1;
              var m = 7;
              var half = m / 2;
              double y = k * x;
              return y * x + half * x + (m / 2.0) * x + 7 / 2 * x;
            }
            """);
    f.check("intLocals", X, at(3, 1.5), at(-2, -0.5), at(0, 2));

    int n = 3;
    double x = -1.25;
    int k = n * 2 + 1;
    assertClose("d/dx", 2 * k * x + 3 + 3.5 + 3, f.gradient("intLocals", n, x).get("x"));
  }

  @Test
  void reassignedIntLocal() {
    var f =
        GradientCheck.ofMembers(
            "IntReassigned",
            """
            @Differentiable
            static double f(int n, double x) {
              int k = n;
              k /= 2;
              k -= 1;
              k *= 3;
              k += n;
              k = k * k;
              return k * x;
            }
            """);
    f.check("f", X, at(7, 1.5), at(-3, -0.5), at(4, 2));

    int k = ((7 / 2 - 1) * 3 + 7) * ((7 / 2 - 1) * 3 + 7);
    assertClose("d/dx", k, f.gradient("f", 7, 0.5).get("x"));
  }

  @Test
  void mixedIntAndDoubleLiterals() {
    var f =
        GradientCheck.ofMembers(
            "Literals",
            """
            @Differentiable
            static double f(double x, double y) {
              return (7 / 2) * x + 7 / 2.0 * y + 1 / 2 * x * y + 2 * x / 4;
            }
            """);
    f.check("f", XY, at(0.5, 2), at(-1.5, 0.25), at(2, -1));

    var g = f.gradient("f", 0.5, 2);
    assertClose("d/dx", 3 + 0.5, g.get("x"));
    assertClose("d/dy", 3.5, g.get("y"));
  }

  @Test
  void constantFunctionsHaveZeroGradient() {
    var f =
        GradientCheck.ofMembers(
            "Constant",
            """
            @Differentiable
            static double constant(double x) {
              return 3.5;
            }

            @Differentiable
            static double constantFromLocals(double x, double y) {
              double unused = x * y;
              double a = 2;
              double b = a * a + Math.PI;
              return b;
            }
            """);
    f.check("constant", X, at(-3), at(0.5), at(7));
    f.check("constantFromLocals", XY, at(0.5, 2), at(-1.5, 0.25));

    var g = f.gradient("constantFromLocals", 0.5, 2);
    assertClose("value", 4 + Math.PI, g.value());
    assertClose("d/dx", 0, g.get("x"));
    assertClose("d/dy", 0, g.get("y"));
    assertClose("d/dx", 0, f.gradient("constant", 1).get("x"));
  }

  @Test
  void returningAParameterDirectly() {
    var f =
        GradientCheck.ofMembers(
            "Identity",
            """
            @Differentiable
            static double second(double x, double y) {
              return y;
            }

            @Differentiable
            static double throughLocal(double x) {
              double a = x;
              return a;
            }
            """);
    f.check("second", XY, at(0.5, 2), at(-1.5, 0.25));
    f.check("throughLocal", X, at(-3), at(0.5));

    var g = f.gradient("second", 0.5, 2);
    assertClose("d/dx", 0, g.get("x"));
    assertClose("d/dy", 1, g.get("y"));
    assertClose("d/dx", 1, f.gradient("throughLocal", -3).get("x"));
  }

  @Test
  void logSumExpThroughMax() {
    // The max gate routes the gradient, yet the total must be the smooth softmax gradient.
    var f =
        GradientCheck.ofMembers(
            "CrossEntropy",
            """
            @Differentiable
            static double crossEntropy(double a, double b) {
              double m = Math.max(a, b);
              double lse = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
              return lse - a;
            }
            """);
    f.check("crossEntropy", List.of("a", "b"), at(1, 2), at(3, -1), at(-0.5, 0.25));

    for (double[] p : List.of(at(1, 2), at(3, -1))) {
      double softmaxA = Math.exp(p[0]) / (Math.exp(p[0]) + Math.exp(p[1]));
      var g = f.gradient("crossEntropy", p);
      assertClose("d/da", softmaxA - 1, g.get("a"));
      assertClose("d/db", 1 - softmaxA, g.get("b"));
    }
  }

  @Test
  void twoLayerNetworkLoss() {
    var f =
        GradientCheck.ofMembers(
            "Network",
            """
            @Differentiable(wrt = {"w11", "w12", "w21", "w22", "v1", "v2", "b"})
            static double loss(double w11, double w12, double w21, double w22,
                double v1, double v2, double b, double x1, double x2, double y) {
              double h1 = Math.tanh(w11 * x1 + w12 * x2);
              double h2 = Math.tanh(w21 * x1 + w22 * x2);
              double out = Activations.sigmoid(v1 * h1 + v2 * h2 + b);
              double err = out - y;
              return err * err;
            }
            """);
    f.check(
        "loss",
        List.of("w11", "w12", "w21", "w22", "v1", "v2", "b"),
        at(0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.1, 1, -1, 1),
        at(1.5, 0.5, -1, 2, 1, -1, 0, 0.5, 0.25, 0),
        at(-0.3, 0.8, 0.2, -0.6, 2, 1.5, -0.5, -2, 1, 1));
  }

  @Test
  void gaussianLogDensity() {
    var f =
        GradientCheck.ofMembers(
            "Gaussian",
            """
            @Differentiable
            static double logDensity(double x, double mu, double sigma) {
              double z = (x - mu) / sigma;
              return -0.5 * z * z - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
            }
            """);
    f.check(
        "logDensity", List.of("x", "mu", "sigma"), at(1, 0, 1), at(-2, 0.5, 0.3), at(4, 3, 2.5));

    double x = 1.5;
    double mu = -0.5;
    double sigma = 0.8;
    double z = (x - mu) / sigma;
    var g = f.gradient("logDensity", x, mu, sigma);
    assertClose("d/dx", -z / sigma, g.get("x"));
    assertClose("d/dmu", z / sigma, g.get("mu"));
    assertClose("d/dsigma", z * z / sigma - 1 / sigma, g.get("sigma"));
  }

  @Test
  void divisionChain() {
    var f =
        GradientCheck.ofMembers(
            "Division",
            """
            @Differentiable
            static double divide(double x, double y, double z) {
              return x / y / z;
            }
            """);
    f.check("divide", List.of("x", "y", "z"), at(1, 2, 4), at(-3, 0.5, -0.25), at(10, -7, 3));

    var g = f.gradient("divide", 3, 2, 5);
    assertClose("d/dx", 1.0 / 10, g.get("x"));
    assertClose("d/dy", -3.0 / (4 * 5), g.get("y"));
    assertClose("d/dz", -3.0 / (2 * 25), g.get("z"));
  }
}
