package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Custom rules with a tangent rule, {@code @Differentiable(pullback = ..., tangent = ...)}: their
 * tangent calls it, and they and their callers get Hessian-vector products from its gradient.
 * Values and gradients against central differences of the user's methods, Hessian-vector
 * products against central differences of the gradient, the dense Hessian of log-sum-exp
 * against its closed form diag(p) − p pᵀ; without a tangent rule, no second order, and the
 * Javadoc says why; a bad tangent rule is an error on the annotation.
 */
class TangentRuleTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Rules", """
  @Differentiable(pullback = "lsePullback", tangent = "lseAlong")
  static double lse(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double xi : x) {
      max = Math.max(max, xi);
    }
    double sum = 0;
    for (double xi : x) {
      sum += Math.exp(xi - max);
    }
    return max + Math.log(sum);
  }

  static double lsePullback(double[] x, double upstream, double[] gradX) {
    double value = lse(x);
    for (int i = 0; i < x.length; i++) {
      gradX[i] += upstream * Math.exp(x[i] - value);
    }
    return value;
  }

  /** softmax(x) · dot_x; flatgrad differentiates it through lse's own pullback. */
  @Differentiable(wrt = "x")
  static double lseAlong(double[] x, double[] dot_x) {
    double value = lse(x);
    double t = 0;
    for (int i = 0; i < x.length; i++) {
      t += Math.exp(x[i] - value) * dot_x[i];
    }
    return t;
  }

  /** g(a, v) = a² Σ v³, its derivative by hand. */
  @Differentiable(pullback = "gPullback", tangent = "gAlong")
  static double g(double a, double[] v) {
    double s = 0;
    for (double vi : v) {
      s += vi * vi * vi;
    }
    return a * a * s;
  }

  record GPullback(double value, double a) {}

  static GPullback gPullback(double a, double[] v, double upstream, double[] gradV) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * v[i] * v[i];
      gradV[i] += upstream * 3 * a * a * v[i] * v[i];
    }
    return new GPullback(a * a * s, upstream * 2 * a * s);
  }

  /** Every parameter differentiated, the directions too (their gradients are dropped). */
  @Differentiable
  static double gAlong(double a, double[] v, double dot_a, double[] dot_v) {
    double s = 0;
    double ds = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * v[i] * v[i];
      ds += 3 * v[i] * v[i] * dot_v[i];
    }
    return 2 * a * dot_a * s + a * a * ds;
  }

  @Differentiable(wrt = "logits")
  static double crossEntropy(double[] logits, int label) {
    return lse(logits) - logits[label];
  }

  /** Calls both rules, g in a loop with a varying argument. */
  @Differentiable
  static double mix(double a, double[] v) {
    double s = 0;
    for (int k = 1; k <= 2; k++) {
      s += g(a * k + 0.5, v);
    }
    return Math.sin(s) + lse(v) * a;
  }

  @Differentiable(pullback = "cubePullback")
  static double cube(double x) {
    return x * x * x;
  }

  record CubePullback(double value, double x) {}

  static CubePullback cubePullback(double x, double upstream) {
    return new CubePullback(x * x * x, upstream * 3 * x * x);
  }

  @Differentiable
  static double callsCube(double x) {
    return cube(x) * 2;
  }

  @Differentiable
  static double callsCallsCube(double x) {
    return callsCube(x) + x;
  }
""");
  }

  @Test
  void rulesAndTheirCallersHaveHessianVectorProducts() {
    double[] x = {0.3, 1.2, -0.7};
    check("lse", (Object) x);
    check("g", 0.8, new double[] {0.4, -1.1});
    check("crossEntropy", x, 1);
    check("mix", 0.6, new double[] {0.2, -0.5, 0.9});
  }

  @Test
  void tangentCallsTheTangentRule() throws Exception {
    double[] x = {0.3, 1.2, -0.7};
    double[] direction = {0.5, -1, 2};
    Map<String, Object> tangent = GeneratedCode.components((Record) f.code().invokeMethodWith(
        "p.RulesGrad", "lseTangent", x.clone(), direction.clone()));
    double[] gradient = (double[]) f.gradient("lse", (Object) x.clone()).get("x");
    double expected = 0;
    for (int i = 0; i < 3; i++) {
      expected += gradient[i] * direction[i];
    }
    assertThat((double) tangent.get("tangent")).isWithin(1e-15).of(expected);
    assertThat(tangent.get("value")).isEqualTo(f.value("lse", (Object) x.clone()));
    assertThat(source()).contains("return new LseTangent(Rules.lse(x), Rules.lseAlong(x,"
        + " dot_x));");
  }

  @Test
  void customRuleEntryPointsRejectSinksThatAliasWhatTheyRead() {
    double[] x = {0.3, 1.2, -0.7};
    double[] gradX = new double[3];
    double[] dotX = {1, 0, 0};
    assertRejected("grad_x is the array x itself", "lsePullback", x, 1.0, x);
    assertRejected("grad_x is the array x itself", "lseAccumulate", x, x);
    assertRejected("dot_grad_x is the array grad_x itself", "lsePullbackTangent", x, 1.0, gradX,
        dotX, 0.0, gradX);
    assertRejected("dot_grad_x is the array dot_x itself", "lsePullbackTangent", x, 1.0, null,
        dotX, 0.0, dotX);
    assertRejected("grad_v is the array v itself", "gPullback", 0.8, x, 1.0, x);
    assertThat(x).isEqualTo(new double[] {0.3, 1.2, -0.7});
    assertThat(gradX).isEqualTo(new double[3]);
    assertThat(dotX).isEqualTo(new double[] {1, 0, 0});
  }

  private static void assertRejected(String message, String method, Object... arguments) {
    AssertionError error = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> f.code().invokeMethodWith("p.RulesGrad", method, arguments));
    assertWithMessage("what %s threw", method).that(error.getCause())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(error.getCause()).hasMessageThat().contains(message);
  }

  @Test
  void denseHessianOfLogSumExpIsDiagPMinusPPTransposed() {
    double[] x = {0.3, 1.2, -0.7};
    double[][] hessian = (double[][]) f.code().invokeMethodWith("p.RulesGrad", "lseHessian",
        (Object) x.clone());
    double sum = Arrays.stream(x).map(Math::exp).sum();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double pi = Math.exp(x[i]) / sum;
        double pj = Math.exp(x[j]) / sum;
        assertWithMessage("H[%s][%s]", i, j).that(hessian[i][j])
            .isWithin(1e-14).of((i == j ? pi : 0) - pi * pj);
      }
    }
  }

  @Test
  void withoutATangentRuleNoSecondOrderAndTheJavadocSaysWhy() {
    Class<?> grad = f.code().load("p.RulesGrad");
    assertThat(Arrays.stream(grad.getMethods()).map(java.lang.reflect.Method::getName)
        .filter(name -> name.startsWith("cube") || name.startsWith("callsC")).sorted().toList())
        .containsExactly("callsCallsCube", "callsCallsCubeAccumulate", "callsCallsCubePullback",
            "callsCallsCubeTangent", "callsCube", "callsCubeAccumulate", "callsCubePullback",
            "callsCubeTangent", "cube", "cubeAccumulate", "cubePullback", "cubeTangent");
    String source = source();
    assertThat(source).contains("No cubeHessianVector or cubeHessian method is generated, for"
        + " this method or the methods that call it:\n   * its custom derivative has no tangent"
        + " rule (@Differentiable(tangent = ...)).");
    assertThat(source).contains("No callsCubeHessianVector or callsCubeHessian method is"
        + " generated: it calls cube, whose custom derivative has no tangent rule"
        + " (@Differentiable(tangent = ...)).");
    assertThat(source).contains("No callsCallsCubeHessianVector or callsCallsCubeHessian method"
        + " is generated: it calls callsCube, which has no Hessian-vector product itself.");
    f.check("callsCallsCube", 0.7);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRules")
  void aBadTangentRuleIsAnErrorOnTheAnnotation(String what, String members, String message) {
    MarkedSource source = MarkedSource.ofMembers(members);
    Compilation compilation = source.compile();
    CompilationSubject.assertThat(compilation).failed();
    CompilationSubject.assertThat(compilation).hadErrorContaining(message)
        .inFile(source.file()).onLine(source.line());
    assertWithMessage("errors for %s: %s", what, compilation.errors())
        .that(compilation.errors()).hasSize(1);
  }

  static Stream<Arguments> badRules() {
    String rule = """
        @Differentiable(pullback = "fPullback", tangent = "fTangentRule") //!
        static double f(double x, double[] v) {
          return x * v[0];
        }

        record FPullback(double value, double x) {}

        static FPullback fPullback(double x, double[] v, double upstream, double[] gradV) {
          gradV[0] += upstream * x;
          return new FPullback(x * v[0], upstream * v[0]);
        }
        """;
    return Stream.of(
        Arguments.of("missing", rule, "the tangent rule fTangentRule of f does not exist;"
            + " declare @Differentiable(wrt = {\"x\", \"v\"}) static double fTangentRule(double x,"
            + " double[] v, double dot_x, double[] dot_v)"),
        Arguments.of("no directions", rule + """
            @Differentiable
            static double fTangentRule(double x, double[] v) {
              return v[0];
            }
            """, "the tangent rule fTangentRule of f has 2 parameters, not 4"),
        Arguments.of("not differentiable", rule + """
            static double fTangentRule(double x, double[] v, double dot_x, double[] dot_v) {
              return dot_x * v[0] + x * dot_v[0];
            }
            """, "must be @Differentiable: its derivative is the Hessian times the direction"),
        Arguments.of("wrt too narrow", rule + """
            @Differentiable(wrt = "x")
            static double fTangentRule(double x, double[] v, double dot_x, double[] dot_v) {
              return dot_x * v[0] + x * dot_v[0];
            }
            """, "must be differentiated with respect to v"),
        Arguments.of("without a pullback", """
            @Differentiable(tangent = "fTangentRule") //!
            static double f(double x) {
              return x * x;
            }

            @Differentiable
            static double fTangentRule(double x, double dot_x) {
              return 2 * x * dot_x;
            }
            """, "a tangent rule goes with a custom pullback"));
  }

  private static String source() {
    try {
      return f.code().compilation().generatedSourceFile("p.RulesGrad").orElseThrow()
          .getCharContent(true).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void check(String method, Object... arguments) {
    f.check(method, arguments);
    SecondOrderTest.checkHessianVector(f.code(), "p.Rules", method, arguments);
  }
}
