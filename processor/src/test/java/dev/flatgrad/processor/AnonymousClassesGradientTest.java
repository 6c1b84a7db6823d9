package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Objects of anonymous classes, as library code written before lambdas makes them: Commons
 * Math's continued fraction ({@code new ContinuedFraction() { getA, getB }} whose inherited
 * {@code evaluate} calls them), an integrand as {@code new DoubleUnaryOperator() {...}}, a model
 * with two methods passed to Newton's method, an interface's default method calling the
 * anonymous class's. Each call is translated where it happens, with the locals the object
 * captured. Values, gradients, tangents and Hessian-vector products against central differences
 * of the user's method, and closed forms where there are.
 */
class AnonymousClassesGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.ofMembers("Anonymous", """
        /** b0 + a1 / (b1 + a2 / (b2 + ...)), evaluated by the modified Lentz algorithm. */
        abstract static class ContinuedFraction {
          private static final double SMALL = 1e-50;

          protected abstract double getA(int n, double x);

          protected abstract double getB(int n, double x);

          public double evaluate(double x, double epsilon, int maxIterations) {
            double hPrev = getA(0, x);
            if (Math.abs(hPrev) < SMALL) {
              hPrev = SMALL;
            }
            int n = 1;
            double dPrev = 0.0;
            double cPrev = hPrev;
            double hN = hPrev;
            while (n < maxIterations) {
              final double a = getA(n, x);
              final double b = getB(n, x);
              double dN = a + b * dPrev;
              if (Math.abs(dN) < SMALL) {
                dN = SMALL;
              }
              double cN = a + b / cPrev;
              if (Math.abs(cN) < SMALL) {
                cN = SMALL;
              }
              dN = 1 / dN;
              final double deltaN = cN * dN;
              hN = hPrev * deltaN;
              if (Math.abs(deltaN - 1.0) < epsilon) {
                break;
              }
              dPrev = dN;
              cPrev = cN;
              hPrev = hN;
              n++;
            }
            if (n >= maxIterations) {
              throw new ArithmeticException("no convergence in " + maxIterations);
            }
            return hN;
          }
        }

        interface Model {
          double value(double t);

          double slope(double t);
        }

        interface Curve {
          double at(double t);

          default double mean(int n) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
              sum += at((i + 0.5) / n);
            }
            return sum / n;
          }
        }

        static double logGamma(double x) {
          double[] c = {76.18009172947146, -86.50532032941677, 24.01409824083091,
              -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5};
          double y = x;
          double tmp = x + 5.5;
          tmp -= (x + 0.5) * Math.log(tmp);
          double series = 1.000000000190015;
          for (int j = 0; j < 6; j++) {
            series += c[j] / ++y;
          }
          return -tmp + Math.log(2.5066282746310005 * series / x);
        }

        /** The regularized incomplete beta function, as Commons Math evaluates it for small x. */
        @Differentiable
        static double regularizedBeta(double x, final double a, final double b) {
          ContinuedFraction fraction = new ContinuedFraction() {
            @Override
            protected double getB(int n, double x) {
              final double ret;
              final double m;
              if (n % 2 == 0) {
                m = n / 2.0;
                ret = (m * (b - m) * x) / ((a + (2 * m) - 1) * (a + (2 * m)));
              } else {
                m = (n - 1.0) / 2.0;
                ret = -((a + m) * (a + b + m) * x) / ((a + (2 * m)) * (a + (2 * m) + 1.0));
              }
              return ret;
            }

            @Override
            protected double getA(int n, double x) {
              return 1.0;
            }
          };
          double logBeta = logGamma(a) + logGamma(b) - logGamma(a + b);
          return Math.exp(a * Math.log(x) + b * Math.log1p(-x) - Math.log(a) - logBeta)
              / fraction.evaluate(x, 1e-15, 10_000);
        }

        static double simpson(java.util.function.DoubleUnaryOperator f, double lo, double hi,
            int n) {
          double h = (hi - lo) / n;
          double sum = f.applyAsDouble(lo) + f.applyAsDouble(hi);
          for (int i = 1; i < n; i++) {
            sum += (i % 2 == 0 ? 2 : 4) * f.applyAsDouble(lo + i * h);
          }
          return sum * h / 3;
        }

        @Differentiable
        static double gaussianMass(double s, double hi) {
          return simpson(new java.util.function.DoubleUnaryOperator() {
            @Override
            public double applyAsDouble(double t) {
              return Math.exp(-t * t / (2 * s * s));
            }
          }, 0, hi, 16);
        }

        /** One anonymous class's method calls another object's method of the same name. */
        @Differentiable
        static double composed(double a, double x) {
          java.util.function.DoubleUnaryOperator inner =
              new java.util.function.DoubleUnaryOperator() {
            public double applyAsDouble(double t) {
              return Math.sin(a * t);
            }
          };
          java.util.function.DoubleUnaryOperator outer =
              new java.util.function.DoubleUnaryOperator() {
            public double applyAsDouble(double t) {
              return inner.applyAsDouble(t) * t;
            }
          };
          return outer.applyAsDouble(x) + simpson(outer, 0, x, 8);
        }

        static double newton(Model model, double start, int steps) {
          double t = start;
          for (int k = 0; k < steps; k++) {
            t -= model.value(t) / model.slope(t);
          }
          return t;
        }

        /** The root of t^3 + p t - q found by Newton's method: d/dq is 1 / (3 t^2 + p). */
        @Differentiable
        static double cubicRoot(double p, double q) {
          Model cubic = new Model() {
            public double value(double t) {
              return t * t * t + p * t - q;
            }

            public double slope(double t) {
              return 3 * t * t + p;
            }
          };
          return newton(cubic, 1.0, 30);
        }

        @Differentiable
        static double meanOfCurve(double k, double c) {
          Curve curve = new Curve() {
            @Override
            public double at(double t) {
              if (t < c) {
                return k * t;
              }
              return Math.sin(k * t) + c;
            }
          };
          return curve.mean(10) + curve.at(c / 2);
        }
        """);
  }

  @Test
  void commonsMathsContinuedFractionForTheIncompleteBeta() {
    check.check("regularizedBeta", 0.3, 2.0, 3.0);
    check.check("regularizedBeta", 0.2, 1.7, 4.4);
    SecondOrderTest.checkHessianVector(check.code(), "p.Anonymous", "regularizedBeta", 0.3,
        2.0, 3.0);
    // For a = 2, b = 3: I_x = 6x^2(1-x)^2 + 4x^3(1-x) + x^4, and dI/dx = 12 x (1-x)^2.
    double x = 0.3;
    assertThat(check.value("regularizedBeta", x, 2.0, 3.0)).isWithin(1e-12)
        .of(6 * x * x * (1 - x) * (1 - x) + 4 * x * x * x * (1 - x) + x * x * x * x);
    assertThat((double) check.gradient("regularizedBeta", x, 2.0, 3.0).get("x"))
        .isWithin(1e-9).of(12 * x * (1 - x) * (1 - x));
  }

  @Test
  void anIntegrandWrittenAsAnAnonymousClass() {
    check.check("gaussianMass", 0.8, 1.2);
    SecondOrderTest.checkHessianVector(check.code(), "p.Anonymous", "gaussianMass", 0.8, 1.2);
  }

  @Test
  void anObjectsMethodCallingAnotherObjectsMethodOfTheSameName() {
    check.check("composed", 0.9, 1.4);
    SecondOrderTest.checkHessianVector(check.code(), "p.Anonymous", "composed", 0.9, 1.4);
  }

  @Test
  void aModelWithTwoMethodsPassedToNewtonsMethod() {
    check.check("cubicRoot", 2.0, 3.0);
    SecondOrderTest.checkHessianVector(check.code(), "p.Anonymous", "cubicRoot", 2.0, 3.0);
    double t = check.value("cubicRoot", 2.0, 3.0);
    assertThat(t).isWithin(1e-12).of(1.0); // 1 + 2 - 3 = 0
    assertThat((double) check.gradient("cubicRoot", 2.0, 3.0).get("q")).isWithin(1e-12)
        .of(1 / (3 * t * t + 2.0));
  }

  @Test
  void aDefaultMethodCallsTheAnonymousClassesMethod() {
    check.check("meanOfCurve", 1.3, 0.42);
    check.check("meanOfCurve", 0.7, 0.07);
    SecondOrderTest.checkHessianVector(check.code(), "p.Anonymous", "meanOfCurve", 1.3, 0.42);
  }

  @Test
  void theGeneratedCodeMakesNoObject() {
    String source = check.code().generatedMethodSource("p.AnonymousGrad",
        "RegularizedBeta regularizedBeta(");
    assertThat(source).doesNotContain("new ContinuedFraction");
    assertThat(source).doesNotContain("evaluate(");
    assertThat(source).contains("Math.log1p(");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupported")
  void unsupportedAnonymousClassesAreReported(String what, String members, String message) {
    MarkedSource.assertOnlyError(what, members, message);
  }

  static Stream<Arguments> unsupported() {
    return Stream.of(
        Arguments.of("a field of the anonymous class", """
            interface Counter {
              double next(double x);
            }

            @Differentiable
            static double f(double x) {
              Counter c = new Counter() {
                int calls = 0; //!

                public double next(double y) {
                  return y * 2;
                }
              };
              return c.next(x);
            }
            """, "an anonymous class with a field is not supported"),
        Arguments.of("a superclass with instance fields", """
            abstract static class Shifted {
              double shift = 1;

              abstract double at(double x);
            }

            @Differentiable
            static double f(double x) {
              Shifted s = new Shifted() { //!
                double at(double y) {
                  return y + shift;
                }
              };
              return s.at(x);
            }
            """, "an anonymous subclass of Shifted is not supported"),
        Arguments.of("an overload of the overriding method in the anonymous class", """
            abstract static class Shape {
              abstract double at(double x);
            }

            @Differentiable
            static double f(double x) {
              Shape s = new Shape() {
                double at(double y) {
                  return y * x;
                }

                double at(int k) { //!
                  return k * x;
                }
              };
              return s.at(x);
            }
            """, "the anonymous class has two methods at with 1 parameters"),
        Arguments.of("the object used as a value", """
            interface Curve {
              double at(double t);
            }

            @Differentiable
            static double f(double x) {
              Curve c = new Curve() {
                public double at(double t) {
                  return t * x;
                }
              };
              Curve d = c; //!
              return d.at(2);
            }
            """, "c is an object of an anonymous class"));
  }
}
