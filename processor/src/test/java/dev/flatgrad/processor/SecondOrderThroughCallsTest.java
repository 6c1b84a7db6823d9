package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hessian-vector products and Hessians of methods that call other methods: forward over the
 * callees' pullbacks, through each callee's {@code fPullbackTangent}. Each method's gradient is
 * checked against central differences of the user's own method, its Hessian-vector product
 * against central differences of that gradient, and Hessians against closed forms.
 */
class SecondOrderThroughCallsTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Calls", """
  @Differentiable
  static double c(double x, double[] v) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += Math.sin(x * v[i]);
    }
    return s;
  }

  @Differentiable
  static double b(double x, double[] v) {
    return c(x * x, v) * x;
  }

  /** a calls b calls c, in a loop, with an array argument. */
  @Differentiable
  static double a(double x, double y, double[] v) {
    double t = 0;
    for (int k = 0; k < 3; k++) {
      t += b(x + k * y, v);
    }
    return t;
  }

  @Differentiable
  static double power(double x, int n) {
    if (n == 0) {
      return 1;
    }
    return x * power(x, n - 1);
  }

  /** Recursion with arrays: a running product of exponentials, from the end. */
  @Differentiable
  static double tail(double[] w, int i) {
    if (i == w.length) {
      return 0;
    }
    return Math.exp(w[i] * tail(w, i + 1) / 2) + w[i] * w[i];
  }

  @Differentiable
  static double square(double u) {
    return u * u;
  }

  /** x²y² + x²: the Hessian [[2y² + 2, 4xy], [4xy, 2x²]]. */
  @Differentiable
  static double twoSquares(double x, double y) {
    return square(x * y) + square(x);
  }

  /** An implicitly differentiated helper, private, in a while loop. */
  private static double softplus(double z) {
    return Math.log1p(Math.exp(z));
  }

  @Differentiable
  static double helperLoop(double[] w, int[][] data, double scale) {
    double s = 0;
    int i = 0;
    while (i < data.length) {
      double z = 0;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * data[i][j];
      }
      s += softplus(z * scale);
      i++;
    }
    return s + square(w[0]);
  }

  /** A matrix argument, and a callee whose other parameter gets a constant. */
  @Differentiable
  static double bilinear(double[][] m, double[] u) {
    double s = 0;
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < u.length; j++) {
        s += m[i][j] * u[i] * u[j];
      }
    }
    return s * s;
  }

  @Differentiable
  static double matrixCaller(double[][] m, double[] u, double r) {
    double q = bilinear(m, u);
    double p = b(2.0, u);
    return Math.tanh(q * r) + p * r + c(r, u);
  }

  static final class Inner {
    @Differentiable
    static double other(double x, double y) {
      return Math.atan2(x, y) * Calls.square(x + y);
    }
  }

  /** Another class's method, which calls back into this one. */
  @Differentiable
  static double crossClass(double x, double y) {
    return Inner.other(x * y, y - x) + Math.cos(Inner.other(y, 2));
  }
""");
  }

  @Test
  void chainOfThreeInALoopWithArrays() {
    double[] v = {0.3, -0.8, 1.1};
    check("c", 0.7, v);
    check("b", 0.7, v);
    check("a", 0.4, -0.3, v);
  }

  @Test
  void recursion() {
    check("power", 1.3, 5);
    check("tail", new double[] {0.2, -0.4, 0.5, 0.1}, 0);
  }

  @Test
  void helpersInLoopsAndCallsWithMatricesAndConstants() {
    check("helperLoop", new double[] {0.2, -0.5}, new int[][] {{1, 2}, {-3, 1}, {2, -1}}, 0.9);
    check("matrixCaller", new double[][] {{0.2, -0.3}, {0.5, 0.1}}, new double[] {0.4, -0.6},
        0.8);
  }

  @Test
  void anotherClassCallingBack() {
    check("crossClass", 0.6, 1.4);
  }

  @Test
  void denseHessianOfACallerAgainstTheClosedForm() {
    double x = 0.7;
    double y = -1.3;
    double[][] hessian = (double[][]) f.code().invokeMethodWith("p.CallsGrad",
        "twoSquaresHessian", x, y);
    double[][] expected = {{2 * y * y + 2, 4 * x * y}, {4 * x * y, 2 * x * x}};
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        assertWithMessage("H[%s][%s]", i, j).that(hessian[i][j])
            .isWithin(1e-12).of(expected[i][j]);
      }
    }
  }

  @Test
  void denseHessianOverArraysThroughCalls() {
    double[] v = {0.3, -0.8, 1.1};
    double[][] hessian = (double[][]) f.code().invokeMethodWith("p.CallsGrad", "bHessian",
        0.7, v.clone());
    assertThat(hessian.length).isEqualTo(4);
    for (int j = 0; j < 4; j++) {
      double[] direction = new double[4];
      direction[j] = 1;
      Map<String, Object> product = GeneratedCode.components((Record) f.code().invokeMethodWith(
          "p.CallsGrad", "bHessianVector", 0.7, v.clone(), direction[0],
          Arrays.copyOfRange(direction, 1, 4)));
      double[] column = new double[4];
      column[0] = (double) product.get("dot_x");
      System.arraycopy((double[]) product.get("dot_v"), 0, column, 1, 3);
      for (int i = 0; i < 4; i++) {
        assertWithMessage("H[%s][%s]", i, j).that(hessian[i][j])
            .isWithin(1e-14 * Math.max(1, Math.abs(column[i]))).of(column[i]);
      }
    }
    // Symmetric, as a Hessian is: H[0][k] is computed through c's pullback tangent.
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        assertWithMessage("H[%s][%s]", i, j).that(hessian[i][j])
            .isWithin(1e-12 * Math.max(1, Math.abs(hessian[j][i]))).of(hessian[j][i]);
      }
    }
  }

  /**
   * The pullback tangent itself: along the upstream direction alone it adds the gradient into
   * the sinks' tangents; along the parameters, upstream × the Hessian-vector product.
   */
  @Test
  void pullbackTangentSplitsIntoGradientAndHessianParts() {
    double[] v = {0.3, -0.8, 1.1};
    Map<String, Object> gradient = GeneratedCode.components(
        f.code().invokeGradientWith("p.Calls", "b", 0.7, v.clone()));
    double[] dotSink = new double[3];
    Map<String, Object> alongUpstream = GeneratedCode.components((Record) f.code()
        .invokeMethodWith("p.CallsGrad", "bPullbackTangent", 0.7, v.clone(), 2.0, null, 0.0,
            null, 1.0, dotSink));
    assertThat(alongUpstream.get("dot_x")).isEqualTo(gradient.get("x"));
    assertThat(dotSink).isEqualTo((double[]) gradient.get("v"));
    assertThat(alongUpstream.get("x")).isEqualTo(2 * (double) gradient.get("x"));

    double[] direction = {0.5, -0.2, 0.9};
    Map<String, Object> product = GeneratedCode.components((Record) f.code().invokeMethodWith(
        "p.CallsGrad", "bHessianVector", 0.7, v.clone(), 0.3, direction.clone()));
    double[] hv = new double[3];
    Map<String, Object> alongParameters = GeneratedCode.components((Record) f.code()
        .invokeMethodWith("p.CallsGrad", "bPullbackTangent", 0.7, v.clone(), 2.0, null, 0.3,
            direction.clone(), 0.0, hv));
    assertThat((double) alongParameters.get("dot_x"))
        .isWithin(1e-12).of(2 * (double) product.get("dot_x"));
    double[] expected = (double[]) product.get("dot_v");
    for (int i = 0; i < 3; i++) {
      assertThat(hv[i]).isWithin(1e-12).of(2 * expected[i]);
    }
  }

  @Test
  void callersCallThePullbackTangentInTheirHessianVectorProduct() throws Exception {
    String source = f.code().compilation().generatedSourceFile("p.CallsGrad").orElseThrow()
        .getCharContent(true).toString();
    String a = source.substring(source.indexOf("public static AHessianVector aHessianVector("));
    a = a.substring(0, a.indexOf("\n  }\n"));
    assertThat(a).contains("CallsGrad.bTangent(t1, v, dot_t1, dot_v).tangent()");
    assertThat(a).contains("var pulled = CallsGrad.bPullbackTangent(t1, v, grad_t2, grad_v,"
        + " dot_t1, dot_v, 0.0, dot_grad_v);");
    assertThat(a).contains("double dot_grad_t1 = pulled.dot_x();");
    assertThat(source).contains("public static BPullbackTangent bPullbackTangent(double x,"
        + " double[] v, double upstream,\n      double[] grad_v, double dot_x, double[] dot_v,"
        + " double dot_upstream, double[] dot_grad_v)");
  }

  /**
   * A call passing an active value to a parameter outside the callee's wrt is the caller's
   * error, on the caller; looking for second order first must not turn it into an internal
   * error (a fuzz finding).
   */
  @Test
  void anUndifferentiableCallIsStillTheCallersError() {
    MarkedSource source = MarkedSource.ofMembers("""
        @Differentiable(wrt = "a")
        static double g(double a, double b) {
          return a * b;
        }

        @Differentiable
        static double f(double x) { //!
          return g(x, x * x);
        }
        """);
    com.google.testing.compile.Compilation compilation = source.compile();
    com.google.testing.compile.CompilationSubject.assertThat(compilation)
        .hadErrorContaining("as its parameter 'b', which g is not differentiated with respect to")
        .inFile(source.file()).onLine(source.line());
    assertWithMessage("errors: %s", compilation.errors()).that(compilation.errors()).hasSize(1);
  }

  private static void check(String method, Object... arguments) {
    f.check(method, arguments);
    SecondOrderTest.checkHessianVector(f.code(), "p.Calls", method, arguments);
  }
}
