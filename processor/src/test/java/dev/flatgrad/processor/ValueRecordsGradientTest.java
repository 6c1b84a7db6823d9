package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records held as values in a body, as numeric Java writes complex numbers and small vectors:
 * {@code Complex z = new Complex(x, y); z = z.times(w);}, methods of the record, static factories,
 * helpers making or taking records, records inside records, in loops, loop conditions and
 * branches. Values, gradients, tangents and Hessian-vector products against central differences
 * of the user's method, and closed forms where there are.
 */
class ValueRecordsGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.ofMembers("Values", """
        record Complex(double re, double im) {
          static final Complex ONE = new Complex(1, 0);

          static Complex polar(double r, double theta) {
            return new Complex(r * Math.cos(theta), r * Math.sin(theta));
          }

          Complex plus(Complex o) {
            return new Complex(re + o.re, im + o.im);
          }

          Complex times(Complex o) {
            return new Complex(re * o.re - im * o.im, re * o.im() + im * o.re());
          }

          Complex times(double s) {
            return new Complex(s * re, s * im);
          }

          Complex conj() {
            return new Complex(re, -im);
          }

          double abs2() {
            return re * re + im * im;
          }

          double abs() {
            return Math.hypot(re, im);
          }

          Complex exp() {
            double m = Math.exp(re);
            return new Complex(m * Math.cos(im), m * Math.sin(im));
          }

          Complex sqrt() {
            if (re == 0 && im == 0) {
              return new Complex(0, 0);
            }
            double r = Math.sqrt(abs());
            double theta = Math.atan2(im, re) / 2;
            return polar(r, theta);
          }

          /** Smith's division, which avoids overflow: two branches, each returning. */
          Complex divide(Complex o) {
            if (Math.abs(o.re) >= Math.abs(o.im)) {
              double q = o.im / o.re;
              double d = o.re + o.im * q;
              return new Complex((re + im * q) / d, (im - re * q) / d);
            } else {
              double q = o.re / o.im;
              double d = o.re * q + o.im;
              return new Complex((re * q + im) / d, (im * q - re) / d);
            }
          }
        }

        private record Vec3(double x, double y, double z) {
          static Vec3 of(double[] a) {
            return new Vec3(a[0], a[1], a[2]);
          }

          Vec3 minus(Vec3 o) {
            return new Vec3(x - o.x, y - o.y, z - o.z);
          }

          Vec3 scale(double s) {
            return new Vec3(s * x, s * y, s * z);
          }

          Vec3 cross(Vec3 o) {
            return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
          }

          double dot(Vec3 o) {
            return x * o.x + y * o.y + z * o.z;
          }

          double norm() {
            return Math.sqrt(dot(this));
          }

          Vec3 normalized() {
            double n = norm();
            if (n == 0) {
              return this;
            }
            return scale(1 / n);
          }
        }

        record Particle(Vec3 pos, Vec3 vel) {
          Particle step(Vec3 force, double dt) {
            Vec3 v = new Vec3(vel.x() + dt * force.x(), vel.y() + dt * force.y(),
                vel.z() + dt * force.z());
            return new Particle(new Vec3(pos.x + dt * v.x, pos.y + dt * v.y, pos.z + dt * v.z), v);
          }
        }

        static double dot(Vec3 a, Vec3 b) {
          return a.x() * b.x() + a.y() * b.y() + a.z() * b.z();
        }

        static Complex square(Complex z) {
          return z.times(z);
        }

        /** Complex numbers as a small immutable class, as pre-record Java writes them. */
        static final class Cplx {
          private final double re;
          private final double im;

          Cplx(double re, double im) {
            this.re = re;
            this.im = im;
          }

          Cplx(double re) {
            this(re, 0.0);
          }

          Cplx times(Cplx o) {
            return new Cplx(re * o.re - im * o.im, re * o.im + im * o.re);
          }

          Cplx plus(Cplx o) {
            return new Cplx(re + o.re, im + o.im);
          }

          double abs2() {
            return re * re + im * im;
          }
        }

        /** Welford's running mean and variance: an object whose fields change. */
        static final class RunningStats {
          private int n;
          private double mean;
          private double m2 = 0.0;

          void add(double x) {
            n++;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
          }

          double variance() {
            return n > 1 ? m2 / (n - 1) : 0.0;
          }
        }

        /** A mass on a spring, stepped by symplectic Euler through its own methods. */
        static class Particle1 {
          double x;
          double v;
          final double mass;

          Particle1(double x, double v, double mass) {
            this.x = x;
            this.v = v;
            this.mass = mass;
          }

          void step(double force, double dt) {
            v += force / mass * dt;
            x += v * dt;
          }

          double energy(double k) {
            return 0.5 * mass * v * v + 0.5 * k * x * x;
          }
        }

        /** A record whose compact constructor validates and normalizes. */
        record Direction(double dx, double dy) {
          Direction {
            if (!(dx != 0 || dy != 0)) {
              throw new IllegalArgumentException("zero direction");
            }
            double n = Math.hypot(dx, dy);
            dx = dx / n;
            dy = dy / n;
          }
        }

        @Differentiable
        static double escapeClass(double cx, double cy, int n) {
          Cplx c = new Cplx(cx, cy);
          Cplx z = new Cplx(0.5);
          for (int i = 0; i < n; i++) {
            z = z.times(z).plus(c);
          }
          return z.abs2();
        }

        @Differentiable
        static double sampleVariance(double[] xs, double shift) {
          RunningStats stats = new RunningStats();
          for (double x : xs) {
            stats.add(x * shift);
          }
          return stats.variance();
        }

        @Differentiable
        static double springEnergy(double x0, double v0, double k, int steps) {
          Particle1 p = new Particle1(x0, v0, 2.0);
          double dt = 0.01;
          for (int i = 0; i < steps; i++) {
            p.step(-k * p.x, dt);
          }
          return p.energy(k);
        }

        @Differentiable
        static double projection(double ax, double ay, double bx, double by) {
          Direction d = new Direction(ax, ay);
          return bx * d.dx() + by * d.dy();
        }

        /** A record whose methods read its own constants, table and static helper. */
        record Scaled(double v) {
          private static final double EPS = 1e-12;
          static final double[] WEIGHTS = {0.5, 2.0};

          private static double sq(double x) {
            return x * x;
          }

          double softAbs() {
            return Math.sqrt(sq(v) + EPS) * WEIGHTS[1];
          }
        }

        static final double OFFSET = 0.25;

        @Differentiable
        static double ownNames(double x, double y) {
          Scaled s = new Scaled(x - y);
          java.util.function.DoubleUnaryOperator shifted = t -> t + OFFSET;
          return s.softAbs() + shifted.applyAsDouble(new Scaled(y).softAbs());
        }

        /** The characteristic-function pattern: complex exp, sqrt and division in a sum. */
        @Differentiable
        static double characteristic(double kappa, double theta, double sigma, double u) {
          Complex iu = new Complex(0, u);
          Complex d = iu.times(iu).plus(new Complex(kappa * kappa, -sigma * u)).sqrt();
          Complex g = new Complex(kappa, 0).plus(d.times(-1)).divide(new Complex(kappa, 0).plus(d));
          Complex e = d.times(-theta).exp();
          Complex ratio = Complex.ONE.plus(g.times(e).times(-1))
              .divide(Complex.ONE.plus(g.times(-1)));
          return ratio.abs() + square(ratio).re();
        }

        /** A complex power by repeated multiplication, reassigned in a loop. */
        @Differentiable
        static double power(double x, double y, int n) {
          Complex z = new Complex(x, y);
          Complex p = Complex.ONE;
          for (int k = 0; k < n; k++) {
            p = p.times(z);
          }
          return p.re() + 2 * p.im();
        }

        /** A loop whose condition calls a record's method, as an escape-time iteration does. */
        @Differentiable
        static double escape(double cx, double cy) {
          Complex c = new Complex(cx, cy);
          Complex z = new Complex(0, 0);
          int n = 0;
          while (z.abs2() < 4 && n < 6) {
            z = z.times(z).plus(c);
            n++;
          }
          return z.abs2() + n;
        }

        /** Records chosen by a branch and by ?:, declared before their value. */
        @Differentiable
        static double branches(double x, double y) {
          Complex z = new Complex(x, y);
          Complex w;
          if (x > 0) {
            w = z.conj();
          } else {
            w = new Complex(y, x);
          }
          Complex u = y > x ? z.times(w) : w.plus(z);
          var v = new Complex(u.im(), u.re());
          for (int k = 0; k < 2; k++) {
            v = new Complex(v.im() * 0.5, v.re() + x);
          }
          return v.re() * v.im() + u.abs();
        }

        /** Vectors: factories from arrays, cross and dot products, normalization. */
        @Differentiable
        static double geometry(double[] a, double[] b, double[] c) {
          Vec3 p = Vec3.of(a);
          Vec3 q = Vec3.of(b);
          Vec3 r = Vec3.of(c);
          Vec3 n = q.minus(p).cross(r.minus(p));
          double area = 0.5 * n.norm();
          return area + dot(n.normalized(), r) + p.cross(q).dot(r);
        }

        /** Records inside records, stepped in a loop. */
        @Differentiable
        static double trajectory(double[] x0, double[] v0, double dt, int steps) {
          Particle p = new Particle(Vec3.of(x0), Vec3.of(v0));
          for (int s = 0; s < steps; s++) {
            Vec3 force = p.pos().scale(-1.0).minus(p.vel().scale(0.1 * p.vel().norm()));
            p = p.step(force, dt);
          }
          return 0.5 * p.vel().dot(p.vel()) + 0.5 * p.pos().dot(p.pos());
        }
        """);
  }

  @Test
  void complexArithmeticAsInACharacteristicFunction() {
    check.check("characteristic", 1.5, 0.8, 0.4, 0.7);
    check.check("characteristic", 0.9, 1.2, 0.3, -1.1);
    SecondOrderTest.checkHessianVector(check.code(), "p.Values", "characteristic",
        1.5, 0.8, 0.4, 0.7);
  }

  @Test
  void aComplexPowerMatchesTheClosedForm() {
    for (int n : new int[] {0, 1, 5}) {
      check.check("power", 0.6, -0.3, n);
      SecondOrderTest.checkHessianVector(check.code(), "p.Values", "power", 0.6, -0.3, n);
    }
    // Re(z^5) + 2 Im(z^5), z = r e^(i phi): d/dx through the closed form 5 z^4.
    double x = 0.6;
    double y = -0.3;
    double r = Math.hypot(x, y);
    double phi = Math.atan2(y, x);
    double fourRe = Math.pow(r, 4) * Math.cos(4 * phi);
    double fourIm = Math.pow(r, 4) * Math.sin(4 * phi);
    // f = Re(z^5) + 2 Im(z^5); df/dx = Re(5 z^4) + 2 Im(5 z^4), df/dy = -Im(5 z^4) + 2 Re(5 z^4)
    var gradient = check.gradient("power", x, y, 5);
    assertThat((double) gradient.get("x")).isWithin(1e-12).of(5 * fourRe + 10 * fourIm);
    assertThat((double) gradient.get("y")).isWithin(1e-12).of(-5 * fourIm + 10 * fourRe);
  }

  @Test
  void aLoopConditionCallsARecordMethod() {
    check.check("escape", 0.25, 0.3);
    check.check("escape", -1.2, 0.2);
    check.check("escape", 0.9, 0.9);
    SecondOrderTest.checkHessianVector(check.code(), "p.Values", "escape", 0.25, 0.3);
  }

  @Test
  void recordsChosenByBranches() {
    check.check("branches", 0.7, -0.4);
    check.check("branches", -0.5, 0.8);
    check.check("branches", 0.2, 0.9);
    SecondOrderTest.checkHessianVector(check.code(), "p.Values", "branches", 0.2, 0.9);
  }

  @Test
  void vectorsMadeFromArrays() {
    double[] a = {0.1, 0.2, 0.3};
    double[] b = {1.0, -0.5, 0.4};
    double[] c = {0.3, 0.9, -0.7};
    check.check("geometry", a, b, c);
    SecondOrderTest.checkHessianVector(check.code(), "p.Values", "geometry", a, b, c);
  }

  @Test
  void recordsInsideRecordsSteppedInALoop() {
    double[] x0 = {1.0, 0.0, 0.5};
    double[] v0 = {0.0, 0.8, -0.2};
    for (int steps : new int[] {1, 10}) {
      check.check("trajectory", x0, v0, 0.05, steps);
      SecondOrderTest.checkHessianVector(check.code(), "p.Values", "trajectory", x0, v0, 0.05,
          steps);
    }
  }

  @Test
  void aSmallImmutableClassWithTwoConstructors() {
    check.check("escapeClass", 0.2, -0.3, 4);
    SecondOrderTest.checkHessianVector(check.code(), "p.Values", "escapeClass", 0.2, -0.3, 4);
  }

  @Test
  void anObjectWhoseFieldsChangeAccumulatesInALoop() {
    double[] xs = {0.5, 1.5, -0.25, 2.0, 0.75};
    check.check("sampleVariance", xs, 1.3);
    SecondOrderTest.checkHessianVector(check.code(), "p.Values", "sampleVariance", xs, 1.3);
    // The sample variance of shift * x is shift^2 times that of x: d/dxs = 2 shift^2 (x - mean)
    // / (n - 1).
    var gradient = check.gradient("sampleVariance", xs, 1.3);
    double mean = 0;
    for (double x : xs) {
      mean += x / xs.length;
    }
    double[] g = (double[]) gradient.get("xs");
    for (int i = 0; i < xs.length; i++) {
      assertThat(g[i]).isWithin(1e-12).of(2 * 1.3 * 1.3 * (xs[i] - mean) / (xs.length - 1));
    }
  }

  @Test
  void anObjectSteppedByItsOwnMethods() {
    check.check("springEnergy", 1.0, 0.5, 4.0, 25);
    SecondOrderTest.checkHessianVector(check.code(), "p.Values", "springEnergy", 1.0, 0.5, 4.0,
        25);
  }

  @Test
  void aCompactConstructorNormalizesAndValidates() {
    check.check("projection", 3.0, 4.0, 0.5, -2.0);
    SecondOrderTest.checkHessianVector(check.code(), "p.Values", "projection", 3.0, 4.0, 0.5,
        -2.0);
    var thrown = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> check.gradient("projection", 0.0, 0.0, 1.0, 1.0));
    Throwable cause = thrown;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(IllegalArgumentException.class);
    assertThat(cause).hasMessageThat().isEqualTo("zero direction");
  }

  @Test
  void methodsOfARecordReadItsOwnConstantsAndHelpers() {
    check.check("ownNames", 0.7, -0.4);
    SecondOrderTest.checkHessianVector(check.code(), "p.Values", "ownNames", 0.7, -0.4);
  }

  @Test
  void generatedCodeHoldsTheNumbersNotTheRecord() {
    String source = check.code().generatedMethodSource("p.ValuesGrad", "Power power(");
    assertThat(source).contains("double z_re = x;");
    assertThat(source).contains("double z_im = y;");
    assertThat(source).doesNotContain("Complex");
    String swap = check.code().generatedMethodSource("p.ValuesGrad", "Branches branches(");
    // v = new Complex(v.im() * 0.5, v.re() + x) in a loop: the second number reads the old v_re,
    // so it is computed before v_re is overwritten.
    assertThat(swap).containsMatch("double (t\\d+) = v_re \\+ x;\\s+v_re = v_im \\* 0.5;\\s+v_im = \\1;");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupported")
  void unsupportedRecordsAreReportedWhereTheyAreUsed(String what, String members,
      String message) {
    MarkedSource.assertOnlyError(what, members, message);
  }

  static Stream<Arguments> unsupported() {
    return Stream.of(
        Arguments.of("an object whose fields change, shared", """
            static final class Counter {
              double total;

              void add(double x) {
                total += x;
              }
            }

            @Differentiable
            static double f(double x) {
              Counter a = new Counter();
              Counter b = a; //!
              b.add(x);
              return a.total;
            }
            """, "a is an object whose fields change"),
        Arguments.of("a record's method in an assert's message", """
            record Pair(double a, double b) {
              double sum() {
                return a + b;
              }
            }

            @Differentiable
            static double f(double x) {
              Pair p = new Pair(x, x);
              assert p.a() > -1e9 : "sum " + p.sum(); //!
              return p.a();
            }
            """, "Java evaluates the message only when the condition fails"),
        Arguments.of("a method without source", """
            record Pair(double a, double b) {}

            @Differentiable
            static double f(double x) {
              Pair p = new Pair(x, x);
              return x + p.hashCode(); //!
            }
            """, "hashCode has no source in this file"),
        Arguments.of("a recursive method", """
            record Pair(double a, double b) {
              Pair halve(int n) {
                return n == 0 ? this : new Pair(a / 2, b / 2).halve(n - 1); //!
              }
            }

            @Differentiable
            static double f(double x) {
              Pair p = new Pair(x, x).halve(3);
              return p.a();
            }
            """, "halve calls itself"),
        Arguments.of("a record holding an array", """
            record Samples(double[] values) {}

            @Differentiable
            static double f(double[] x) {
              Samples s = new Samples(x); //!
              return s.values()[0];
            }
            """, "component values of Samples has type double[]"));
  }
}
