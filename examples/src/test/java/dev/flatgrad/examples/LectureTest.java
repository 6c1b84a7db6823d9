package dev.flatgrad.examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the code flatgrad generated from {@link Lecture} through its public API: against the
 * seeds' numbers, against closed-form gradients, and against central finite differences of the
 * user's own methods. Never against numbers taken from the implementation.
 */
class LectureTest {

  /** The lectures print two decimals. */
  private static final double SEED = 0.005;

  /** Closed forms and generated code may round differently, by a few ulps. */
  private static final double EXACT = 1e-12;

  @Test
  void resultRecordsHaveValueThenOneComponentPerParameter() {
    assertAll(
        () -> assertComponents(LectureGrad.twoPaths(2, 1), "value", "a", "b"),
        () -> assertComponents(LectureGrad.simple(-2, 5, -4), "value", "x", "y", "z"),
        () ->
            assertComponents(
                LectureGrad.neuron(2, -1, -3, -2, -3), "value", "w0", "x0", "w1", "x1", "w2"),
        () -> assertComponents(LectureGrad.straightLine(2, 1), "value", "x1", "x2"));
  }

  /** Seed 000: f(a, b) = (a + b)(b + 1). */
  @Nested
  class TwoPaths {

    @Test
    void matchesSeed000() {
      var g = LectureGrad.twoPaths(2, 1);
      assertAll(
          () -> assertEquals(6, g.value(), 0),
          () -> assertEquals(2, g.a(), 0),
          () -> assertEquals(5, g.b(), 0));
    }

    @ParameterizedTest
    @CsvSource({"2, 1", "-3.5, 0.25", "1e-3, -7", "0, 0"})
    void valueIsTheUsersMethodBitForBit(double a, double b) {
      assertEquals(Lecture.twoPaths(a, b), LectureGrad.twoPaths(a, b).value(), 0);
    }

    @ParameterizedTest
    @CsvSource({"2, 1", "-3.5, 0.25", "1e-3, -7", "0, 0"})
    void gradientMatchesClosedForm(double a, double b) {
      var g = LectureGrad.twoPaths(a, b);
      assertAll(
          () -> assertEquals(b + 1, g.a(), EXACT),
          // b reaches the product along two paths: through c and through d.
          () -> assertEquals((b + 1) + (a + b), g.b(), EXACT));
    }

    @ParameterizedTest
    @CsvSource({"2, 1", "-3.5, 0.25", "1e-3, -7", "0, 0"})
    void gradientMatchesFiniteDifferences(double a, double b) {
      var g = LectureGrad.twoPaths(a, b);
      assertMatchesFiniteDifferences(
          x -> Lecture.twoPaths(x[0], x[1]), new double[] {a, b}, g.a(), g.b());
    }
  }

  /** Seed 001, the simple example: f(x, y, z) = (x + y)z. */
  @Nested
  class Simple {

    @Test
    void matchesSeed001() {
      var g = LectureGrad.simple(-2, 5, -4);
      assertAll(
          () -> assertEquals(-12, g.value(), 0),
          () -> assertEquals(-4, g.x(), 0),
          () -> assertEquals(-4, g.y(), 0),
          () -> assertEquals(3, g.z(), 0));
    }

    @ParameterizedTest
    @CsvSource({"-2, 5, -4", "0.1, 0.2, 0.3", "1e5, -3, 2.5"})
    void valueIsTheUsersMethodBitForBit(double x, double y, double z) {
      assertEquals(Lecture.simple(x, y, z), LectureGrad.simple(x, y, z).value(), 0);
    }

    @ParameterizedTest
    @CsvSource({"-2, 5, -4", "0.1, 0.2, 0.3", "1e5, -3, 2.5"})
    void gradientMatchesClosedForm(double x, double y, double z) {
      var g = LectureGrad.simple(x, y, z);
      assertAll(
          () -> assertEquals(z, g.x(), EXACT),
          () -> assertEquals(z, g.y(), EXACT),
          () -> assertEquals(x + y, g.z(), EXACT * Math.max(1, Math.abs(x + y))));
    }

    @ParameterizedTest
    @CsvSource({"-2, 5, -4", "0.1, 0.2, 0.3", "1e5, -3, 2.5"})
    void gradientMatchesFiniteDifferences(double x, double y, double z) {
      var g = LectureGrad.simple(x, y, z);
      assertMatchesFiniteDifferences(
          v -> Lecture.simple(v[0], v[1], v[2]), new double[] {x, y, z}, g.x(), g.y(), g.z());
    }
  }

  /** Seed 001, the flat code of a sigmoid neuron. */
  @Nested
  class Neuron {

    @Test
    void matchesSeed001() {
      var g = LectureGrad.neuron(2, -1, -3, -2, -3);
      assertAll(
          () -> assertEquals(0.73, g.value(), SEED),
          () -> assertEquals(-0.20, g.w0(), SEED),
          () -> assertEquals(0.39, g.x0(), SEED),
          () -> assertEquals(-0.39, g.w1(), SEED),
          () -> assertEquals(-0.59, g.x1(), SEED),
          () -> assertEquals(0.20, g.w2(), SEED));
    }

    @ParameterizedTest
    @CsvSource({"2, -1, -3, -2, -3", "0.5, 1.5, -0.25, 2, 0.1", "-4, 3, 2, 7, -1", "0, 0, 0, 0, 0"})
    void valueIsTheUsersMethodBitForBit(double w0, double x0, double w1, double x1, double w2) {
      assertEquals(
          Lecture.neuron(w0, x0, w1, x1, w2), LectureGrad.neuron(w0, x0, w1, x1, w2).value(), 0);
    }

    @ParameterizedTest
    @CsvSource({"2, -1, -3, -2, -3", "0.5, 1.5, -0.25, 2, 0.1", "-4, 3, 2, 7, -1", "0, 0, 0, 0, 0"})
    void gradientMatchesClosedForm(double w0, double x0, double w1, double x1, double w2) {
      double s = 1 / (1 + Math.exp(-(w0 * x0 + w1 * x1 + w2)));
      double ds = s * (1 - s); // the sigmoid's derivative, from its output
      var g = LectureGrad.neuron(w0, x0, w1, x1, w2);
      assertAll(
          () -> assertEquals(s, g.value(), EXACT),
          () -> assertEquals(x0 * ds, g.w0(), EXACT),
          () -> assertEquals(w0 * ds, g.x0(), EXACT),
          () -> assertEquals(x1 * ds, g.w1(), EXACT),
          () -> assertEquals(w1 * ds, g.x1(), EXACT),
          () -> assertEquals(ds, g.w2(), EXACT));
    }

    @ParameterizedTest
    @CsvSource({"2, -1, -3, -2, -3", "0.5, 1.5, -0.25, 2, 0.1", "-4, 3, 2, 7, -1", "0, 0, 0, 0, 0"})
    void gradientMatchesFiniteDifferences(double w0, double x0, double w1, double x1, double w2) {
      var g = LectureGrad.neuron(w0, x0, w1, x1, w2);
      assertMatchesFiniteDifferences(
          v -> Lecture.neuron(v[0], v[1], v[2], v[3], v[4]),
          new double[] {w0, x0, w1, x1, w2},
          g.w0(), g.x0(), g.w1(), g.x1(), g.w2());
    }
  }

  /** Seed 004: f(x1, x2) = x1² + (x1 - x2)^a - log(x1² + x2²), a = 1. */
  @Nested
  class StraightLine {

    @Test
    void matchesSeed004() {
      var g = LectureGrad.straightLine(2, 1);
      assertAll(
          () -> assertEquals(3.390562, g.value(), 5e-7),
          () -> assertEquals(4.2, g.x1(), EXACT),
          () -> assertEquals(-1.4, g.x2(), EXACT));
    }

    // x1 != x2 keeps (x1 - x2)^a away from 0, where pow's derivative needs care.
    @ParameterizedTest
    @CsvSource({"2, 1", "0.5, 3", "-1.5, 0.75", "10, -10"})
    void valueIsTheUsersMethodBitForBit(double x1, double x2) {
      assertEquals(Lecture.straightLine(x1, x2), LectureGrad.straightLine(x1, x2).value(), 0);
    }

    @ParameterizedTest
    @CsvSource({"2, 1", "0.5, 3", "-1.5, 0.75", "10, -10"})
    void gradientMatchesClosedForm(double x1, double x2) {
      double r = x1 * x1 + x2 * x2;
      var g = LectureGrad.straightLine(x1, x2);
      assertAll(
          () -> assertEquals(2 * x1 + 1 - 2 * x1 / r, g.x1(), EXACT * Math.max(1, Math.abs(x1))),
          () -> assertEquals(-1 - 2 * x2 / r, g.x2(), EXACT));
    }

    @ParameterizedTest
    @CsvSource({"2, 1", "0.5, 3", "-1.5, 0.75", "10, -10"})
    void gradientMatchesFiniteDifferences(double x1, double x2) {
      var g = LectureGrad.straightLine(x1, x2);
      assertMatchesFiniteDifferences(
          v -> Lecture.straightLine(v[0], v[1]), new double[] {x1, x2}, g.x1(), g.x2());
    }
  }

  /** A user's {@code @Differentiable} method, called with its arguments in an array. */
  @FunctionalInterface
  private interface UserMethod {
    double at(double[] x);
  }

  /** Compares each partial derivative with a central difference {@code (f(x + h) - f(x - h)) / 2h}. */
  private static void assertMatchesFiniteDifferences(
      UserMethod f, double[] x, double... gradient) {
    assertEquals(x.length, gradient.length);
    for (int i = 0; i < x.length; i++) {
      double h = 1e-6 * Math.max(1, Math.abs(x[i]));
      double[] plus = x.clone();
      double[] minus = x.clone();
      plus[i] += h;
      minus[i] -= h;
      // Divide by the step actually taken, which rounding may have changed.
      double estimate = (f.at(plus) - f.at(minus)) / (plus[i] - minus[i]);
      assertEquals(
          estimate,
          gradient[i],
          1e-6 * Math.max(1, Math.abs(estimate)),
          "partial derivative " + i + " at " + Arrays.toString(x));
    }
  }

  private static void assertComponents(Record result, String... names) {
    RecordComponent[] components = result.getClass().getRecordComponents();
    assertEquals(List.of(names), Arrays.stream(components).map(RecordComponent::getName).toList());
    for (RecordComponent component : components) {
      assertEquals(double.class, component.getType(), component.getName());
    }
  }
}
