package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.lang.reflect.Method;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code float}, {@code float[]} and {@code float[][]} as differentiable types: gradients,
 * pullbacks, tangents and Hessian-vector products in the primal's type (as JAX does with
 * float32), checked against central finite differences of the user's own float method
 * ({@link FloatGradientCheck} explains the float tolerance) and against closed forms.
 */
class FloatGradientTest {

  private static FloatGradientCheck f;

  @BeforeAll
  static void compile() {
    f = FloatGradientCheck.ofMembers("Floats", """
          @Differentiable
          static float scalar(float x, float y) {
            float a = x * y + 2 * x;
            return a * (float) Math.sin(x);
          }
        """);
  }

  @Test
  void scalarFloatMethod() {
    f.check("scalar", 0.7f, -1.3f);
    f.check("scalar", -2.5f, 3.25f);
  }

  @Test
  void scalarGradientIsTheClosedFormInFloat() {
    float x = 0.7f;
    float y = -1.3f;
    Map<String, Object> g = f.gradient("scalar", x, y);
    assertThat(g.get("value")).isInstanceOf(Float.class);
    assertThat(g.get("x")).isInstanceOf(Float.class);
    // f = (xy + 2x) sin x: ∂f/∂x = (y + 2) sin x + (xy + 2x) cos x, ∂f/∂y = x sin x.
    double dx = (y + 2) * Math.sin(x) + (x * y + 2 * x) * Math.cos(x);
    double dy = x * Math.sin(x);
    assertThat((double) (float) g.get("x")).isWithin(1e-6).of(dx);
    assertThat((double) (float) g.get("y")).isWithin(1e-6).of(dy);
  }

  @Test
  void scalarGeneratedCodeIsWrittenInFloat() throws Exception {
    String source = f.source("Scalar scalar(");
    assertThat(source).contains("public static Scalar scalar(float x, float y)");
    assertThat(source).contains("float grad_value = 1.0f;");
    // The one double step, Math.sin, is narrowed back once, as the user narrowed it.
    assertThat(source).contains("float grad_x = (float) (grad_t2 * Math.cos(x));");
    assertThat(source).contains("float grad_y = grad_t0 * x;");
    assertThat(source).doesNotContain("(double)");
    Class<?> grad = f.code().load("p.FloatsGrad");
    Method pullback = grad.getMethod("scalarPullback", float.class, float.class, float.class);
    assertThat(pullback.getReturnType().getRecordComponents()[0].getType())
        .isEqualTo(float.class);
    Method hessian = grad.getMethod("scalarHessian", float.class, float.class);
    assertThat(hessian.getReturnType()).isEqualTo(float[][].class);
    float[][] h = (float[][]) hessian.invoke(null, 0.7f, -1.3f);
    // ∂²f/∂x∂y = sin x + x cos x.
    assertThat((double) h[0][1]).isWithin(1e-6).of(Math.sin(0.7f) + 0.7f * Math.cos(0.7f));
    assertThat(h[1][0]).isEqualTo(h[0][1]);
  }
}
