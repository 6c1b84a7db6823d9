package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Enhanced {@code for} over {@code double[]}, {@code int[]}, {@code boolean[]} and rows of a
 * matrix, lowered to counted loops. Each method is checked against central finite differences of
 * the user's own method (value, gradient, tangent, Hessian-vector product, an empty tape).
 */
class EnhancedForGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("EachLoops", """
  @Differentiable
  static double sumOfSquares(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return s;
  }

  @Differentiable
  static double product(double[] x) {
    double p = 1;
    for (final var v : x) {
      p = p * Math.sin(v);
    }
    return p;
  }

  @Differentiable
  static double weighted(double[] x, int[] idx, boolean[] flip) {
    double s = 0;
    int k = 0;
    for (int j : idx) {
      double t = x[j] * (k + 1);
      s += t * t;
      k++;
    }
    for (boolean b : flip) {
      if (b) {
        s = s * 0.5 + Math.exp(s * 0.1);
      }
    }
    for (double d : idx) {
      s += d * x[0];
    }
    return s;
  }

  @Differentiable
  static double rows(double[][] m, double[] v) {
    double s = 0;
    for (int i = 0; i < m.length; i++) {
      double r = 0;
      int j = 0;
      for (double e : m[i]) {
        r += e * v[j];
        j++;
      }
      s += Math.tanh(r);
    }
    return s;
  }

  @Differentiable
  static double rowViews(double[][] m, double[] v) {
    double s = 0;
    for (double[] row : m) {
      double r = 0;
      for (int j = 0; j < row.length; j++) {
        r += row[j] * v[j];
      }
      for (double e : row) {
        r += e * e;
      }
      s += Math.sin(r);
    }
    return s;
  }

  @Differentiable
  static double rowIndexChangesInside(double[][] m) {
    double s = 0;
    int i = 0;
    for (double e : m[i]) {
      s += e * e * (i + 1);
      i++;
    }
    return s;
  }

  @Differentiable
  static double localArrayWithBreakAndContinue(double x, double y) {
    double[] a = {x, y, x * y, 2 * x, y - x};
    double s = 0;
    for (double v : a) {
      if (v < 0) {
        continue;
      }
      s += Math.sqrt(v + 1) * s + v;
      if (s > 20) {
        break;
      }
    }
    return s;
  }

  @Differentiable
  static double nested(double[] x, double[] y) {
    double s = 0;
    for (double a : x) {
      for (double b : y) {
        s += Math.sin(a * b);
      }
    }
    return s;
  }

  @Differentiable
  static double returnsFromInside(double[] x) {
    double s = 0;
    for (double v : x) {
      if (v > 5) {
        return s * v;
      }
      s = s * v + 1;
    }
    return s;
  }
""");
  }

  @Test
  void overADoubleArrayParameter() {
    double[] x = {0.3, -1.2, 0.7, 2.1};
    f.check("sumOfSquares", (Object) x);
    SecondOrderTest.checkHessianVector(f.code(), "p.EachLoops", "sumOfSquares", (Object) x);
    f.check("product", (Object) x);
    SecondOrderTest.checkHessianVector(f.code(), "p.EachLoops", "product", (Object) x);
  }

  @Test
  void theLoopIsCountedAndTapesNothingForALinearSum() {
    String code = f.code().generatedMethodSource("p.EachLoopsGrad", "SumOfSquares sumOfSquares(");
    // An indexed loop whose iterations are independent but for the sum: each iteration's
    // reverse runs inside it (FusedLoopsTest), so no loop runs backwards.
    assertThat(code).contains("for (int i = 0; i < x.length; i++)");
    assertThat(code).doesNotContain("for (int i = x.length - 1; i >= 0; i--)");
    assertThat(code.indexOf("grad_x[i] += ")).isGreaterThan(
        code.indexOf("for (int i = 0; i < x.length; i++)"));
    assertThat(code).doesNotContain("Tape");
  }

  @Test
  void overIntAndBooleanData() {
    double[] x = {0.3, -0.8, 1.1};
    int[] idx = {2, 0, 1, 2};
    boolean[] flip = {true, false, true};
    f.check("weighted", x, idx, flip);
    SecondOrderTest.checkHessianVector(f.code(), "p.EachLoops", "weighted", x, idx, flip);
  }

  @Test
  void overRowsOfAMatrix() {
    double[][] m = {{0.2, -0.4, 0.1}, {0.9, 0.6, -0.3}};
    double[] v = {0.5, -0.25, 1.5};
    f.check("rows", m, v);
    SecondOrderTest.checkHessianVector(f.code(), "p.EachLoops", "rows", m, v);
  }

  @Test
  void overTheRowsOfAMatrixAsRowViews() {
    double[][] m = {{0.2, -0.4, 0.1}, {0.9, 0.6, -0.3}};
    double[] v = {0.5, -0.25, 1.5};
    f.check("rowViews", m, v);
    SecondOrderTest.checkHessianVector(f.code(), "p.EachLoops", "rowViews", m, v);
  }

  @Test
  void theRowIsChosenOnceAsInJava() {
    double[][] m = {{0.2, -0.4, 0.1}, {0.9, 0.6, -0.3}, {1.0, 2.0, 3.0}};
    f.check("rowIndexChangesInside", (Object) m);
    SecondOrderTest.checkHessianVector(f.code(), "p.EachLoops", "rowIndexChangesInside",
        (Object) m);
    // Row 0 only: 0.04 * 1 + 0.16 * 2 + 0.01 * 3.
    assertThat(f.value("rowIndexChangesInside", (Object) m)).isWithin(1e-12).of(0.39);
  }

  @Test
  void withBreakAndContinueOverALocalArray() {
    f.check("localArrayWithBreakAndContinue", 0.7, -0.4);
    f.check("localArrayWithBreakAndContinue", 1.7, 2.4);
    f.check("localArrayWithBreakAndContinue", 3.7, 2.4);
    SecondOrderTest.checkHessianVector(f.code(), "p.EachLoops", "localArrayWithBreakAndContinue",
        1.7, 2.4);
  }

  @Test
  void nestedLoops() {
    double[] x = {0.3, -0.8, 1.1};
    double[] y = {0.5, 0.25};
    f.check("nested", x, y);
    SecondOrderTest.checkHessianVector(f.code(), "p.EachLoops", "nested", x, y);
  }

  @Test
  void aReturnInsideTheLoop() {
    f.check("returnsFromInside", (Object) new double[] {0.3, 1.5, 6.0, 2.0});
    f.check("returnsFromInside", (Object) new double[] {0.3, 1.5, 2.0});
    SecondOrderTest.checkHessianVector(f.code(), "p.EachLoops", "returnsFromInside",
        (Object) new double[] {0.3, 1.5, 6.0, 2.0});
  }
}
