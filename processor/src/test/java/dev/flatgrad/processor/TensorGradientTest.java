package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code double[][][]}: tensors as parameters (differentiated, gradients shaped like the input)
 * and as locals, read through views and enhanced {@code for}, passed to callees, inside records,
 * with Jacobians and dense Hessians. Values, gradients, tangents and Hessian-vector products
 * against central finite differences of the user's own methods.
 */
class TensorGradientTest {

  private static final String CLASS = "p.Tensors";
  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Tensors", """
  /** A 2-D convolution with one kernel per channel, a local tensor of feature maps. */
  @Differentiable
  static double conv(double[][][] kernel, double[][] image) {
    int h = image.length - kernel[0].length + 1;
    double[][][] out = new double[kernel.length][h][h];
    double loss = 0;
    for (int c = 0; c < kernel.length; c++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < h; j++) {
          double acc = 0;
          for (int a = 0; a < kernel[c].length; a++) {
            for (int b = 0; b < kernel[c][a].length; b++) {
              acc += kernel[c][a][b] * image[i + a][j + b];
            }
          }
          out[c][i][j] = Math.tanh(acc);
        }
      }
    }
    for (double[][] map : out) {
      for (double[] row : map) {
        for (double v : row) {
          loss += v * v;
        }
      }
    }
    return loss;
  }

  /** Views of a matrix and a row of a tensor parameter, and the tensor's shape. */
  @Differentiable
  static double views(double[][][] t, double x) {
    double[][] first = t[0];
    double[] row = t[1][0];
    double s = t.length + t[0].length * 10 + t[0][0].length * 100;
    for (int j = 0; j < row.length; j++) {
      s += Math.sin(first[1][j] * x) * row[j];
    }
    return s;
  }

  /** A tensor initialized with its elements, and one reallocated each iteration. */
  @Differentiable
  static double locals(double x, double y, int n) {
    double[][][] a = {{{x, 2}, {3, y}}, {{x * y, 1}, {0, x}}};
    double s = 0;
    for (int k = 0; k < n; k++) {
      double[][][] scratch = new double[2][2][2];
      scratch[k % 2][1][k % 2] = a[k % 2][1][1] * (k + 1);
      s += scratch[k % 2][1][k % 2] * a[1][0][0];
    }
    return s;
  }

  /** A tensor passed to an annotated method and to a private helper. */
  @Differentiable
  static double caller(double[][][] t, double x) {
    return views(t, x) * channelSum(t);
  }

  private static double channelSum(double[][][] t) {
    double s = 0;
    for (int c = 0; c < t.length; c++) {
      s += Math.exp(t[c][0][0] - t[c][1][1]);
    }
    return s;
  }
""");
  }

  private static double[][][] tensor(int channels, int rows, int columns, double seed) {
    double[][][] t = new double[channels][rows][columns];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) {
          t[c][i][j] = Math.sin(seed + 1.3 * c + 0.7 * i + 0.31 * j) * 0.8;
        }
      }
    }
    return t;
  }

  private static double[][] image(int n) {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m[i][j] = Math.cos(0.5 * i - 0.9 * j);
      }
    }
    return m;
  }

  @Test
  void aConvolutionsKernelsAndImage() {
    f.check("conv", tensor(2, 2, 2, 0.1), image(4));
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "conv", tensor(2, 2, 2, 0.1), image(4));
  }

  @Test
  void viewsOfATensorParameter() {
    f.check("views", tensor(2, 2, 3, 0.4), 0.7);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "views", tensor(2, 2, 3, 0.4), 0.7);
  }

  @Test
  void localTensors() {
    f.check("locals", 0.6, -1.2, 5);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "locals", 0.6, -1.2, 5);
  }

  @Test
  void tensorsPassedToCallees() {
    f.check("caller", tensor(3, 2, 3, 0.2), 0.5);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "caller", tensor(3, 2, 3, 0.2), 0.5);
  }

  @Test
  void theDenseHessianOverATensorsEntries() {
    double[][][] t = tensor(2, 2, 3, 0.4);
    double x = 0.7;
    double[][] hessian = (double[][]) f.code().invokeMethodWith(CLASS + "Grad", "viewsHessian",
        t, x);
    int n = NestedDoubles.count(t) + 1;
    assertThat(hessian.length).isEqualTo(n);
    // Row a against the central difference of the gradient along entry a (x last).
    double h = 1e-5;
    for (int a = 0; a < n; a++) {
      double[] up = flatGradient(shifted(t, a, h), a == n - 1 ? x + h : x);
      double[] down = flatGradient(shifted(t, a, -h), a == n - 1 ? x - h : x);
      for (int b = 0; b < n; b++) {
        double expected = (up[b] - down[b]) / (2 * h);
        assertThat(hessian[a][b]).isWithin(1e-6 * Math.max(1, Math.abs(expected)))
            .of(expected);
      }
    }
  }

  private static double[][][] shifted(double[][][] t, int entry, double h) {
    double[][][] copy = (double[][][]) NestedDoubles.copy(t);
    if (entry < NestedDoubles.count(t)) {
      NestedDoubles.set(copy, entry, NestedDoubles.flatten(t)[entry] + h);
    }
    return copy;
  }

  private static double[] flatGradient(double[][][] t, double x) {
    Map<String, Object> g = GeneratedCode.components(f.code().invokeGradientWith(CLASS, "views",
        t, x));
    double[] tensor = NestedDoubles.flatten(g.get("t"));
    double[] all = java.util.Arrays.copyOf(tensor, tensor.length + 1);
    all[tensor.length] = (double) g.get("x");
    return all;
  }

  @Test
  void aJacobianWithRespectToATensor() {
    GeneratedCode code = JacobianCheck.ofMembers("TensorJacobian", """
          @Differentiable
          static double[] features(double[][][] t, double x) {
            double[] out = new double[3];
            out[0] = t[0][0][0] * x;
            out[1] = Math.sin(t[1][0][1]) + t[0][1][1] * t[1][1][0];
            out[2] = x * x;
            return out;
          }
        """).code();
    double[][][] t = tensor(2, 2, 2, 0.3);
    double x = 1.1;
    Map<String, Object> result = GeneratedCode.components(
        code.invokeGradientWith("p.TensorJacobian", "features", t, x));
    double[][][][] jacobian = (double[][][][]) result.get("t");
    double h = 1e-6;
    for (int k = 0; k < NestedDoubles.count(t); k++) {
      double[] up = (double[]) code.invokeUserWith("p.TensorJacobian", "features",
          shifted(t, k, h), x);
      double[] down = (double[]) code.invokeUserWith("p.TensorJacobian", "features",
          shifted(t, k, -h), x);
      for (int i = 0; i < 3; i++) {
        double expected = (up[i] - down[i]) / (2 * h);
        assertThat(NestedDoubles.flatten(jacobian[i])[k]).isWithin(1e-7).of(expected);
      }
    }
  }

  @Test
  void aTensorInsideARecord() {
    RecordGradientCheck g = RecordGradientCheck.ofMembers("TensorRecords", """
          record Conv(double[][][] kernel, double bias) {}

          @Differentiable
          static double score(Conv c, double[] x) {
            double s = c.bias();
            for (int k = 0; k < c.kernel().length; k++) {
              s += Math.tanh(c.kernel()[k][0][1] * x[k] + c.kernel()[k][1][0]);
            }
            return s * s;
          }
        """);
    Object conv = g.code().newInstance("p.TensorRecords$Conv", tensor(2, 2, 2, 0.9), 0.3);
    g.check("score", conv, new double[] {0.4, -0.8});
  }

  @Test
  void argumentsAreChecked() {
    double[][][] t = tensor(2, 2, 2, 0.1);
    double[][] image = image(3);
    InvocationTargetException nullMatrix = assertThrows(InvocationTargetException.class,
        () -> f.code().load(CLASS + "Grad").getMethod("conv", double[][][].class,
            double[][].class).invoke(null, new double[][][] {t[0], null}, image));
    assertThat(nullMatrix.getCause()).isInstanceOf(IllegalArgumentException.class);
    assertThat(nullMatrix.getCause()).hasMessageThat().contains("kernel[1] is null");
    InvocationTargetException sameRow = assertThrows(InvocationTargetException.class,
        () -> f.code().load(CLASS + "Grad").getMethod("convAccumulate", double[][][].class,
            double[][].class, double[][][].class, double[][].class)
            .invoke(null, t, image, new double[][][] {{t[0][0], new double[2]},
                {new double[2], new double[2]}}, null));
    assertThat(sameRow.getCause()).hasMessageThat()
        .contains("grad_kernel[0][0] is the array kernel[0][0] itself");
  }

  @Test
  void aWriteToATensorParameterIsAPositionedError() {
    MarkedSource source = MarkedSource.ofMembers("""
          @Differentiable
          static double f(double[][][] t) {
            t[0][0][0] *= 2; //!
            return t[0][0][0];
          }
        """);
    Compilation compilation = source.compile();
    assertThat(compilation).hadErrorContaining("writes to the tensor parameter t are not"
        + " supported").inFile(source.file()).onLine(source.line());
  }
}
