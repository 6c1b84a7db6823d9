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

          @Differentiable
          static float neuron(float[] w, float[] x, float b) {
            float s = b;
            for (int i = 0; i < w.length; i++) {
              s += w[i] * x[i];
            }
            return (float) Math.tanh(s);
          }

          // A float matrix, a local float[] filled in a loop, Math.max's float overload.
          @Differentiable
          static float layer(float[][] w, float[] x) {
            float[] h = new float[w.length];
            float loss = 0;
            for (int i = 0; i < w.length; i++) {
              float z = 0;
              for (int j = 0; j < x.length; j++) {
                z += w[i][j] * x[j];
              }
              h[i] = Math.max(z, 0.1f * z);
              loss += h[i] * h[i];
            }
            return loss / 2;
          }

          // Values overwritten in a loop and needed backwards: saved on the tape as floats.
          @Differentiable
          static float recurrence(float a, float[] u, int n) {
            float s = a;
            for (int t = 0; t < n; t++) {
              s = s * u[t % u.length] + (float) Math.sin(s) / (1 + a * a);
            }
            return s * s;
          }

          // Mixed code: float op double is double, (float) narrows, a float += double narrows.
          @Differentiable
          static double mixed(double x, float w, float[] v) {
            float y = (float) x;
            double z = y * x + w;
            float s = 1;
            for (int i = 0; i < v.length; i++) {
              s += x * v[i] * w;
            }
            return z * s + Math.exp(w) + (float) Math.log(1 + v[0] * v[0]);
          }

          @Differentiable
          static float cube(float x, float[] c) {
            return x * x * x + c[0] * x;
          }

          // Calls between float methods: pullbacks take a float upstream, return float parts.
          @Differentiable
          static float caller(float x, float[] c) {
            float y = cube(x, c) + cube(2 * x, c);
            return (float) Math.sqrt(y * y + 1);
          }

          @Differentiable
          static double doubleCaller(double x, float[] c) {
            float y = cube((float) x, c);
            return y * x;
          }

          record Layer(float[] w, float b) {}

          @Differentiable
          static float withRecord(Layer layer, float[] x) {
            float s = layer.b();
            for (int i = 0; i < x.length; i++) {
              s += layer.w()[i] * x[i];
            }
            return s * s;
          }

          @Differentiable
          static float each(float[] x) {
            float s = 0;
            for (float v : x) {
              s += v * v;
            }
            return s;
          }

          @Differentiable
          static float initialized(float x, float y) {
            float[] a = {x, y, 2 * x};
            return a[0] * a[1] + a[2];
          }

          static void fill(float[] x, float[] out) {
            for (int i = 0; i < x.length; i++) {
              out[i] = x[i] * x[i];
            }
          }

          @Differentiable
          static float voidHelper(float[] x) {
            float[] o = new float[x.length];
            fill(x, o);
            return o[0] * o[1];
          }

          @Differentiable
          static float localMatrix(float x) {
            float[][] m = new float[2][2];
            m[0][0] = x;
            m[1][1] = x * x;
            return m[0][0] * m[1][1];
          }

          // float[] outside wrt is data; a float data scale.
          @Differentiable(wrt = "x")
          static float data(float x, float[] table, float scale) {
            return x * table[0] * scale + table[1];
          }
        """);
  }

  @Test
  void scalarFloatMethod() {
    f.check("scalar", 0.7f, -1.3f);
    f.check("scalar", -2.5f, 3.25f);
  }

  @Test
  void floatArrays() {
    f.check("neuron", new float[] {0.5f, -1.25f, 2f}, new float[] {1.5f, 0.25f, -0.75f}, 0.1f);
    f.check("layer", new float[][] {{0.5f, -1.25f}, {2f, 0.3f}, {-0.7f, 0.9f}},
        new float[] {1.5f, -0.25f});
  }

  @Test
  void floatArrayGradientsAreFloatArraysShapedLikeTheInputs() {
    float[][] w = {{0.5f, -1.25f}, {2f, 0.3f}, {-0.7f, 0.9f}};
    Map<String, Object> g = f.gradient("layer", w, new float[] {1.5f, -0.25f});
    assertThat(g.get("w")).isInstanceOf(float[][].class);
    assertThat(((float[][]) g.get("w"))[2]).hasLength(2);
    assertThat(g.get("x")).isInstanceOf(float[].class);
    String source = f.source("Layer layer(");
    assertThat(source).contains("float[] h = new float[w.length];");
    assertThat(source).contains("float[][] grad_w = Gradients.zerosLike(w);");
    assertThat(source).doesNotContain("(double)");
    // The one cast: a float restored from the tape, a double[] stack.
    assertThat(source).contains("t1 = (float) saved[--top];");
    assertThat(source.replace("(float) saved[--top]", "")).doesNotContain("(float)");
  }

  @Test
  void floatsOverwrittenInALoopAreTaped() {
    for (int n = 0; n <= 5; n++) {
      f.check("recurrence", 0.4f, new float[] {0.9f, -0.6f, 1.1f}, n);
    }
  }

  @Test
  void enhancedForInitializersVoidHelpersAndLocalMatrices() {
    f.check("each", new float[] {0.5f, -1.25f, 2f});
    f.check("initialized", 0.75f, -1.5f);
    f.check("voidHelper", new float[] {0.5f, -1.25f});
    f.check("localMatrix", 1.3f);
  }

  @Test
  void floatArrayArgumentsAreCheckedLikeDoubleOnes() {
    float[] w = {0.5f, -1.25f};
    float[] x = {1.5f, 0.25f};
    assertThat(thrown("FloatsGrad", "neuron", null, x, 0.1f))
        .hasMessageThat().isEqualTo("w is null");
    assertThat(thrown("FloatsGrad", "neuronPullback", w, x, 0.1f, 1f, w, null))
        .hasMessageThat().contains("grad_w is the array w itself");
    assertThat(thrown("FloatsGrad", "neuronPullback", w, x, 0.1f, 1f, new float[3], null))
        .hasMessageThat().contains("grad_w has length 3 but w has length 2");
    float[][] m = {{1f, 2f}, {3f, 4f}};
    assertThat(thrown("FloatsGrad", "layerTangent", m, x, new float[][] {{1f}, {1f, 2f}}, null))
        .hasMessageThat().contains("dot_w[0] has length 1 but w[0] has length 2");
    assertThat(thrown("FloatsGrad", "layerPullback", m, x, 1f, new float[][] {m[0], {0f, 0f}},
        null)).hasMessageThat().contains("grad_w[0] is the array w[0] itself");
  }

  private static Throwable thrown(String gradClass, String method, Object... arguments) {
    try {
      f.code().invokeMethodWith("p." + gradClass, method, arguments);
    } catch (AssertionError expected) {
      assertThat(expected.getCause()).isInstanceOf(IllegalArgumentException.class);
      return expected.getCause();
    }
    throw new AssertionError(method + " accepted bad arguments");
  }

  @Test
  void mixedFloatAndDoubleCode() {
    f.check("mixed", 0.8, 0.6f, new float[] {0.5f, -1.5f});
    f.check("mixed", -1.3, -0.2f, new float[] {1.25f, 0.75f, 2f});
    Map<String, Object> g = f.gradient("mixed", 0.8, 0.6f, new float[] {0.5f, -1.5f});
    assertThat(g.get("value")).isInstanceOf(Double.class);
    assertThat(g.get("x")).isInstanceOf(Double.class);
    assertThat(g.get("w")).isInstanceOf(Float.class);
    assertThat(g.get("v")).isInstanceOf(float[].class);
  }

  @Test
  void floatsOutsideWrtAreData() {
    f.check("data", 1.5f, new float[] {2f, -3f}, 0.5f);
    Map<String, Object> g = f.gradient("data", 1.5f, new float[] {2f, -3f}, 0.5f);
    assertThat(g.keySet()).containsExactly("value", "x");
    assertThat((float) g.get("x")).isEqualTo(2f * 0.5f);
  }

  @Test
  void callsBetweenFloatMethods() {
    f.check("cube", 0.8f, new float[] {1.5f});
    f.check("caller", 0.8f, new float[] {1.5f, 9f});
    f.check("caller", -0.45f, new float[] {-2f});
    f.check("doubleCaller", 0.8, new float[] {1.5f});
    String source = f.source("Caller caller(");
    assertThat(source).contains("var pulled = FloatsGrad.cubePullback(x, c, grad_t0, grad_c);");
    assertThat(source).contains("grad_x += pulled.x();");
  }

  @Test
  void recordWithFloatComponents() throws Exception {
    Class<?> layerClass = f.code().load("p.Floats$Layer");
    var constructor = layerClass.getDeclaredConstructor(float[].class, float.class);
    constructor.setAccessible(true);
    Object layer = constructor.newInstance(new float[] {0.5f, -1.5f}, 0.25f);
    float[] x = {2f, 0.75f};
    Map<String, Object> g = GeneratedCode.components(
        f.code().invokeGradientWith("p.Floats", "withRecord", layer, x));
    // s = b + w·x, f = s²: ∂f/∂w = 2 s x, ∂f/∂b = 2 s, ∂f/∂x = 2 s w; all exact in float here.
    float s = 0.25f + 0.5f * 2f + -1.5f * 0.75f;
    assertThat(g.get("value")).isEqualTo(s * s);
    Map<String, Object> dLayer = GeneratedCode.components((Record) g.get("layer"));
    assertThat((float[]) dLayer.get("w")).isEqualTo(new float[] {2 * s * 2f, 2 * s * 0.75f});
    assertThat(dLayer.get("b")).isEqualTo(2 * s);
    assertThat((float[]) g.get("x")).isEqualTo(new float[] {2 * s * 0.5f, 2 * s * -1.5f});
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
