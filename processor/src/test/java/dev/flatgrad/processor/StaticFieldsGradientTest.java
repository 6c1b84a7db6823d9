package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static fields read as data: {@code static final} coefficient tables ({@code double[]},
 * {@code int[]}, {@code double[][]}), private ones through the generated class's own copy;
 * private {@code static final} scalars that are not compile-time constants, copied the same
 * way; and mutable static fields, read when the method runs. Each method is checked against
 * central finite differences of the user's own method (value, gradient, tangent, Hessian-vector
 * product).
 */
class StaticFieldsGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Tables", """
  // Lanczos coefficients (g = 7, n = 9), as special-function libraries write them.
  private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851,
      -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
      -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
  private static final double HALF_LOG_2_PI = 0.5 * Math.log(2 * Math.PI);
  private static final double SCALE = HALF_LOG_2_PI * 2 + Math.sqrt(2.0);
  static final double[] C = {1.0, -0.5, 0.25, 2};
  static final int[] IDX = {3, 1, 0, 2};
  private static final double[][] M = {{1.0, 2.0 * SCALE}, {-0.5, 3.0 / 4}};
  static double mutableScale = 1.5;
  static double[] weights = {0.5, 1.5, -2.0};
  static boolean enabled;
  static int LIMIT = 2;

  static class Nested {
    static final double[] Q = {0.1, 0.2, 0.3};
    private static final double[] R = {Math.exp(0.5), -Math.cos(1.0)};
  }

  @Differentiable
  static double logGamma(double x) {
    double z = x - 1;
    double a = LANCZOS[0];
    double t = z + 7.5;
    for (int i = 1; i < LANCZOS.length; i++) {
      a += LANCZOS[i] / (z + i);
    }
    return HALF_LOG_2_PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
  }

  @Differentiable
  static double horner(double x, double[] v) {
    double s = 0;
    for (int k = C.length - 1; k >= 0; k--) {
      s = s * x + C[k];
      if (C[k] > 0) {
        s += v[IDX[k]] * v[IDX[k]];
      }
    }
    return s * SCALE;
  }

  @Differentiable
  static double quadratic(double[] v) {
    double s = 0;
    for (int i = 0; i < M.length; i++) {
      for (int j = 0; j < M[i].length; j++) {
        s += M[i][j] * v[i] * Math.sin(v[j]);
      }
    }
    return s;
  }

  @Differentiable
  static double mutable(double x) {
    double s = mutableScale * Math.sin(x) + weights[1] * x * x;
    if (enabled) {
      s += LIMIT * x;
    }
    return s;
  }

  @Differentiable
  static double nested(double x) {
    double s = 0;
    for (int i = 0; i < Nested.Q.length; i++) {
      s += Nested.Q[i] * Math.exp(x * Nested.R[i % Nested.R.length]);
    }
    return s;
  }

  @Differentiable
  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Differentiable
  static double tableAsArgument(double[] v) {
    return dot(C, v) * dot(LANCZOS, LANCZOS) + Math.tanh(dot(Nested.Q, v));
  }
""");
  }

  @Test
  void aPrivateCoefficientTableAndAComputedConstantAreCopied() {
    f.check("logGamma", 4.3);
    f.check("logGamma", 0.6);
    SecondOrderTest.checkHessianVector(f.code(), "p.Tables", "logGamma", 2.2);
    // Gamma(5) = 24.
    assertThat(f.value("logGamma", 5.0)).isWithin(1e-12).of(Math.log(24));
    String generated = f.code().generatedMethodSource("p.TablesGrad", "LogGamma logGamma(");
    assertThat(generated).contains("double[] LANCZOS = TablesGrad.LANCZOS;");
  }

  @Test
  void packagePrivateTablesAreReadByNameInsideLoopsAndBranches() {
    double[] v = {0.3, -0.8, 1.1, 0.4};
    f.check("horner", 0.7, v);
    SecondOrderTest.checkHessianVector(f.code(), "p.Tables", "horner", 0.7, v);
    String generated = f.code().generatedMethodSource("p.TablesGrad", "Horner horner(");
    assertThat(generated).contains("double[] C = Tables.C;");
  }

  @Test
  void aPrivateMatrixTableWhoseInitializerReadsAnotherCopy() {
    double[] v = {0.3, -0.8};
    f.check("quadratic", (Object) v);
    SecondOrderTest.checkHessianVector(f.code(), "p.Tables", "quadratic", (Object) v);
  }

  @Test
  void mutableStaticFieldsAreReadWhenTheMethodRuns() throws Exception {
    f.check("mutable", 0.4);
    SecondOrderTest.checkHessianVector(f.code(), "p.Tables", "mutable", 0.4);
    Class<?> tables = f.code().load("p.Tables");
    java.lang.reflect.Field scale = tables.getDeclaredField("mutableScale");
    java.lang.reflect.Field enabled = tables.getDeclaredField("enabled");
    scale.setAccessible(true);
    enabled.setAccessible(true);
    scale.setDouble(null, -3.0);
    enabled.setBoolean(null, true);
    try {
      f.check("mutable", 0.4);
      // d/dx (-3 sin x + 1.5 x^2 + 2 x).
      assertThat((double) f.gradient("mutable", 0.4).get("x"))
          .isWithin(1e-12).of(-3 * Math.cos(0.4) + 3 * 0.4 + 2);
    } finally {
      scale.setDouble(null, 1.5);
      enabled.setBoolean(null, false);
    }
  }

  @Test
  void tablesOfNestedClassesPrivateOnesIncluded() {
    f.check("nested", 0.9);
    SecondOrderTest.checkHessianVector(f.code(), "p.Tables", "nested", 0.9);
  }

  @Test
  void aTablePassedToADifferentiableMethod() {
    double[] v = {0.3, -0.8, 1.1, 0.4};
    f.check("tableAsArgument", (Object) v);
    f.check("dot", new double[] {1, 2}, new double[] {3, 4});
  }
}
