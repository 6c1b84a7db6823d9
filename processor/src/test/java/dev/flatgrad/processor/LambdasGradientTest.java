package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lambdas passed to the integrators, solvers and searches of this file, as numeric Java passes
 * integrands and objectives ({@code simpson(x -> Math.exp(-a * x * x), 0, 1, 64)}), or held in a
 * local: each call of the lambda is translated where it happens, with the locals it captured.
 * Values, gradients, tangents and Hessian-vector products against central differences of the
 * user's method, and closed forms where there are.
 */
class LambdasGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.ofMembers("Lambdas", """
        interface Objective {
          double value(double x);
        }

        record Point(double x, double y) {
          Point plus(Point o) {
            return new Point(x + o.x, y + o.y);
          }
        }

        interface Field {
          Point at(Point p);
        }

        /** Composite Simpson's rule over [lo, hi] with n (even) intervals. */
        static double simpson(java.util.function.DoubleUnaryOperator f, double lo, double hi,
            int n) {
          double h = (hi - lo) / n;
          double sum = f.applyAsDouble(lo) + f.applyAsDouble(hi);
          for (int i = 1; i < n; i++) {
            double x = lo + i * h;
            sum += (i % 2 == 0 ? 2 : 4) * f.applyAsDouble(x);
          }
          return sum * h / 3;
        }

        /** Golden-section search for a minimum of f on [a, b]. */
        private static double goldenMinimum(Objective f, double a, double b, int iterations) {
          final double ratio = (Math.sqrt(5) - 1) / 2;
          double c = b - ratio * (b - a);
          double d = a + ratio * (b - a);
          for (int k = 0; k < iterations; k++) {
            if (f.value(c) < f.value(d)) {
              b = d;
            } else {
              a = c;
            }
            c = b - ratio * (b - a);
            d = a + ratio * (b - a);
          }
          return f.value((a + b) / 2);
        }

        /** Passes its integrand on to another integrator. */
        static double twoHalves(java.util.function.DoubleUnaryOperator f, double hi) {
          return simpson(f, 0, hi / 2, 8) + simpson(f, hi / 2, hi, 8);
        }

        /** Euler steps of a planar field given as a lambda over records. */
        static Point flow(Field field, Point start, double dt, int steps) {
          Point p = start;
          for (int s = 0; s < steps; s++) {
            Point v = field.at(p);
            p = p.plus(new Point(dt * v.x(), dt * v.y()));
          }
          return p;
        }

        @Differentiable
        static double gaussian(double a, double hi) {
          return simpson(x -> Math.exp(-a * x * x), 0, hi, 16);
        }

        /** simpson's counter i, inlined inside an enhanced for whose own counter came first. */
        @Differentiable
        static double perSample(double[] xs, double a) {
          double s = 0;
          for (double x : xs) {
            s += simpson(t -> Math.exp(-a * t * t) * x, 0, 1, 8);
          }
          return s;
        }

        @Differentiable
        static double fitted(double[] w, double shift) {
          return goldenMinimum(t -> (t - w[0]) * (t - w[0]) * w[1] + Math.sin(t + shift), -2, 3, 20);
        }

        @Differentiable
        static double heldInLocals(double x, double y, double s) {
          java.util.function.DoubleUnaryOperator square = t -> t * t * s;
          Objective kink = t -> {
            if (t < 0) {
              return -t * s;
            }
            return square.applyAsDouble(t) + 1;
          };
          return square.applyAsDouble(x) + kink.value(y) + kink.value(-y);
        }

        @Differentiable
        static double passedOn(double b, double hi) {
          double scale = b * b;
          return twoHalves(x -> scale * Math.cos(b * x), hi);
        }

        @Differentiable
        static double rotation(double omega, double x0, double y0) {
          Point end = flow(p -> new Point(-omega * p.y(), omega * p.x()), new Point(x0, y0), 0.01,
              50);
          return end.x() * end.x() + 2 * end.y();
        }
        """);
  }

  @Test
  void anIntegrandCapturingAParameter() {
    check.check("gaussian", 0.7, 1.5);
    SecondOrderTest.checkHessianVector(check.code(), "p.Lambdas", "gaussian", 0.7, 1.5);
    // d/da of Simpson's rule is Simpson's rule of the integrand's derivative, -x^2 e^(-a x^2).
    double a = 0.7;
    double hi = 1.5;
    int n = 16;
    double h = hi / n;
    double sum = 0;
    for (int i = 0; i <= n; i++) {
      double x = i * h;
      double weight = i == 0 || i == n ? 1 : i % 2 == 0 ? 2 : 4;
      sum += weight * -x * x * Math.exp(-a * x * x);
    }
    assertThat((double) check.gradient("gaussian", a, hi).get("a")).isWithin(1e-13)
        .of(sum * h / 3);
  }

  @Test
  void anIntegratorInsideAnEnhancedFor() {
    check.check("perSample", new double[] {0.5, -1.2, 2.0}, 0.8);
    SecondOrderTest.checkHessianVector(check.code(), "p.Lambdas", "perSample",
        new double[] {0.5, -1.2, 2.0}, 0.8);
  }

  @Test
  void anObjectiveOfAUserInterfaceInASearchWithBranches() {
    check.check("fitted", new double[] {0.4, 1.5}, 0.3);
    SecondOrderTest.checkHessianVector(check.code(), "p.Lambdas", "fitted",
        new double[] {0.4, 1.5}, 0.3);
  }

  @Test
  void lambdasHeldInLocalsWithAnEarlyReturn() {
    check.check("heldInLocals", 0.8, 0.6, 1.3);
    check.check("heldInLocals", -0.8, -0.6, 0.5);
    SecondOrderTest.checkHessianVector(check.code(), "p.Lambdas", "heldInLocals", 0.8, 0.6,
        1.3);
  }

  @Test
  void aLambdaPassedOnToAnotherMethod() {
    check.check("passedOn", 1.1, 2.0);
    SecondOrderTest.checkHessianVector(check.code(), "p.Lambdas", "passedOn", 1.1, 2.0);
  }

  @Test
  void aLambdaOverRecordsSteppedInALoop() {
    check.check("rotation", 0.9, 1.0, 0.5);
    SecondOrderTest.checkHessianVector(check.code(), "p.Lambdas", "rotation", 0.9, 1.0, 0.5);
  }

  @Test
  void theGeneratedCodeHoldsNoFunctionObject() {
    String source = check.code().generatedMethodSource("p.LambdasGrad", "Gaussian gaussian(");
    assertThat(source).doesNotContain("->");
    assertThat(source).doesNotContain("applyAsDouble");
    assertThat(source).contains("Math.exp(");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupported")
  void unsupportedLambdasAreReported(String what, String members, String message) {
    MarkedSource.assertOnlyError(what, members, message);
  }

  static Stream<Arguments> unsupported() {
    return Stream.of(
        Arguments.of("a method reference", """
            static double apply(java.util.function.DoubleUnaryOperator f, double x) {
              return f.applyAsDouble(x);
            }

            @Differentiable
            static double f(double x) {
              return apply(Math::sin, x); //!
            }
            """, "write it as a lambda, as in x -> f(x)"),
        Arguments.of("a recursive integrator", """
            static double adaptive(java.util.function.DoubleUnaryOperator f, double a, double b,
                int depth) {
              double m = (a + b) / 2;
              if (depth == 0) {
                return (b - a) * (f.applyAsDouble(a) + 4 * f.applyAsDouble(m)
                    + f.applyAsDouble(b)) / 6;
              }
              return adaptive(f, a, m, depth - 1) + adaptive(f, m, b, depth - 1); //!
            }

            @Differentiable
            static double f(double x) {
              return adaptive(t -> t * x, 0, 1, 3);
            }
            """, "adaptive calls itself"));
  }
}
