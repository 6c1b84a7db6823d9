package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Instance methods whose fields are read as data (DESIGN.md §1, "instance methods"): the
 * generated static method takes the receiver first, as {@code self}. Final and mutable fields,
 * array fields indexed in loops, {@code this.field}, calls between instance methods on {@code
 * this}, and a record's private fields through its accessors. Each method is checked against
 * central finite differences of the user's own method (value, gradient, tangent), and its
 * Hessian-vector product against central differences of the gradient.
 */
class InstanceMethodsGradientTest {

  private static GeneratedCode code;
  private static ArrayGradientCheck normal;
  private static ArrayGradientCheck gauss;

  @BeforeAll
  static void compile() {
    code = GeneratedCode.compileAll(List.of(),
        JavaFileObjects.forSourceString("p.Normal", """
            package p;

            import dev.flatgrad.Differentiable;

            final class Normal {
              private static final double HALF_LOG_2_PI = 0.5 * Math.log(2 * Math.PI);

              final double mu;
              final double sigma;
              final double[] weights;
              double temperature = 1.0;
              private final String label = "unused";

              Normal(double mu, double sigma, double[] weights) {
                this.mu = mu;
                this.sigma = sigma;
                this.weights = weights;
              }

              @Differentiable
              double logDensity(double x) {
                double z = (x - mu) / sigma;
                return -0.5 * z * z - Math.log(sigma) - HALF_LOG_2_PI;
              }

              @Differentiable
              double weighted(double[] xs) {
                double s = 0;
                for (int i = 0; i < xs.length; i++) {
                  double w = weights[i % weights.length];
                  if (xs[i] > this.mu) {
                    s += w * Math.exp(-xs[i] / temperature);
                  } else {
                    s += this.weights.length * xs[i] * xs[i];
                  }
                }
                return s / this.sigma;
              }

              @Differentiable
              double mixture(double[] xs, double scale) {
                double s = 0;
                for (int i = 0; i < xs.length; i++) {
                  s += weights[i % weights.length] * logDensity(xs[i] * scale);
                }
                return s + this.logDensity(scale);
              }
            }
            """),
        JavaFileObjects.forSourceString("p.Gauss", """
            package p;

            import dev.flatgrad.Differentiable;

            record Gauss(double mu, double sigma) {
              @Differentiable
              double density(double x) {
                double z = (x - mu) / sigma;
                return Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
              }

              @Differentiable
              double logDensity(double x) {
                return -0.5 * squaredScore(x) - logNormalizer();
              }

              private double logNormalizer() {
                return Math.log(sigma) + 0.5 * Math.log(2 * Math.PI);
              }

              double squaredScore(double x) {
                double z = (x - this.mu) / sigma;
                return z * z;
              }
            }
            """));
    normal = ArrayGradientCheck.of(code, "p.Normal");
    gauss = ArrayGradientCheck.of(code, "p.Gauss");
  }

  private static Object aNormal() {
    return code.newInstance("p.Normal", 0.3, 1.7, new double[] {0.5, -1.5, 2.0});
  }

  @Test
  void finalFieldsAreReadThroughSelf() {
    Object self = aNormal();
    normal.check("logDensity", self, 1.1);
    normal.check("logDensity", self, -0.4);
    SecondOrderTest.checkHessianVector(code, "p.Normal", "logDensity", self, 1.1);
    String generated = code.generatedMethodSource("p.NormalGrad", "LogDensity logDensity(");
    assertThat(generated).contains("logDensity(Normal self, double x)");
    assertThat(generated).contains("self.mu");
  }

  @Test
  void arrayAndMutableFieldsInsideLoopsAndBranches() throws Exception {
    Object self = aNormal();
    double[] xs = {0.9, -0.2, 1.4, 0.1, 0.6};
    normal.check("weighted", self, xs);
    SecondOrderTest.checkHessianVector(code, "p.Normal", "weighted", self, xs);
    java.lang.reflect.Field temperature = self.getClass().getDeclaredField("temperature");
    temperature.setAccessible(true);
    temperature.setDouble(self, 2.5);
    normal.check("weighted", self, xs);
  }

  @Test
  void instanceMethodsCallEachOtherOnThis() {
    normal.check("mixture", aNormal(), new double[] {0.9, -0.2, 1.4}, 0.8);
    // Second order through the calls on this, by logDensity's pullback tangent.
    SecondOrderTest.checkHessianVector(code, "p.Normal", "mixture", aNormal(),
        new double[] {0.9, -0.2, 1.4}, 0.8);
  }

  @Test
  void aLongInstanceMethodSplitIntoAFrameStillReadsItsFields() {
    String members = MethodSizeTest.straightLine(450, new java.util.Random(7))
        .replace("static double f(", "double f(")
        .replace("Math.sin(", "scale * Math.sin(")
        .replace("Activations.sigmoid(", "TABLE[1] * Activations.sigmoid(");
    ArrayGradientCheck check = ArrayGradientCheck.ofMembers("LongSelf", """
          private static final double[] TABLE = {0.5, 0.75};
          final double scale;

          LongSelf(double scale) {
            this.scale = scale;
          }
        """ + members);
    assertThat(check.code().generatedMethodSource("p.LongSelfGrad", "F f("))
        .contains("new FFrame(self, a, b, c, d)");
    check.check("f", check.code().newInstance("p.LongSelf", 0.9), 0.3, -0.7, 1.1, 0.5);
  }

  @Test
  void instanceHelpersWithoutAnnotationCalledOnThis() {
    Object self = code.newInstance("p.Gauss", -0.5, 0.8);
    gauss.check("logDensity", self, 0.1);
    gauss.check("logDensity", self, -1.7);
    SecondOrderTest.checkHessianVector(code, "p.Gauss", "logDensity", self, 0.1);
    // The log of the normal density: d/dx = -(x - mu) / sigma^2.
    assertThat((double) GeneratedCode.components(code.invokeGradientWith("p.Gauss",
        "logDensity", self, 0.1)).get("x")).isWithin(1e-12).of(-(0.1 + 0.5) / (0.8 * 0.8));
    // The private helper is copied; the generated code calls the copy, with self.
    assertThat(code.generatedMethodSource("p.GaussGrad", "LogDensity logDensity("))
        .contains("GaussGrad.logNormalizer(self)");
  }

  @Test
  void aRecordsPrivateFieldsAreReadThroughItsAccessors() {
    Object self = code.newInstance("p.Gauss", -0.5, 0.8);
    gauss.check("density", self, 0.1);
    SecondOrderTest.checkHessianVector(code, "p.Gauss", "density", self, 0.1);
    assertThat(code.generatedMethodSource("p.GaussGrad", "Density density("))
        .contains("self.mu()");
  }
}
