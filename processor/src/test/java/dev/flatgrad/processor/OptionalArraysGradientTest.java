package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Optional array arguments, tested with {@code null} the way library code tests them ({@code
 * sampleWeight == null ? 1.0 : sampleWeight[i]}, {@code if (prior != null)}, a guard that throws
 * its own exception). The generated entry points accept null for them, give a null gradient, and
 * are right with the array and without it: values, gradients, tangents and Hessian-vector
 * products against central differences of the user's method, the dense Hessian against a closed
 * form.
 */
class OptionalArraysGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.ofMembers("Optional", """
          @Differentiable
          static double objective(double[] coef, double[][] x, double[] y, double[] sampleWeight,
              double[][] prior, double alpha) {
            double loss = 0;
            double wsum = 0;
            for (int i = 0; i < x.length; i++) {
              double pred = 0;
              for (int j = 0; j < coef.length; j++) {
                pred += coef[j] * x[i][j];
              }
              double w = sampleWeight == null ? 1.0 : sampleWeight[i];
              double r = y[i] - pred;
              loss += w * r * r;
              wsum += w;
            }
            loss /= 2 * wsum;
            if (prior != null) {
              for (int j = 0; j < coef.length; j++) {
                double d = coef[j] - prior[0][j];
                loss += alpha * prior[1][j] * d * d;
              }
            }
            return loss;
          }

          @Differentiable
          static double guarded(double[] values, double scale) {
            if (null == values) {
              throw new IllegalArgumentException("values is required, scale " + scale);
            }
            double s = 0;
            for (double v : values) {
              s += Math.sin(scale * v);
            }
            return s;
          }

          @Differentiable
          static double weightedSquares(double[] x, double[] w) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              s += (w != null ? w[i] : 1.0) * x[i] * x[i];
            }
            return s;
          }

          @Differentiable
          static double writesItsOptionalArray(double[] x, double[] w) {
            if (w != null) {
              w[0] = w[0] * 2;
            }
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              s += x[i] * x[i] * (w == null ? 1 : w[i]);
            }
            return s;
          }

          @Differentiable
          static double[] scaledSquares(double[] x, double[] w) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              y[i] = (w == null ? 1.0 : w[i]) * x[i] * x[i];
            }
            return y;
          }
        """);
  }

  private static final double[] COEF = {0.4, -1.3, 0.8};
  private static final double[][] X = {{1.0, 0.5, -0.2}, {0.3, -1.1, 2.0}, {-0.7, 0.9, 0.4},
      {1.5, 0.2, -0.6}};
  private static final double[] Y = {0.7, -0.4, 1.9, 0.1};
  private static final double[] WEIGHTS = {1.2, 0.6, 2.1, 0.9};
  private static final double[][] PRIOR = {{0.1, -0.9, 1.0}, {0.5, 1.5, 0.25}};

  @Test
  void rightWithEachOptionalArrayGivenOrLeftOut() {
    for (double[] weights : new double[][] {WEIGHTS, null}) {
      for (double[][] prior : new double[][][] {PRIOR, null}) {
        check.check("objective", COEF, X, Y, weights, prior, 0.3);
        SecondOrderTest.checkHessianVector(check.code(), "p.Optional", "objective", COEF, X, Y,
            weights, prior, 0.3);
      }
    }
  }

  @Test
  void anOptionalArrayWrittenInPlaceHasAPrivateCopyOnlyWhenGiven() {
    double[] x = {1.5, -0.5, 2.0};
    for (double[] w : new double[][] {{3.0, 0.25, -1.0}, null}) {
      check.check("writesItsOptionalArray", x, w);
      SecondOrderTest.checkHessianVector(check.code(), "p.Optional", "writesItsOptionalArray",
          x, w);
    }
  }

  @Test
  void aLeftOutArrayHasANullGradient() {
    assertThat(check.gradient("objective", COEF, X, Y, null, null, 0.3).get("sampleWeight"))
        .isNull();
    assertThat(check.gradient("objective", COEF, X, Y, WEIGHTS, null, 0.3).get("sampleWeight"))
        .isInstanceOf(double[].class);
  }

  @Test
  void theMethodsOwnGuardThrowsItsOwnException() throws Exception {
    check.check("guarded", new double[] {0.3, -1.2, 2.0}, 0.7);
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () ->
        check.code().gradientMethod("p.Optional", "guarded").invoke(null, null, 0.5));
    assertThat(thrown.getCause()).isInstanceOf(IllegalArgumentException.class);
    assertThat(thrown.getCause()).hasMessageThat().isEqualTo("values is required, scale 0.5");
  }

  @Test
  void theEntryPointsCheckOnlyTheArraysThatAreNotOptional() {
    String source = check.code().generatedMethodSource("p.OptionalGrad", "Objective objective(");
    assertThat(source).contains("Arguments.requireArray(coef, \"coef\")");
    assertThat(source).doesNotContain("requireArray(sampleWeight");
    assertThat(source).doesNotContain("requireArray(prior");
    assertThat(source).contains(
        "double[] grad_sampleWeight = sampleWeight == null ? null : new double[sampleWeight.length]");
  }

  @Test
  void aSinkOrDirectionForALeftOutArrayIsRejected() {
    // invokeMethodWith reports what the method threw as the cause of an AssertionError.
    AssertionError thrown = assertThrows(AssertionError.class, () ->
        check.code().invokeMethodWith("p.OptionalGrad", "weightedSquaresPullback",
            new double[] {1, 2}, null, 1.0, null, new double[2]));
    assertThat(thrown.getCause()).isInstanceOf(IllegalArgumentException.class);
    assertThat(thrown.getCause()).hasMessageThat()
        .isEqualTo("grad_w is given but w is null: pass null for grad_w too");
    thrown = assertThrows(AssertionError.class, () ->
        check.code().invokeMethodWith("p.OptionalGrad", "weightedSquaresTangent",
            new double[] {1, 2}, null, null, new double[2]));
    assertThat(thrown.getCause()).hasMessageThat()
        .isEqualTo("dot_w is given but w is null: pass null for dot_w too");
  }

  @Test
  void theDenseHessianLeavesOutALeftOutArray() {
    double[] x = {0.5, -2.0};
    // f = Σ x_i² without weights: H = 2 I.
    double[][] without = (double[][]) check.code().invokeMethodWith("p.OptionalGrad",
        "weightedSquaresHessian", x, null);
    assertThat(without).isEqualTo(new double[][] {{2, 0}, {0, 2}});
    // f = Σ w_i x_i²: d²f/dx_i² = 2 w_i, d²f/dx_i dw_i = 2 x_i, d²f/dw² = 0.
    double[] w = {3.0, 0.25};
    double[][] with = (double[][]) check.code().invokeMethodWith("p.OptionalGrad",
        "weightedSquaresHessian", x, w);
    assertThat(with).isEqualTo(new double[][] {{6, 0, 1, 0}, {0, 0.5, 0, -4}, {1, 0, 0, 0},
        {0, -4, 0, 0}});
  }

  @Test
  void theJacobianWithRespectToALeftOutArrayIsNull() {
    double[] x = {1.5, 2.0};
    // y_i = w_i x_i²: dy_i/dx_i = 2 w_i x_i, dy_i/dw_i = x_i² (w_i = 1 when w is left out).
    java.util.Map<String, Object> without = GeneratedCode.components((Record) check.code()
        .invokeMethodWith("p.OptionalGrad", "scaledSquares", x, null));
    assertThat(without.get("x")).isEqualTo(new double[][] {{3, 0}, {0, 4}});
    assertThat(without.get("w")).isNull();
    java.util.Map<String, Object> with = GeneratedCode.components((Record) check.code()
        .invokeMethodWith("p.OptionalGrad", "scaledSquares", x, new double[] {2, 0.5}));
    assertThat(with.get("x")).isEqualTo(new double[][] {{6, 0}, {0, 2}});
    assertThat(with.get("w")).isEqualTo(new double[][] {{2.25, 0}, {0, 4}});
  }

  @Test
  void onlyAnArrayOrStringCanBeComparedWithNull() {
    MarkedSource source = MarkedSource.ofMembers("""
        @Differentiable
        static double f(double[][] m) {
          if (m[0] == null) { //!
            return 0;
          }
          return m[0][0];
        }
        """);
    Compilation compilation = source.compile();
    assertThat(compilation).hadErrorContaining("only an array or String parameter or local can"
        + " be compared with null").inFile(source.file()).onLine(source.line());
  }
}
