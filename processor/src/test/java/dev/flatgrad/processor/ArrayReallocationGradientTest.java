package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local arrays the user reallocates, {@code z = new double[k];} (and with an initializer, a clone
 * or {@code Arrays.copyOf}): {@code z} then holds a fresh zero-filled array of the new length, as
 * in Java, at the top level (a new version of the variable), in a loop with a changing size and in
 * a branch (a reallocation the reverse pass undoes). Values, gradients, tangents and
 * Hessian-vector products against central differences of the user's method, and closed forms.
 */
class ArrayReallocationGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.of(GeneratedCode.compile("p.Realloc", """
        package p;

        import dev.flatgrad.Differentiable;
        import java.util.Arrays;

        class Realloc {
          /** Reallocated at the top level, twice as long, and read through z.length. */
          @Differentiable
          static double topLevel(double[] x) {
            double[] z = new double[x.length];
            for (int i = 0; i < z.length; i++) {
              z[i] = x[i] * x[i];
            }
            double s = z[0];
            z = new double[2 * x.length];
            for (int i = 0; i < x.length; i++) {
              z[2 * i + 1] = Math.sin(x[i]) * s;
            }
            double t = 0;
            for (int i = 0; i < z.length; i++) {
              t += z[i] * (i + 1);
            }
            return t + z.length;
          }

          /** A buffer reallocated each round with a growing size, read back by the reverse. */
          @Differentiable
          static double inLoop(double[] x, int rounds) {
            int n = x.length;
            double[] buf = new double[n];
            double s = 0;
            for (int it = 0; it < rounds; it++) {
              buf = new double[n + it];
              for (int j = 0; j < buf.length; j++) {
                buf[j] = x[j % n] * (it + 1) + s * buf[j];
              }
              for (int j = 1; j < buf.length; j++) {
                buf[j] = buf[j] * buf[j - 1] + Math.cos(buf[j]);
              }
              double[] view = buf; // taken after the reallocation: sees this round's array
              s += Math.sin(view[view.length - 1]) * buf.length;
            }
            return s + buf[0];
          }

          /** Reallocated in a branch only: the other path keeps the first array. */
          @Differentiable
          static double inBranch(double[] x, double c) {
            double[] z = new double[2];
            z[0] = c;
            z[1] = c * c;
            if (c > 0) {
              z = new double[x.length + 1];
              z[x.length] = c * x[0];
            }
            double s = 0;
            for (int i = 0; i < z.length; i++) {
              s += Math.exp(0.3 * z[i]) * (x[i % x.length] + z.length);
            }
            return s;
          }

          /** Initializers that read the old array, and a copy of it grown by one. */
          @Differentiable
          static double initialized(double[] x) {
            double[] z = {x[0], x[1]};
            for (int i = 0; i < x.length; i++) {
              z = new double[] {z[0] * x[i], z[z.length - 1] + x[i], z.length};
            }
            z = Arrays.copyOf(z, z.length + 1);
            z[z.length - 1] = z[0] * z[1];
            double s = 0;
            for (double v : z) {
              s += v * v;
            }
            return s;
          }

          /** Clones of parameters in a loop, declared there too, then passed to a helper. */
          @Differentiable
          static double clonedInLoop(double[] x, double[] y) {
            double s = 0;
            for (int i = 0; i < 3; i++) {
              double[] w = new double[1];
              w[0] = s;
              s += w[0] * 0.5;
              if (i % 2 == 0) {
                w = x.clone();
              } else {
                w = y.clone();
              }
              w[0] += s;
              s += norm(w) * w.length;
            }
            return s;
          }

          static double norm(double[] v) {
            double s = 0;
            for (int i = 0; i < v.length; i++) {
              s += v[i] * v[i];
            }
            return Math.sqrt(s);
          }

          /** An int[] reallocated: the indices of a growing window. */
          @Differentiable
          static double indices(double[] x) {
            int[] idx = new int[1];
            double s = 0;
            for (int k = 1; k <= x.length; k++) {
              idx = new int[k];
              for (int j = 0; j < k; j++) {
                idx[j] = k - 1 - j;
              }
              for (int j = 0; j < idx.length; j++) {
                s += x[idx[j]] * x[j] / (j + 1);
              }
            }
            return s;
          }

          /** A helper of the class that reallocates its own local array, called in a loop. */
          @Differentiable
          static double helperReallocates(double[] x) {
            double s = 0;
            for (int i = 1; i <= x.length; i++) {
              s += smoothed(x, i) * x[i - 1];
            }
            return s;
          }

          static double smoothed(double[] v, int rounds) {
            var z = new double[] {v[0]};
            int r = 0;
            while (r < rounds) {
              z = new double[z.length + 1];
              for (int j = 0; j < z.length; j++) {
                z[j] = Math.tanh(v[j % v.length] + r);
              }
              r++;
            }
            return norm(z);
          }

          /** A vector-valued method returning the array it reallocated last. */
          @Differentiable
          static double[] grown(double[] x, double c) {
            double[] z = new double[1];
            z[0] = c;
            for (int i = 0; i < x.length; i++) {
              double last = z[z.length - 1];
              z = new double[z.length + 1];
              z[0] = last * x[i];
              z[z.length - 1] = Math.sin(last + x[i]);
            }
            return z;
          }

          /** The closed form: a buffer of x.length zeros plus c, summed squares = n c^2. */
          @Differentiable
          static double zeros(double[] x, double c) {
            double[] z = new double[x.length];
            for (int i = 0; i < z.length; i++) {
              z[i] = x[i] * 100;
            }
            for (int r = 0; r < 2; r++) {
              z = new double[x.length + r];
            }
            double s = 0;
            for (int i = 0; i < z.length; i++) {
              s += (z[i] + c) * (z[i] + c);
            }
            return s;
          }
        }
        """), "p.Realloc");
  }

  @Test
  void reallocatedAtTheTopLevel() {
    double[] x = {0.5, -1.25, 0.75};
    check.check("topLevel", x);
    SecondOrderTest.checkHessianVector(check.code(), "p.Realloc", "topLevel", x);
  }

  @Test
  void reallocatedInALoopWithAGrowingSize() {
    double[] x = {0.5, -0.25, 0.75};
    check.check("inLoop", x, 4);
    check.check("inLoop", x, 0);
    SecondOrderTest.checkHessianVector(check.code(), "p.Realloc", "inLoop", x, 4);
  }

  @Test
  void reallocatedInABranch() {
    double[] x = {0.5, -0.25, 0.75};
    check.check("inBranch", x, 0.6);
    check.check("inBranch", x, -0.6);
    SecondOrderTest.checkHessianVector(check.code(), "p.Realloc", "inBranch", x, 0.6);
    SecondOrderTest.checkHessianVector(check.code(), "p.Realloc", "inBranch", x, -0.6);
  }

  @Test
  void reallocatedWithInitializersAndACopy() {
    double[] x = {0.5, -0.25, 0.75};
    check.check("initialized", x);
    SecondOrderTest.checkHessianVector(check.code(), "p.Realloc", "initialized", x);
  }

  @Test
  void clonesInALoopPassedToAHelper() {
    double[] x = {0.5, -0.25, 0.75};
    double[] y = {0.3, 1.1};
    check.check("clonedInLoop", x, y);
    SecondOrderTest.checkHessianVector(check.code(), "p.Realloc", "clonedInLoop", x, y);
  }

  @Test
  void anIntArrayReallocated() {
    double[] x = {0.5, -0.25, 0.75, 1.5};
    check.check("indices", x);
    SecondOrderTest.checkHessianVector(check.code(), "p.Realloc", "indices", x);
  }

  @Test
  void aHelperThatReallocatesItsOwnArray() {
    double[] x = {0.5, -0.25, 0.75};
    check.check("helperReallocates", x);
    SecondOrderTest.checkHessianVector(check.code(), "p.Realloc", "helperReallocates", x);
  }

  @Test
  void aVectorValuedMethodReturnsTheArrayItReallocated() {
    double[] x = {0.5, -0.25, 0.75};
    JacobianCheck.of(check.code(), "p.Realloc").check("grown", x, 0.8);
  }

  @Test
  void aReallocatedArrayIsZeroFilled() {
    double[] x = {0.5, -0.25, 0.75};
    check.check("zeros", x, 0.7);
    // (x.length + 1) zeros plus c, squared and summed: 4 c^2, d/dc = 8 c, nothing from x.
    assertThat(check.value("zeros", x, 0.7)).isWithin(1e-12).of(4 * 0.49);
    var gradient = check.gradient("zeros", x, 0.7);
    assertThat((Double) gradient.get("c")).isWithin(1e-12).of(8 * 0.7);
    assertThat((double[]) gradient.get("x")).usingTolerance(0).containsExactly(0.0, 0.0, 0.0);
  }

  @Test
  void theGeneratedCodeReallocatesWhereTheUserDid() {
    String loop = check.code().generatedMethodSource("p.ReallocGrad", "InLoop inLoop(");
    assertThat(loop).contains("double[] buf = new double[n];");
    assertThat(loop).contains("buf = new double[n + it];");
    String top = check.code().generatedMethodSource("p.ReallocGrad", "TopLevel topLevel(");
    assertThat(top).contains("double[] z_1 = new double[2 * x.length];");
    // A size that reads the old array: the tangent gets the new array's length.
    String tangent = check.code().generatedMethodSource("p.ReallocGrad",
        "SmoothedTangent smoothedTangent(");
    assertThat(tangent).contains("z = new double[z.length + 1];\n"
        + "      dot_z = new double[z.length];");
  }
}
