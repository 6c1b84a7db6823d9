package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code Math} and {@code StrictMath} functions beyond the smooth ones: step functions
 * ({@code floor}, {@code ceil}, {@code rint}, {@code signum}, {@code ulp}, {@code floorMod},
 * {@code floorDiv}), {@code copySign}, {@code fma}, {@code toRadians}, {@code toDegrees}, {@code
 * scalb}, {@code IEEEremainder} and {@code %} of doubles. Away from kinks each is checked against
 * central finite differences of the user's own method (value, gradient, tangent, Hessian-vector
 * product); at kinks and for the step functions, against the closed forms and the documented
 * conventions.
 */
class MathLibraryGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Lib", """
  @Differentiable
  static double steps(double x) {
    // A saw-tooth: x - floor(x) has slope 1 between the integers.
    return (x - Math.floor(x)) * x + Math.ceil(x) * Math.rint(2 * x) + Math.signum(x) * x
        + Math.ulp(x) * 1e10;
  }

  @Differentiable
  static double copySign(double m, double s) {
    return Math.copySign(m * m * m, s) + m * Math.copySign(2.0, s * m);
  }

  @Differentiable
  static double fma(double a, double b, double c) {
    return Math.fma(a * a, Math.sin(b), c * b);
  }

  @Differentiable
  static double angles(double degrees, double radians) {
    return Math.sin(Math.toRadians(degrees)) * Math.toDegrees(radians * radians);
  }

  @Differentiable
  static double scalb(double x, int k) {
    return Math.scalb(x * x, k) + Math.scalb(x, -k);
  }

  @Differentiable
  static double ieeeRemainder(double a, double b) {
    return Math.IEEEremainder(a * a, b) * b;
  }

  @Differentiable
  static double remainder(double a, double b) {
    double r = a % b;
    r %= 0.75 * b;
    return r * a;
  }

  @Differentiable
  static double wrapAround(double[] x) {
    // A ring: each element meets its neighbour, indices wrapped with floorMod and floorDiv.
    double s = 0;
    int n = x.length;
    for (int i = 0; i < n; i++) {
      int left = Math.floorMod(i - 1, n);
      int half = Math.floorDiv(-i, 2);
      s += x[i] * x[left] + half * x[i];
    }
    return s;
  }

  @Differentiable
  static double strict(double x, double y) {
    return StrictMath.exp(StrictMath.sin(x) * y) + StrictMath.hypot(x, y)
        + StrictMath.pow(x * x, 1.5) + StrictMath.floor(y) * x;
  }

  @Differentiable
  static double doubleConstants(double x) {
    double small = Double.MIN_NORMAL * Double.MAX_VALUE;
    return Math.min(x, Double.POSITIVE_INFINITY) * small + Integer.MAX_VALUE * 1e-9 * x;
  }
""");
  }

  @Test
  void stepFunctionsAreFlatBetweenTheirJumps() {
    for (double x : new double[] {0.3, 1.7, -2.4}) {
      f.check("steps", x);
      SecondOrderTest.checkHessianVector(f.code(), "p.Lib", "steps", x);
    }
    // d/dx [(x - floor x) x + ceil(x) rint(2x) + signum(x) x] = 2x - floor(x) + signum(x).
    assertThat((double) gradient("steps", 1.7).get("x")).isWithin(1e-12).of(2 * 1.7 - 1 + 1);
  }

  @Test
  void atAJumpAStepFunctionHasDerivativeZero() {
    // At x = 2, floor, ceil and rint jump; their derivative is taken as 0 there, so only the
    // smooth factors count: d/dx = (x - floor x) + x + signum(x) = 0 + 2 + 1.
    assertThat((double) gradient("steps", 2.0).get("x")).isWithin(1e-12).of(3.0);
    // At 0, signum jumps: d/dx = (0 - 0) + 0 + ceil(0) rint(0)' + signum(0) = 0.
    assertThat((double) gradient("steps", 0.0).get("x")).isWithin(1e-12).of(0.0);
  }

  @Test
  void copySignCarriesTheMagnitudesDerivativeWithTheSignsProduct() {
    f.check("copySign", 0.8, -1.5);
    f.check("copySign", -0.6, 2.0);
    SecondOrderTest.checkHessianVector(f.code(), "p.Lib", "copySign", -0.6, 2.0);
    // With m < 0 and s > 0, copySign(m³, s) = |m³| = -m³, so d/dm = -3m²; the second term
    // m · copySign(2, s m) is -2m, with derivative -2. Nothing flows to s.
    Map<String, Object> g = gradient("copySign", -0.6, 2.0);
    assertThat((double) g.get("m")).isWithin(1e-12).of(-3 * 0.36 - 2);
    assertThat((double) g.get("s")).isEqualTo(0.0);
  }

  @Test
  void fmaIsAProductPlusASum() {
    f.check("fma", 0.7, -1.1, 0.4);
    SecondOrderTest.checkHessianVector(f.code(), "p.Lib", "fma", 0.7, -1.1, 0.4);
    Map<String, Object> g = gradient("fma", 0.7, -1.1, 0.4);
    assertThat((double) g.get("a")).isWithin(1e-12).of(2 * 0.7 * Math.sin(-1.1));
    assertThat((double) g.get("b")).isWithin(1e-12).of(0.49 * Math.cos(-1.1) + 0.4);
    assertThat((double) g.get("c")).isWithin(1e-12).of(-1.1);
  }

  @Test
  void angleConversionsScaleByTheirConstant() {
    f.check("angles", 30.0, 0.9);
    SecondOrderTest.checkHessianVector(f.code(), "p.Lib", "angles", 30.0, 0.9);
    Map<String, Object> g = gradient("angles", 30.0, 0.9);
    double toRadians = Math.PI / 180;
    assertThat((double) g.get("degrees")).isWithin(1e-12)
        .of(Math.cos(30 * toRadians) * toRadians * Math.toDegrees(0.81));
  }

  @Test
  void scalbScalesTheDerivativeByThePowerOfTwo() {
    f.check("scalb", 0.6, 3);
    SecondOrderTest.checkHessianVector(f.code(), "p.Lib", "scalb", 0.6, 3);
    // d/dx [8 x² + x / 8] = 16 x + 1/8, exactly.
    assertThat((double) gradient("scalb", 0.6, 3).get("x")).isWithin(1e-12).of(16 * 0.6 + 0.125);
  }

  @Test
  void remaindersPassTheDividendsDerivativeAndTakeTheQuotientFromTheDivisor() {
    for (double[] p : new double[][] {{1.3, 0.4}, {-2.2, 0.7}, {2.9, -0.6}}) {
      f.check("ieeeRemainder", p[0], p[1]);
      f.check("remainder", p[0], p[1]);
      SecondOrderTest.checkHessianVector(f.code(), "p.Lib", "ieeeRemainder", p[0], p[1]);
      SecondOrderTest.checkHessianVector(f.code(), "p.Lib", "remainder", p[0], p[1]);
    }
    // IEEEremainder(a², b) · b at a = 1.3, b = 0.4: a² / b = 4.225 rounds to n = 4, so
    // d/db = r - n b = r - 1.6 and d/da = 2 a b.
    double r = Math.IEEEremainder(1.69, 0.4);
    Map<String, Object> g = gradient("ieeeRemainder", 1.3, 0.4);
    assertThat((double) g.get("a")).isWithin(1e-12).of(2 * 1.3 * 0.4);
    assertThat((double) g.get("b")).isWithin(1e-12).of(r - 4 * 0.4);
  }

  @Test
  void floorModAndFloorDivOfIntsIndexAndScale() {
    double[] x = {0.5, -1.25, 2.0, 0.75};
    f.check("wrapAround", (Object) x);
    SecondOrderTest.checkHessianVector(f.code(), "p.Lib", "wrapAround", (Object) x);
  }

  @Test
  void strictMathCallsStayStrictMathSoTheValueIsBitForBitTheUsers() {
    f.check("strict", 0.9, 1.4);
    SecondOrderTest.checkHessianVector(f.code(), "p.Lib", "strict", 0.9, 1.4);
    String source = f.code().generatedMethodSource("p.LibGrad", "Strict strict(");
    assertWithMessage(source).that(source).contains("StrictMath.exp(");
    assertWithMessage(source).that(source).contains("StrictMath.floor(y)");
  }

  @Test
  void doubleAndIntegerConstantsAreData() {
    f.check("doubleConstants", 0.4);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "Math.floor(x) * x + x; 1.5", "Math.copySign(x * x, x - 2) * x; 0.8",
      "Math.fma(x, x * x, Math.sin(x)); 0.7", "Math.toRadians(x * x); 1.3",
      "Math.scalb(x * x * x, 2); 0.6", "Math.IEEEremainder(x * x, 0.3) * x; 1.1",
      "(x * x % 0.7) * x; 1.2", "StrictMath.tanh(x) * x; 0.4"})
  void secondDerivatives(String expression, double x) {
    GeneratedCode one = ArrayGradientCheck.ofMembers("One", """
          @Differentiable
          static double f(double x) {
            return %s;
          }
        """.formatted(expression)).code();
    SecondOrderTest.checkHessianVector(one, "p.One", "f", x);
    ArrayGradientCheck.of(one, "p.One").check("f", x);
  }

  private static Map<String, Object> gradient(String method, Object... arguments) {
    return f.gradient(method, arguments);
  }
}
