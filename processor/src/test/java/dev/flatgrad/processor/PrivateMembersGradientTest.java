package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.Field;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Private fields, as encapsulated library code declares them: an immutable pricer's {@code
 * private final} settings, a model's private weights and mutable temperature, a private static
 * table a {@code static {}} block fills, a private mutable static; and private static helpers
 * whose results are data ({@code int findSegment(xs, x)}). The generated class reads the fields
 * through {@code VarHandle}s it holds, once each at the top of a body, and calls the helpers
 * through {@code MethodHandle}s. Values, gradients, tangents and Hessian-vector products against
 * central differences of the user's own methods; closed forms where there are.
 */
class PrivateMembersGradientTest {

  private static GeneratedCode code;
  private static ArrayGradientCheck pricer;

  @BeforeAll
  static void compile() {
    code = GeneratedCode.compileAll(List.of(),
        JavaFileObjects.forSourceString("p.Pricer", """
            package p;

            import dev.flatgrad.Differentiable;

            public final class Pricer {
              private static final double[] LOG_FACTORIALS = new double[16];
              private static double volatilityFloor = 0.0;
              private final boolean isCall;
              private final double discountFactor;
              private final double[] weights;
              private double temperature = 1.0;

              static {
                for (int k = 1; k < LOG_FACTORIALS.length; k++) {
                  LOG_FACTORIALS[k] = LOG_FACTORIALS[k - 1] + Math.log(k);
                }
              }

              Pricer(boolean isCall, double discountFactor, double[] weights) {
                this.isCall = isCall;
                this.discountFactor = discountFactor;
                this.weights = weights;
              }

              @Differentiable
              public double price(double forward, double strike, double expiry, double vol) {
                final double sigmaRootT = Math.max(vol, volatilityFloor) * Math.sqrt(expiry);
                final int sign = isCall ? 1 : -1;
                final double d1 = Math.log(forward / strike) / sigmaRootT + 0.5 * sigmaRootT;
                final double d2 = d1 - sigmaRootT;
                return discountFactor * sign
                    * (forward * normalCdf(sign * d1) - strike * normalCdf(sign * d2));
              }

              @Differentiable
              double weighted(double[] xs) {
                double s = 0;
                for (int i = 0; i < xs.length; i++) {
                  s += weights[i % weights.length] * Math.exp(-xs[i] / this.temperature);
                }
                return s;
              }

              @Differentiable
              static double poissonLogPmf(double mean, int k) {
                return k * Math.log(mean) - mean - LOG_FACTORIALS[k];
              }

              @Differentiable
              static double interpolate(double[] xs, double[] ys, double x) {
                int seg = findSegment(xs, x);
                double t = (x - xs[seg]) / (xs[seg + 1] - xs[seg]);
                return ys[seg] * (1 - t) + ys[seg + 1] * t;
              }

              private static int findSegment(double[] xs, double x) {
                if (x < xs[0] || x > xs[xs.length - 1]) {
                  throw new IllegalArgumentException("x outside the grid: " + x);
                }
                for (int i = 0; i < xs.length - 2; i++) {
                  if (x < xs[i + 1]) {
                    return i;
                  }
                }
                return xs.length - 2;
              }

              private static double normalCdf(double x) {
                double k = 1.0 / (1.0 + 0.2316419 * Math.abs(x));
                double poly = k * (0.319381530 + k * (-0.356563782 + k * (1.781477937
                    + k * (-1.821255978 + k * 1.330274429))));
                double approx = 1.0 - Math.exp(-x * x / 2.0) / Math.sqrt(2.0 * Math.PI) * poly;
                return x >= 0.0 ? approx : 1.0 - approx;
              }
            }
            """));
    pricer = ArrayGradientCheck.of(code, "p.Pricer");
  }

  private static Object aPricer(boolean isCall) {
    return code.newInstance("p.Pricer", isCall, 0.97, new double[] {0.5, -1.5, 2.0});
  }

  @Test
  void privateFinalFieldsOfAnInstanceMethod() throws Exception {
    for (boolean isCall : new boolean[] {true, false}) {
      Object self = aPricer(isCall);
      pricer.check("price", self, 101.0, 95.0, 0.75, 0.2);
      pricer.check("price", self, 90.0, 100.0, 2.0, 0.35);
      SecondOrderTest.checkHessianVector(code, "p.Pricer", "price", self, 101.0, 95.0, 0.75,
          0.2);
    }
    String generated = code.compilation().generatedSourceFile("p.PricerGrad").orElseThrow()
        .getCharContent(true).toString();
    assertThat(generated).contains("private static final VarHandle discountFactor"
        + " = PrivateMembers.field(MethodHandles.lookup(), Pricer.class, \"discountFactor\");");
    assertThat(code.generatedMethodSource("p.PricerGrad", "Price price("))
        .contains("double discountFactor = (double) PricerGrad.discountFactor.get(self);");
  }

  @Test
  void privateArrayAndMutableFieldsAreReadAtEachCall() throws Exception {
    Object self = aPricer(true);
    double[] xs = {0.9, -0.2, 1.4, 0.1, 0.6};
    pricer.check("weighted", self, xs);
    SecondOrderTest.checkHessianVector(code, "p.Pricer", "weighted", self, xs);
    Field temperature = self.getClass().getDeclaredField("temperature");
    temperature.setAccessible(true);
    temperature.setDouble(self, 2.5);
    pricer.check("weighted", self, xs);
  }

  @Test
  void aPrivateTableFilledInAStaticBlock() {
    for (int k : new int[] {0, 3, 9}) {
      double mean = 2.5;
      double logFactorial = 0;
      for (int i = 2; i <= k; i++) {
        logFactorial += Math.log(i);
      }
      pricer.check("poissonLogPmf", mean, k);
      var gradient = GeneratedCode.components(
          code.invokeGradientWith("p.Pricer", "poissonLogPmf", mean, k));
      assertThat((double) gradient.get("value"))
          .isWithin(1e-12).of(k * Math.log(mean) - mean - logFactorial);
      assertThat((double) gradient.get("mean")).isWithin(1e-12).of(k / mean - 1);
    }
  }

  @Test
  void aPrivateMutableStaticIsReadWhenTheMethodRuns() throws Exception {
    Field floor = code.load("p.Pricer").getDeclaredField("volatilityFloor");
    floor.setAccessible(true);
    Object self = aPricer(true);
    try {
      floor.setDouble(null, 0.3);
      pricer.check("price", self, 101.0, 95.0, 0.75, 0.2);
      assertWithMessage("the floor is a constant of vol: d/dvol")
          .that(GeneratedCode.components(code.invokeGradientWith("p.Pricer", "price", self,
              101.0, 95.0, 0.75, 0.2)).get("vol"))
          .isEqualTo(0.0);
    } finally {
      floor.setDouble(null, 0.0);
    }
  }

  @Test
  void aLongMethodSplitIntoAFrameReadsItsPrivateFields() {
    String members = MethodSizeTest.straightLine(450, new java.util.Random(11))
        .replace("static double f(", "double f(")
        .replace("Math.sin(", "scale * Math.sin(")
        .replace("Activations.sigmoid(", "TABLE[1] * Activations.sigmoid(");
    ArrayGradientCheck check = ArrayGradientCheck.ofMembers("LongPrivate", """
          private static final double[] TABLE = new double[] {0.5, 0.75};
          private final double scale;

          LongPrivate(double scale) {
            this.scale = scale;
          }

          static {
            TABLE[0] = 0.25;
          }
        """ + members);
    check.check("f", check.code().newInstance("p.LongPrivate", 0.9), 0.3, -0.7, 1.1, 0.5);
  }

  @Test
  void aPrivateHelperWhoseResultIsDataIsCalledThroughAHandle() throws Exception {
    double[] xs = {0.0, 0.5, 1.25, 2.0};
    double[] ys = {1.0, -0.5, 0.75, 2.0};
    for (double x : new double[] {0.2, 0.9, 1.7}) {
      pricer.check("interpolate", xs, ys, x);
    }
    // On the segment [0.5, 1.25]: the slope of the line, and the weights of its ends.
    var gradient = GeneratedCode.components(
        code.invokeGradientWith("p.Pricer", "interpolate", xs, ys, 0.9));
    assertThat((double) gradient.get("x")).isWithin(1e-12).of((0.75 + 0.5) / 0.75);
    assertThat(((double[]) gradient.get("ys"))[2]).isWithin(1e-12).of(0.4 / 0.75);
    String generated = code.compilation().generatedSourceFile("p.PricerGrad").orElseThrow()
        .getCharContent(true).toString();
    assertThat(generated).contains("private static final MethodHandle findSegmentHandle"
        + " = PrivateMembers.method(MethodHandles.lookup(), Pricer.class, \"findSegment\", 2);");
    assertThat(generated).contains("int seg = PricerGrad.findSegment(xs, x);");
  }

  @Test
  void whatAPrivateHelperThrowsReachesTheCallerAsItIs() {
    java.lang.reflect.InvocationTargetException thrown = org.junit.jupiter.api.Assertions
        .assertThrows(java.lang.reflect.InvocationTargetException.class, () -> code
            .gradientMethod("p.Pricer", "interpolate")
            .invoke(null, new double[] {0, 1}, new double[] {0, 1}, 3.0));
    assertThat(thrown.getCause()).isInstanceOf(IllegalArgumentException.class);
    assertThat(thrown.getCause()).hasMessageThat().isEqualTo("x outside the grid: 3.0");
  }

  @Test
  void aPrivateFieldOfAPrivateNestedClassIsStillReported() {
    MarkedSource source = MarkedSource.ofMembers("""
        private static final class Table {
          private static final double[] VALUES = new double[4];

          static {
            VALUES[1] = 2.0;
          }
        }

        @Differentiable
        static double f(double x) {
          return x * Table.VALUES[1]; //!
        }
        """);
    Compilation compilation = source.compile();
    // As the README's table of messages says.
    assertThat(compilation).hadErrorContaining("the generated class cannot read the private"
        + " field VALUES, and cannot copy it: a static initializer block changes it; make the"
        + " class Table package-private").inFile(source.file()).onLine(source.line());
  }
}
