package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated entry points check their array arguments first: a null input, a gradient or direction
 * array shaped unlike its input, and a gradient array that is the input itself (which used to be
 * silently corrupted), or another argument, or another gradient array, are an
 * {@link IllegalArgumentException} naming the parameters.
 */
class ArgumentChecksTest {

  private static GeneratedCode code;

  @BeforeAll
  static void compile() {
    code = GeneratedCode.compile("p.Args", """
        package p;

        import dev.flatgrad.Differentiable;

        class Args {
          @Differentiable
          static double f(double[] x, double[][] w, double a) {
            double s = a;
            for (int i = 0; i < w.length; i++) {
              for (int j = 0; j < w[i].length; j++) {
                s += w[i][j] * x[j] * x[j];
              }
            }
            return s * a;
          }

          @Differentiable(wrt = {"u", "v"})
          static double g(double[] u, double[] v, double[] data) {
            double s = 0;
            for (int i = 0; i < u.length; i++) {
              s += u[i] * v[i] * data[i];
            }
            return s;
          }

          record P(double[] w, double c) {}

          @Differentiable
          static double h(P p, double[] z) {
            double s = p.c();
            for (int i = 0; i < z.length; i++) {
              s += p.w()[i] * z[i] * z[i];
            }
            return s * s;
          }
        }
        """);
  }

  private final double[] x = {1, 2};
  private final double[][] w = {{1, 2}, {3, 4}, {5, 6}};

  @Test
  void nullInputArray() {
    assertRejected("x is null", () -> call("f", null, w, 0.5));
    assertRejected("w is null", () -> call("f", x, null, 0.5));
    assertRejected("w[1] is null", () -> call("f", x, new double[][] {{1, 2}, null}, 0.5));
    assertRejected("x is null", () -> call("fPullback", null, w, 0.5, 1.0, null, null));
    assertRejected("x is null", () -> call("fTangent", null, w, 0.5, null, null, 1.0));
    assertRejected("x is null", () -> call("fHessianVector", null, w, 0.5, null, null, 1.0));
  }

  @Test
  void sinkShapedUnlikeItsInput() {
    assertRejected("grad_x has length 3 but x has length 2",
        () -> call("fAccumulate", x, w, 0.5, new double[3], zerosLike(w)));
    assertRejected("grad_w has 2 rows but w has 3",
        () -> call("fPullback", x, w, 0.5, 1.0, new double[2], new double[2][2]));
    assertRejected("grad_w[2] has length 1 but w[2] has length 2",
        () -> call("fAccumulate", x, w, 0.5, new double[2],
            new double[][] {{0, 0}, {0, 0}, {0}}));
    assertRejected("grad_w[0] is null", () -> call("fAccumulate", x, w, 0.5, new double[2],
        new double[][] {null, {0, 0}, {0, 0}}));
  }

  @Test
  void sinkThatIsItsInput() {
    double[] before = x.clone();
    assertRejected("grad_x is the array x itself", () -> call("fAccumulate", x, w, 0.5, x, null));
    assertThat(x).isEqualTo(before);
    assertRejected("grad_w is the array w itself",
        () -> call("fPullback", x, w, 0.5, 1.0, null, w));
    double[][] sharesARow = {new double[2], w[1], new double[2]};
    assertRejected("grad_w[1] is the array w[1] itself",
        () -> call("fAccumulate", x, w, 0.5, null, sharesARow));
  }

  @Test
  void sinkThatIsAnotherArgumentOrAnotherSink() {
    double[] u = {1, 2};
    double[] v = {3, 4};
    double[] data = {5, 6};
    assertRejected("grad_u is the array v itself",
        () -> call("gAccumulate", u, v, data, v, new double[2]));
    assertRejected("grad_v is the array data itself",
        () -> call("gPullback", u, v, data, 1.0, null, data));
    double[] shared = new double[2];
    assertRejected("grad_u and grad_v are the same array",
        () -> call("gAccumulate", u, v, data, shared, shared));
    double[] sum = new double[2];
    call("gAccumulate", u, u, data, sum, sum);
    assertWithMessage("one array passed twice gets the sum of both gradients").that(sum)
        .isEqualTo(new double[] {2 * 1 * 5, 2 * 2 * 6});
    assertThat(v).isEqualTo(new double[] {3, 4});
    assertThat(data).isEqualTo(new double[] {5, 6});
    assertThat(shared).isEqualTo(new double[2]);
  }

  @Test
  void separateSinksPass() {
    double[] gradU = new double[2];
    double[] gradV = new double[2];
    call("gAccumulate", new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6}, gradU,
        gradV);
    assertThat(gradU).isEqualTo(new double[] {3 * 5, 4 * 6});
    assertThat(gradV).isEqualTo(new double[] {1 * 5, 2 * 6});
  }

  @Test
  void directionShapedUnlikeItsInput() {
    assertRejected("dot_x has length 1 but x has length 2",
        () -> call("fTangent", x, w, 0.5, new double[1], null, 1.0));
    assertRejected("dot_w[0] has length 3 but w[0] has length 2",
        () -> call("fHessianVector", x, w, 0.5, null,
            new double[][] {{0, 0, 0}, {0, 0}, {0, 0}}, 1.0));
  }

  @Test
  void nullSinksAndDirectionsStillMeanNoneAndZero() {
    Object value = GeneratedCode.components((Record) call("fAccumulate", x, w, 0.5, null, null))
        .get("value");
    assertThat(value).isEqualTo(code.invokeUserWith("p.Args", "f", x, w, 0.5));
    call("fTangent", x, w, 0.5, null, null, 1.0);
    call("fHessianVector", x, w, 0.5, null, null, 1.0);
  }

  @Test
  void pullbackTangentAddsIntoNothingItReadsOrAddsIntoElsewhere() {
    double[] u = {1, 2};
    double[] v = {3, 4};
    double[] data = {5, 6};
    double[] gradU = new double[2];
    double[] dotV = {1, 0};
    assertRejected("dot_grad_u is the array grad_u itself", () -> call("gPullbackTangent", u, v,
        data, 1.0, gradU, null, null, null, 0.0, gradU, null));
    assertRejected("dot_grad_u is the array v itself", () -> call("gPullbackTangent", u, v,
        data, 1.0, null, null, null, null, 0.0, v, null));
    assertRejected("dot_grad_v is the array data itself", () -> call("gPullbackTangent", u, v,
        data, 1.0, null, null, null, null, 0.0, null, data));
    assertRejected("dot_grad_u is the array dot_v itself", () -> call("gPullbackTangent", u, v,
        data, 1.0, null, null, null, dotV, 0.0, dotV, null));
    assertRejected("grad_v is the array dot_v itself", () -> call("gPullbackTangent", u, v,
        data, 1.0, null, dotV, null, dotV, 0.0, null, null));
    double[] shared = new double[2];
    assertRejected("dot_grad_u and dot_grad_v are the same array", () -> call("gPullbackTangent",
        u, v, data, 1.0, null, null, null, null, 0.0, shared, shared));
    assertRejected("dot_grad_x is the array x itself", () -> call("fPullbackTangent", x, w, 0.5,
        1.0, null, null, null, null, 0.0, 0.0, x, null));
    assertThat(u).isEqualTo(new double[] {1, 2});
    assertThat(v).isEqualTo(new double[] {3, 4});
    assertThat(data).isEqualTo(new double[] {5, 6});
    assertThat(dotV).isEqualTo(new double[] {1, 0});
    assertThat(gradU).isEqualTo(new double[2]);
    assertThat(shared).isEqualTo(new double[2]);
    // One array passed for both still gets both gradients' tangents, summed.
    double[] sum = new double[2];
    double[] dotSum = new double[2];
    call("gPullbackTangent", u, u, data, 1.0, sum, sum, null, null, 1.0, dotSum, dotSum);
    assertThat(dotSum).isEqualTo(new double[] {2 * 1 * 5, 2 * 2 * 6});
  }

  @Test
  void recordSinksAreCheckedLikeArrays() {
    double[] z = {0.5, -1};
    Object p = record(new double[] {2, 3}, 0.25);
    assertRejected("grad_p_w is the array z itself",
        () -> call("hAccumulate", p, z, record(z, 0.0), null));
    assertRejected("grad_p_w is the array p_w itself",
        () -> call("hPullback", p, z, 1.0, p, null));
    double[] gradZ = new double[2];
    assertRejected("dot_grad_p_w is the array grad_z itself", () -> call("hPullbackTangent", p,
        z, 1.0, null, gradZ, null, null, 0.0, record(gradZ, 0.0), null));
    double[] dotW = {1, 1};
    assertRejected("dot_grad_z is the array dot_p_w itself", () -> call("hPullbackTangent", p,
        z, 1.0, null, null, record(dotW, 0.0), null, 0.0, null, dotW));
    assertThat(z).isEqualTo(new double[] {0.5, -1});
    assertThat(dotW).isEqualTo(new double[] {1, 1});
  }

  private static Object record(double[] w, double c) {
    try {
      var constructor =
          code.load("p.Args$P").getDeclaredConstructor(double[].class, double.class);
      constructor.setAccessible(true);
      return constructor.newInstance(w, c);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object call(String method, Object... arguments) {
    return code.invokeMethodWith("p.ArgsGrad", method, arguments);
  }

  private static double[][] zerosLike(double[][] matrix) {
    double[][] zeros = new double[matrix.length][];
    for (int i = 0; i < matrix.length; i++) {
      zeros[i] = new double[matrix[i].length];
    }
    return zeros;
  }

  private static void assertRejected(String message, Supplier<Object> call) {
    AssertionError error = assertThrows(AssertionError.class, call::get);
    assertWithMessage("what the call threw").that(error.getCause())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(error.getCause()).hasMessageThat().contains(message);
  }
}
