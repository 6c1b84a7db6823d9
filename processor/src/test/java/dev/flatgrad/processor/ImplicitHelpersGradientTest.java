package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static helpers without {@code @Differentiable} in the caller's own class, differentiated
 * implicitly: private ones, helpers called from loops and branches, chains, recursion, arrays,
 * nested classes. Each method is checked against central finite differences of the user's own
 * method (value, gradient, tangent; the Hessian-vector product where flatgrad generates one).
 */
class ImplicitHelpersGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Helpers", """
  @Differentiable
  static double inLoop(double[] x, double a) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += softClip(x[i] * a, 2.0) + square(x[i]);
      if (x[i] > 0) {
        s -= square(a - x[i]);
      }
    }
    return s;
  }

  static double softClip(double v, double limit) {
    return limit * Math.tanh(v / limit);
  }

  private static double square(double v) {
    return v * v;
  }

  @Differentiable
  static double chain(double x, double y) {
    return outer(x, y) * y;
  }

  private static double outer(double x, double y) {
    return middle(x * y) + Math.sin(x);
  }

  static double middle(double u) {
    double t = inner(u, 3);
    return t * t;
  }

  private static double inner(double u, int n) {
    double p = 1;
    for (int k = 0; k < n; k++) {
      p = p * u + 0.5;
    }
    return p;
  }

  @Differentiable
  static double recursive(double x, int n) {
    return power(x, n) + fib(x, n);
  }

  private static double power(double x, int n) {
    return n == 0 ? 1 : x * power(x, n - 1);
  }

  static double fib(double x, int n) {
    if (n <= 1) {
      return x;
    }
    return Math.sin(fib(x, n - 1)) + 0.5 * fib(x, n - 2);
  }

  @Differentiable
  static double arrays(double[] w, double[][] m) {
    return dot(w, w) + rowSum(m, 1) * w[0];
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double rowSum(double[][] m, int r) {
    double s = 0;
    for (int j = 0; j < m[r].length; j++) {
      s += Math.exp(-m[r][j]) * m[r][j];
    }
    return s;
  }

  @Differentiable
  static double nested(double x) {
    return Util.cube(x) + Util.shifted(x);
  }

  private static final class Util {
    private static double cube(double v) {
      return v * v * v;
    }

    static double shifted(double v) {
      return Math.log(1 + v * v);
    }
  }

  static final class Inner {
    @Differentiable
    static double fromNested(double x, double y) {
      return square(x) + Util.shifted(y) * softClip(x, 1.5);
    }
  }

  @Differentiable
  static double constantArgument(double x, double[] data) {
    return square(3.0) * x + dot(data, data) * square(x);
  }

  @Differentiable
  static double covariance(double[] xs, double[] ys) {
    double xMean = mean(xs);
    double yMean = mean(ys);
    double s = 0;
    for (int i = 0; i < xs.length; i++) {
      s += (xs[i] - xMean) * (ys[i] - yMean);
    }
    return s / (xs.length - 1);
  }

  private static double mean(double... values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
""");
  }

  @Test
  void aVarargsHelperCalledWithAnArray() {
    double[] xs = {0.7, -1.2, 0.4, 2.1};
    double[] ys = {1.5, 0.2, -0.8, 0.9};
    f.check("covariance", xs, ys);
    checkHessianVectorIfGenerated("covariance", xs, ys);
    // d cov / d xs[i] = (ys[i] - mean(ys)) / (n - 1): the centred ys sum to zero.
    double[] gradient = (double[]) f.gradient("covariance", xs, ys).get("xs");
    assertThat(gradient[0]).isWithin(1e-12).of((1.5 - 0.45) / 3);
  }

  @Test
  void helpersCalledFromLoopsAndBranches() {
    double[] x = {0.7, -1.2, 0.4, 2.1};
    f.check("inLoop", x, 0.8);
  }

  @Test
  void aChainOfHelpersPrivateAndNot() {
    f.check("chain", 0.6, -0.9);
  }

  @Test
  void recursiveHelpers() {
    f.check("recursive", 0.8, 5);
    f.check("recursive", -1.3, 1);
    // x^3 + fib(x, 3), fib(x, 3) = sin(sin(x) + x / 2) + x / 2.
    assertThat((double) f.gradient("recursive", 2.0, 3).get("x")).isWithin(1e-12)
        .of(3 * 4.0 + Math.cos(Math.sin(2.0) + 1) * (Math.cos(2.0) + 0.5) + 0.5);
  }

  @Test
  void helpersOfArraysAndMatrices() {
    double[] w = {0.3, -0.5, 1.2};
    double[][] m = {{0.1, 0.2}, {-0.4, 0.9}};
    f.check("arrays", w, m);
  }

  @Test
  void privateHelpersOfPrivateNestedClasses() {
    f.check("nested", 0.9);
  }

  @Test
  void aNestedClassCallsItsOuterClassesPrivateHelpers() {
    double x = 0.3;
    double y = -1.1;
    double h = 1e-6;
    var result = GeneratedCode.components((Record) f.code().invokeMethodWith(
        "p.Helpers_InnerGrad", "fromNested", x, y));
    assertThat((double) result.get("value")).isEqualTo(nestedUser(x, y));
    assertThat((double) result.get("x")).isWithin(1e-7)
        .of((nestedUser(x + h, y) - nestedUser(x - h, y)) / (2 * h));
    assertThat((double) result.get("y")).isWithin(1e-7)
        .of((nestedUser(x, y + h) - nestedUser(x, y - h)) / (2 * h));
  }

  private static double nestedUser(double x, double y) {
    return (double) f.code().invokeMethodWith("p.Helpers$Inner", "fromNested", x, y);
  }

  @Test
  void constantAndDataArgumentsCallSpecializedPullbacks() {
    double[] data = {1, 2, 3};
    f.check("constantArgument", 0.4, data);
  }

  @Test
  void theGeneratedClassNeverCallsAPrivateHelper() {
    String generated = source("p.HelpersGrad");
    assertThat(generated).doesNotContain("Helpers.square(");
    assertThat(generated).doesNotContain("Helpers.inner(");
    assertThat(generated).doesNotContain("Util.cube(");
    assertThat(generated).contains("Helpers.softClip(");
    // Helpers get the members callers need, not a public gradient entry point.
    assertThat(generated).contains("static double square(double v)");
    assertThat(generated).doesNotContain("public static Square square(");
    assertThat(generated).doesNotContain("squareAccumulate");
  }

  @Test
  void hessianVectorProductsThroughHelpers() {
    double[] x = {0.7, -1.2, 0.4, 2.1};
    double[] w = {0.3, -0.5, 1.2};
    double[][] m = {{0.1, 0.2}, {-0.4, 0.9}};
    double[] data = {1, 2, 3};
    checkHessianVectorIfGenerated("inLoop", x, 0.8);
    checkHessianVectorIfGenerated("chain", 0.6, -0.9);
    checkHessianVectorIfGenerated("recursive", 0.8, 5);
    checkHessianVectorIfGenerated("arrays", w, m);
    checkHessianVectorIfGenerated("nested", 0.9);
    checkHessianVectorIfGenerated("constantArgument", 0.4, data);
  }

  private static String source(String gradClass) {
    try {
      return f.code().compilation().generatedSourceFile(gradClass).orElseThrow()
          .getCharContent(true).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Second order through calls comes with issue 15 (forward over the callees' pullbacks); until
   * then flatgrad generates no Hessian-vector product for a method that calls another, helper
   * or not, and this checks it wherever it exists.
   */
  private static void checkHessianVectorIfGenerated(String method, Object... arguments) {
    boolean generated = Arrays.stream(f.code().load("p.HelpersGrad").getDeclaredMethods())
        .anyMatch(m -> m.getName().equals(method + "HessianVector"));
    assumeTrue(generated, "no HessianVector through calls yet");
    SecondOrderTest.checkHessianVector(f.code(), "p.Helpers", method, arguments);
  }
}
