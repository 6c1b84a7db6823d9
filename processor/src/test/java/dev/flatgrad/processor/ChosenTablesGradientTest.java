package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Local arrays that choose among tables held in fields, as quadrature and special-function code
 * picks its coefficients: assigned in the cases of a switch, chosen with {@code ?:}, reassigned
 * inside a loop after reads the reverse pass needs (the tape saves which table), and passed on.
 * Values, gradients, tangents and Hessian-vector products against central differences of the
 * user's method; Gauss–Legendre quadrature of a cubic against the closed form.
 */
class ChosenTablesGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.of(GeneratedCode.compile("p.Tables", """
        package p;

        import dev.flatgrad.Differentiable;

        class Tables {
          private static final double[] NODES_2 = {-0.5773502691896257, 0.5773502691896257};
          private static final double[] WEIGHTS_2 = {1.0, 1.0};
          private static final double[] NODES_3 = {-0.7745966692414834, 0.0, 0.7745966692414834};
          private static final double[] WEIGHTS_3 =
              {0.5555555555555556, 0.8888888888888888, 0.5555555555555556};
          static final double[] P = {1.0, -0.5, 0.25, 2.0};
          static final double[] Q = {0.5, 1.5, -1.0, 0.75};
          static final int[] FORWARD = {0, 1, 2, 3};
          static final int[] BACKWARD = {3, 2, 1, 0};
          static final double[][] ROTATE = {{0.0, -1.0}, {1.0, 0.0}};
          static final double[][] SHEAR = {{1.0, 0.5}, {0.0, 1.0}};

          /** Gauss–Legendre quadrature of k x^3 + x^2 over [a, b], its rule chosen by a switch. */
          @Differentiable
          static double gaussLegendre(double a, double b, double k, int points) {
            double[] nodes;
            double[] weights;
            switch (points) {
              case 2:
                nodes = NODES_2;
                weights = WEIGHTS_2;
                break;
              case 3:
                nodes = NODES_3;
                weights = WEIGHTS_3;
                break;
              default:
                throw new IllegalArgumentException("no rule with " + points + " points");
            }
            double half = 0.5 * (b - a);
            double mid = 0.5 * (a + b);
            double sum = 0;
            for (int i = 0; i < nodes.length; i++) {
              double x = mid + half * nodes[i];
              sum += weights[i] * (k * x * x * x + x * x);
            }
            return half * sum;
          }

          /** The same choice by an arrow switch and ?:, read by an enhanced for and a helper. */
          @Differentiable
          static double arrowsAndConditional(double x, int points, boolean fine) {
            double[] nodes;
            switch (points) {
              case 2 -> nodes = NODES_2;
              default -> nodes = NODES_3;
            }
            double[] weights = fine ? WEIGHTS_3 : WEIGHTS_2;
            double s = 0;
            for (double w : weights) {
              s += w * Math.sin(x * w);
            }
            return s + weightedSum(nodes, x);
          }

          @Differentiable
          static double weightedSum(double[] c, double x) {
            double s = 0;
            for (int i = 0; i < c.length; i++) {
              s += c[i] * Math.exp(c[i] * x);
            }
            return s;
          }

          /** Horner's rule whose coefficients change table inside the loop, after reads. */
          @Differentiable
          static double switchingHorner(double x, double t) {
            double[] coeffs = P;
            double y = 0;
            for (int i = 0; i < 4; i++) {
              if (y * t > 0.3) {
                coeffs = Q;
              } else if (y * t < -0.3) {
                coeffs = P;
              }
              y = y * x + coeffs[i] * Math.sin(y + t);
            }
            return y;
          }

          /** A choice declared in each iteration of a loop whose reverse is not fused. */
          @Differentiable
          static double perIteration(double[] x, double s) {
            double total = 1;
            for (int j = 0; j < x.length; j++) {
              double[] c = j % 2 == 0 ? P : Q;
              int[] order = x[j] > 0 ? FORWARD : BACKWARD;
              total = total * Math.tanh(c[order[j % 4]] * x[j] * s) + total * 0.5;
            }
            return total;
          }

          static final class Other {
            static final double[] A = {0.3, -0.6, 1.2};
            static final double[] B = {-1.1, 0.4, 0.9};
          }

          /** An alias of a choice keeps its table when the choice moves on; qualified tables. */
          @Differentiable
          static double aliasKeepsItsTable(double x, boolean later) {
            double[] t = P;
            double[] before = t;
            if (later) {
              t = Q;
            }
            double[] u = later ? Other.A : Tables.Other.B;
            return before[1] * x * x + t[2] * Math.sin(x) + u[2] * Math.exp(0.5 * x);
          }

          /** A switch expression yielding tables. */
          @Differentiable
          static double switchExpression(double x, int k) {
            double[] t = switch (k) {
              case 0 -> P;
              case 1 -> {
                double[] chosen = x > 0 ? Q : P;
                yield chosen;
              }
              default -> Other.B;
            };
            double s = 0;
            for (int i = 0; i < t.length; i++) {
              s = s * Math.cos(x) + t[i] * Math.sin(x * t[i]);
            }
            return s;
          }

          /** A matrix table and an int table, chosen by if/else; one choice copies another. */
          @Differentiable
          static double matrices(double[] v, boolean rotate) {
            double[][] m;
            if (rotate) {
              m = ROTATE;
            } else {
              m = SHEAR;
            }
            double[][] same = m;
            double r0 = same[0][0] * v[0] + m[0][1] * v[1];
            double r1 = m[1][0] * v[0] + m[1][1] * v[1];
            return r0 * r0 * r1 + Math.exp(r1);
          }
        }
        """), "p.Tables");
  }

  @Test
  void gaussLegendreChosenByASwitch() {
    for (int points : new int[] {2, 3}) {
      check.check("gaussLegendre", 0.3, 1.7, 0.8, points);
      SecondOrderTest.checkHessianVector(check.code(), "p.Tables", "gaussLegendre", 0.3, 1.7,
          0.8, points);
    }
  }

  @Test
  void gaussLegendreIntegratesTheCubicExactly() {
    double a = -0.4;
    double b = 1.3;
    double k = 0.7;
    var gradient = check.gradient("gaussLegendre", a, b, k, 2);
    // Two Gauss points integrate cubics exactly: d/db = f(b), d/da = -f(a), d/dk = (b^4-a^4)/4.
    assertThat((double) gradient.get("b")).isWithin(1e-12).of(k * b * b * b + b * b);
    assertThat((double) gradient.get("a")).isWithin(1e-12).of(-(k * a * a * a + a * a));
    assertThat((double) gradient.get("k")).isWithin(1e-12)
        .of((Math.pow(b, 4) - Math.pow(a, 4)) / 4);
  }

  @Test
  void anUnsupportedRuleThrowsTheUsersException() {
    Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class,
        () -> check.gradient("gaussLegendre", 0.0, 1.0, 1.0, 5));
    while (thrown.getCause() != null) {
      thrown = thrown.getCause();
    }
    assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
    assertThat(thrown).hasMessageThat().isEqualTo("no rule with 5 points");
  }

  @Test
  void arrowSwitchesConditionalsEnhancedForAndHelpers() {
    for (boolean fine : new boolean[] {true, false}) {
      check.check("arrowsAndConditional", 0.6, 3, fine);
      SecondOrderTest.checkHessianVector(check.code(), "p.Tables", "arrowsAndConditional", 0.6,
          2, fine);
    }
  }

  @Test
  void aTableChangedInsideALoopIsSavedByNumber() {
    for (double[] point : new double[][] {{0.7, 0.9}, {-1.2, 0.4}, {1.5, -0.3}, {0.2, -2.0}}) {
      check.check("switchingHorner", point[0], point[1]);
      SecondOrderTest.checkHessianVector(check.code(), "p.Tables", "switchingHorner", point[0],
          point[1]);
    }
    String source = check.code().generatedMethodSource("p.TablesGrad",
        "SwitchingHorner switchingHorner(");
    assertThat(source).contains("= coeffs == P ? 0 : 1;");
    assertThat(source).containsMatch("coeffs = coeffsTable\\w* == 0 \\? P : Q;");
  }

  @Test
  void aChoiceDeclaredInEachIteration() {
    double[] x = {0.5, -1.0, 2.0, -0.25, 1.5};
    check.check("perIteration", x, 1.3);
    SecondOrderTest.checkHessianVector(check.code(), "p.Tables", "perIteration", x, 1.3);
  }

  @Test
  void anAliasKeepsTheTableItWasGiven() {
    for (boolean later : new boolean[] {true, false}) {
      check.check("aliasKeepsItsTable", 0.9, later);
      SecondOrderTest.checkHessianVector(check.code(), "p.Tables", "aliasKeepsItsTable", 0.9,
          later);
    }
    // d/dx at x = 0 with later: before[1] = P[1] times 0, Q[2] cos 0 = -1, A[2] / 2 = 0.6.
    assertThat((double) check.gradient("aliasKeepsItsTable", 0.0, true).get("x"))
        .isWithin(1e-15).of(-1.0 + 0.6);
  }

  @Test
  void aSwitchExpressionYieldingTables() {
    for (int k = 0; k < 3; k++) {
      for (double x : new double[] {0.7, -0.4}) {
        check.check("switchExpression", x, k);
        SecondOrderTest.checkHessianVector(check.code(), "p.Tables", "switchExpression", x, k);
      }
    }
  }

  @Test
  void matrixTablesChosenByIfElse() {
    for (boolean rotate : new boolean[] {true, false}) {
      check.check("matrices", new double[] {0.4, -0.7}, rotate);
      SecondOrderTest.checkHessianVector(check.code(), "p.Tables", "matrices",
          new double[] {0.4, -0.7}, rotate);
    }
  }

  @Test
  void theGeneratedCodeChoosesAsTheUserDid() {
    String source = check.code().generatedMethodSource("p.TablesGrad",
        "GaussLegendre gaussLegendre(");
    assertThat(source).contains("nodes = NODES_3;");
    assertThat(source).contains("weights = WEIGHTS_3;");
    assertThat(source).contains("weights[i] *");
    assertThat(source).doesNotContain("saved[");
    assertThat(check.code().generatedMethodSource("p.TablesGrad",
        "ArrowsAndConditional arrowsAndConditional("))
        .contains("double[] weights = fine ? WEIGHTS_3 : WEIGHTS_2;");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupported")
  void unsupportedChoicesAreAPositionedError(String what, String members, String message) {
    MarkedSource.assertOnlyError(what, members, message);
  }

  static Stream<Arguments> unsupported() {
    return Stream.of(
        Arguments.of("a write into a chosen table", """
            static final double[] A = {1, 2};
            static final double[] B = {3, 4};
            @Differentiable
            static double f(double x, boolean b) {
              double[] t = b ? A : B;
              t[0] = x; //!
              return t[0] * x;
            }
            """, "this assignment would change t, which refers to a table held in a field"),
        Arguments.of("a write through an alias of a table", """
            static final double[] A = {1, 2};
            @Differentiable
            static double f(double x) {
              double[] a = A;
              a[1] += x; //!
              return a[1] * x;
            }
            """, "this assignment would change a, which refers to a table held in a field"),
        Arguments.of("Arrays.sort of a chosen table", """
            static final double[] A = {3, 1};
            static final double[] B = {2, 4};
            @Differentiable
            static double f(double x, boolean b) {
              double[] t = b ? A : B;
              java.util.Arrays.sort(t); //!
              return t[0] * x;
            }
            """, "Arrays.sort would change t"),
        Arguments.of("Arrays.fill of a table field", """
            static final double[] A = {3, 1};
            @Differentiable
            static double f(double x) {
              java.util.Arrays.fill(A, x); //!
              return A[0] * x;
            }
            """, "Arrays.fill would change A"),
        Arguments.of("System.arraycopy into a chosen table, from a table", """
            static final double[] A = {3, 1};
            static final double[] B = {2, 4};
            @Differentiable
            static double f(double x, boolean b) {
              double[] t = A;
              if (b) {
                t = B;
              }
              System.arraycopy(A, 0, t, 0, 1); //!
              return t[0] * x;
            }
            """, "System.arraycopy would change t"),
        Arguments.of("a void helper writing into a chosen table", """
            static final double[] A = {3, 1};
            static final double[] B = {2, 4};
            static void scale(double[] a, double s) {
              for (int i = 0; i < a.length; i++) {
                a[i] *= s;
              }
            }
            @Differentiable
            static double f(double x, boolean b) {
              double[] t = b ? A : B;
              scale(t, x); //!
              return t[0] * x;
            }
            """, "scale (which writes into its parameter a) would change t"),
        Arguments.of("a choice that includes a parameter", """
            static final double[] A = {1, 2};
            @Differentiable
            static double f(double[] x, boolean b) {
              double[] t = A;
              if (b) {
                t = x; //!
              }
              return t[0] * x[1];
            }
            """, "supports only for tables held in fields (static arrays), not for x"),
        Arguments.of("a switch expression yielding parameters", """
            @Differentiable
            static double f(double[] w, double[] v, int k) {
              double[] t = switch (k) {
                case 0 -> w; //!
                default -> v;
              };
              return t[0] * t[1];
            }
            """, "this switch expression chooses among arrays, which flatgrad supports only for"
            + " tables held in fields (static arrays), not for w"),
        Arguments.of("a choice changed while an enhanced for iterates it", """
            static final double[] A = {1, 2};
            static final double[] B = {3, 4};
            @Differentiable
            static double f(double x, boolean b) {
              double[] t = A; //!
              double s = 0;
              for (double e : t) {
                s += e * x;
                t = B;
              }
              return s;
            }
            """, "allocate"));
  }
}
