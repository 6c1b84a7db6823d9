package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local arrays written with initializers: {@code {x, y, 2 * z}}, {@code new double[] {…}},
 * {@code int[]} index tables and rectangular {@code double[][]} matrices. Each method is checked
 * against central finite differences of the user's own method (value, gradient, tangent,
 * Hessian-vector product, an empty tape after the call).
 */
class ArrayInitializersGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Initializers", """
  @Differentiable
  static double norm(double[] v) {
    double s = 0;
    for (double e : v) {
      s += e * e;
    }
    return Math.sqrt(s);
  }

  @Differentiable
  static double arguments(double x, double y) {
    double a = norm(new double[] {x, y}) + norm(new double[] {x * y, 1, y});
    for (int i = 0; i < 3; i++) {
      a += norm(new double[] {a, i}) * (x > 0 ? norm(new double[] {y}) : 1);
    }
    return a;
  }

  @Differentiable
  static double[] nested(double x, double y) {
    if (x > 10) {
      throw new IllegalArgumentException("too far: " + norm(new double[] {x, y}));
    }
    return new double[] {norm(new double[] {x, y}) * y, Math.tanh(norm(new double[] {y}))};
  }

  @Differentiable
  static double vector(double x, double y, double z) {
    double[] a = {x, y, 2 * z, Math.sin(x * y), 3};
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * a[i] * (i + 1);
    }
    return s;
  }

  @Differentiable
  static double explicitNew(double[] w) {
    double[] c = new double[] {w[0] * w[1], w[2] - w[0], 0.5};
    return c[0] * c[1] + Math.exp(c[2] * w[1]);
  }

  @Differentiable
  static double indexTable(double[] x) {
    int[] idx = {2, 0, 1};
    boolean[] flip = {true, false, true};
    double s = 0;
    for (int k = 0; k < idx.length; k++) {
      double v = x[idx[k]] * (k + 1);
      if (flip[k]) {
        v = -v * v;
      }
      s += v;
    }
    return s;
  }

  @Differentiable
  static double matrix(double a, double b, double c, double d, double[] v) {
    double[][] m = {{a, b}, {c, d * d}};
    double s = 0;
    for (int i = 0; i < m.length; i++) {
      double r = 0;
      for (int j = 0; j < m[i].length; j++) {
        r += m[i][j] * v[j];
      }
      s += Math.tanh(r);
    }
    return s;
  }

  @Differentiable
  static double updatedInLoop(double x, double y) {
    double[] p = {x, y};
    for (int k = 0; k < 4; k++) {
      double t = p[0];
      p[0] = Math.sin(p[1]) + t * p[1];
      p[1] = t * t;
    }
    return p[0] + p[1];
  }

  @Differentiable
  static double emptyAndIntElements(double x) {
    double[] none = {};
    double[] ints = {1, 2, 3};
    return x * (none.length + ints[2]) + x * x * ints[0];
  }
""");
  }

  @Test
  void aVectorInitializerCarriesTheDerivativesOfItsElements() {
    f.check("vector", 0.7, -1.3, 0.4);
    SecondOrderTest.checkHessianVector(f.code(), "p.Initializers", "vector", 0.7, -1.3, 0.4);
  }

  @Test
  void anInitializerPassedToACallIsAnArrayOfItsOwn() {
    f.check("arguments", 1.5, -2.0);
    f.check("arguments", -0.5, 0.25);
    SecondOrderTest.checkHessianVector(f.code(), "p.Initializers", "arguments", 1.5, -2.0);
  }

  @Test
  void initializersInsideAReturnedInitializerAndAMessage() {
    JacobianCheck.of(f.code(), "p.Initializers").check("nested", 1.5, -2.0);
    Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> f.code().invokeMethodWith("p.InitializersGrad", "nested", 11.0, 0.0)).getCause();
    assertThat(thrown).hasMessageThat().isEqualTo("too far: 11.0");
  }

  @Test
  void newWithAnInitializer() {
    double[] w = {0.3, -0.8, 1.1};
    f.check("explicitNew", (Object) w);
    SecondOrderTest.checkHessianVector(f.code(), "p.Initializers", "explicitNew", (Object) w);
  }

  @Test
  void intAndBooleanTablesSteerTheComputation() {
    double[] x = {0.3, -0.8, 1.1};
    f.check("indexTable", (Object) x);
    SecondOrderTest.checkHessianVector(f.code(), "p.Initializers", "indexTable", (Object) x);
    // k = 0: -(1.1 * 1)^2; k = 1: 0.3 * 2; k = 2: -(-0.8 * 3)^2.
    assertThat(f.value("indexTable", (Object) x)).isWithin(1e-12).of(-1.21 + 0.6 - 5.76);
  }

  @Test
  void aMatrixInitializerIsRectangular() {
    double[] v = {0.5, -0.25};
    f.check("matrix", 0.2, -0.4, 0.9, 0.6, v);
    SecondOrderTest.checkHessianVector(f.code(), "p.Initializers", "matrix", 0.2, -0.4, 0.9, 0.6,
        v);
  }

  @Test
  void anInitializedArrayUpdatedInALoopIsTaped() {
    f.check("updatedInLoop", 0.3, 0.7);
    SecondOrderTest.checkHessianVector(f.code(), "p.Initializers", "updatedInLoop", 0.3, 0.7);
  }

  @Test
  void emptyInitializersAndIntElementsInADoubleArray() {
    f.check("emptyAndIntElements", 1.5);
    // d/dx (3x + x^2) = 3 + 2x.
    assertThat((double) f.gradient("emptyAndIntElements", 1.5).get("x")).isEqualTo(6.0);
  }
}
