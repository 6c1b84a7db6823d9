package dev.flatgrad.examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.GradCheck;
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

  /** Worst relative error against central differences (see {@link GradCheck}). */
  private static final double GRADIENT_CHECK = 1e-6;

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

  /** Seed 001, backprop with matrices: y = x w with the slide's matrices and dL/dy. */
  @Nested
  class MatrixMultiply {

    private final double[][] x = {{2, 1, -3}, {-3, 4, 2}};
    private final double[][] w = {{3, 2, 1, -1}, {2, 1, 3, 2}, {3, 2, 1, -2}};
    private final double[][] upstream = {{2, 3, -3, 9}, {-8, 1, 4, 6}};

    @Test
    void valueIsTheUpstreamGradientDottedWithXw() {
      // x w of the slide's matrices (the slide's own y is illustrative, not this product).
      double[][] y = {{-1, -1, 2, 6}, {5, 2, 11, 7}};
      assertMatrixEquals(y, multiply(x, w));
      double expected = 0;
      for (int n = 0; n < 2; n++) {
        for (int m = 0; m < 4; m++) {
          expected += upstream[n][m] * y[n][m];
        }
      }
      assertEquals(expected, LectureGrad.matrixMultiply(x, w, upstream).value(), 0);
    }

    @Test
    void gradientsAreTheSlidesFormulas() {
      var g = LectureGrad.matrixMultiply(x, w, upstream);
      // dL/dx = (dL/dy) wᵀ and dL/dw = xᵀ (dL/dy): "the only way to make shapes match up".
      assertMatrixEquals(multiply(upstream, transpose(w)), g.x());
      assertMatrixEquals(multiply(transpose(x), upstream), g.w());
      assertMatrixEquals(new double[][] {{0, 16, -9}, {-24, 9, -30}}, g.x());
    }

    @Test
    void gradientMatchesFiniteDifferences() {
      var g = LectureGrad.matrixMultiply(x, w, upstream);
      GradCheck.Result result = GradCheck.of(
              a -> Lecture.matrixMultiply(a.matrix(0), a.matrix(1), upstream))
          .matrix("x", x, g.x())
          .matrix("w", w, g.w())
          .run();
      assertTrue(result.passes(GRADIENT_CHECK), result::toString);
    }
  }

  /** Seed 002, the tanh MLP with softmax and cross-entropy, for one example. */
  @Nested
  class TanhMlp {

    private final double[][] wh = {{1, -1}, {0.5, 2}, {-1.5, 0.5}, {0.3, 0.3}};
    private final double[] bh = {0, 0.1, -0.1, 0.2};
    private final double[][] wy = {{1, -2, 0.5, 0.1}, {-1, 1, 1, -0.4}, {0.5, 0.5, -1, 0.9}};
    private final double[] by = {0.1, 0, -0.1};
    private final double[] x = {0.5, -0.25};
    private final int label = 1;

    @Test
    void valueIsTheUsersMethodBitForBit() {
      assertEquals(
          Lecture.tanhMlp(wh, bh, wy, by, x, label),
          LectureGrad.tanhMlp(wh, bh, wy, by, x, label).value(),
          0);
    }

    /** The lecture's hand-derived gradient: δʸ = ŷ − y, δʰ = (1 − h²) ⊙ (Wʸᵀ δʸ). */
    @Test
    void gradientIsTheLecturesDeltas() {
      double[] h = new double[bh.length];
      for (int i = 0; i < h.length; i++) {
        h[i] = Math.tanh(bh[i] + wh[i][0] * x[0] + wh[i][1] * x[1]);
      }
      double[] yTilde = new double[by.length];
      double sum = 0;
      for (int i = 0; i < yTilde.length; i++) {
        yTilde[i] = by[i];
        for (int j = 0; j < h.length; j++) {
          yTilde[i] += wy[i][j] * h[j];
        }
        sum += Math.exp(yTilde[i]);
      }
      double[] deltaY = new double[by.length];
      for (int i = 0; i < deltaY.length; i++) {
        deltaY[i] = Math.exp(yTilde[i]) / sum - (i == label ? 1 : 0);
      }
      double[] deltaH = new double[bh.length];
      for (int i = 0; i < deltaH.length; i++) {
        double back = 0;
        for (int k = 0; k < deltaY.length; k++) {
          back += wy[k][i] * deltaY[k];
        }
        deltaH[i] = (1 - h[i] * h[i]) * back;
      }

      var g = LectureGrad.tanhMlp(wh, bh, wy, by, x, label);
      assertArrayEquals(deltaY, g.by(), EXACT);
      assertMatrixEquals(outer(deltaY, h), g.Wy());
      assertArrayEquals(deltaH, g.bh(), EXACT);
      assertMatrixEquals(outer(deltaH, x), g.Wh());
    }

    @Test
    void gradientMatchesFiniteDifferences() {
      var g = LectureGrad.tanhMlp(wh, bh, wy, by, x, label);
      GradCheck.Result result = GradCheck.of(a ->
              Lecture.tanhMlp(a.matrix(0), a.vector(1), a.matrix(2), a.vector(3), x, label))
          .matrix("Wh", wh, g.Wh())
          .vector("bh", bh, g.bh())
          .matrix("Wy", wy, g.Wy())
          .vector("by", by, g.by())
          .run();
      assertTrue(result.passes(GRADIENT_CHECK), result::toString);
    }
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    double[][] product = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b[0].length; j++) {
        for (int k = 0; k < b.length; k++) {
          product[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return product;
  }

  private static double[][] transpose(double[][] a) {
    double[][] transposed = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        transposed[j][i] = a[i][j];
      }
    }
    return transposed;
  }

  private static double[][] outer(double[] column, double[] row) {
    double[][] product = new double[column.length][row.length];
    for (int i = 0; i < column.length; i++) {
      for (int j = 0; j < row.length; j++) {
        product[i][j] = column[i] * row[j];
      }
    }
    return product;
  }

  private static void assertMatrixEquals(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length, "rows");
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], EXACT, "row " + i);
    }
  }

  /** A user's {@code @Differentiable} method, called with its arguments in an array. */
  @FunctionalInterface
  private interface UserMethod {
    double at(double[] x);
  }

  /** Checks each partial derivative against a central difference, with {@link GradCheck}. */
  private static void assertMatchesFiniteDifferences(
      UserMethod f, double[] x, double... gradient) {
    assertEquals(x.length, gradient.length);
    GradCheck check = GradCheck.of(a -> {
      double[] point = new double[x.length];
      for (int i = 0; i < point.length; i++) {
        point[i] = a.scalar(i);
      }
      return f.at(point);
    });
    for (int i = 0; i < x.length; i++) {
      check.scalar("x" + i, x[i], gradient[i]);
    }
    GradCheck.Result result = check.run();
    assertTrue(result.passes(GRADIENT_CHECK), () -> "at " + Arrays.toString(x) + ": " + result);
  }

  private static void assertComponents(Record result, String... names) {
    RecordComponent[] components = result.getClass().getRecordComponents();
    assertEquals(List.of(names), Arrays.stream(components).map(RecordComponent::getName).toList());
    for (RecordComponent component : components) {
      assertEquals(double.class, component.getType(), component.getName());
    }
  }
}
