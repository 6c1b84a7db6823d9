package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Helpers that return a value and write into an array they are passed, as in-place numeric code
 * does: Enzyme's readwriteread, a normalization returning the norm it divided by (power
 * iteration), a step writing the rows of a local matrix. Each such call is translated where it
 * happens, so its writes are the caller's own writes, in place; the caller's parameters still
 * never change. Values, gradients, tangents and Hessian-vector products against central
 * differences of the user's method, and closed forms where there are.
 */
class ArrayWritingHelpersGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.ofMembers("Writers", """
        private static double readWriteRead(double[] x, int k) {
          double before = x[k];
          x[k] = 2 * x[k];
          return before * x[k] + x[k] * x[k];
        }

        @Differentiable
        static double enzyme(double[] x) {
          double r = readWriteRead(x, 0);
          x[1] += x[0];
          r += readWriteRead(x, 1);
          return r + x[0] * x[1];
        }

        /** Divides v by its norm; returns the norm. */
        static double normalize(double[] v) {
          double norm = 0;
          for (double e : v) {
            norm += e * e;
          }
          norm = Math.sqrt(norm);
          for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
          }
          return norm;
        }

        /** Only the helper writes the parameter: the generated code works on a copy of it. */
        @Differentiable
        static double normalizedParameter(double[] v) {
          double n = normalize(v);
          return n + 3 * v[0] * v[1];
        }

        /** normalize's counter i, inlined inside an enhanced for whose own counter came first. */
        @Differentiable
        static double insideAnEnhancedFor(double[] x, double lr) {
          double[] buf = new double[3];
          buf[0] = x[0];
          buf[1] = x[1] + 1;
          buf[2] = x[2];
          for (double e : buf) {
            lr += Math.tanh(e + lr / 3);
            lr += normalize(buf);
          }
          return lr + buf[0];
        }

        /** The largest eigenvalue of the symmetric 2x2 matrix [[a, b], [b, c]], by power iteration. */
        @Differentiable
        static double largestEigenvalue(double a, double b, double c) {
          double[] v = {1, 0.5};
          double lambda = 0;
          for (int k = 0; k < 60; k++) {
            double[] w = {a * v[0] + b * v[1], b * v[0] + c * v[1]};
            lambda = normalize(w);
            v[0] = w[0];
            v[1] = w[1];
          }
          return lambda;
        }

        /** Writes row = row + dt * f(row); returns the step's size. */
        static double step(double[] row, double dt, double k) {
          double size = 0;
          for (int i = 0; i < row.length; i++) {
            double change = dt * -k * row[i] * row[i];
            row[i] += change;
            size += Math.abs(change);
          }
          return size;
        }

        @Differentiable
        static double decay(double[] start, double k) {
          double[][] states = new double[4][start.length];
          states[0] = start.clone();
          double moved = 0;
          for (int s = 1; s < 4; s++) {
            states[s] = states[s - 1].clone();
            moved += step(states[s], 0.1, k);
          }
          double sum = 0;
          for (double e : states[3]) {
            sum += e;
          }
          return sum + 0.5 * moved;
        }
        """);
  }

  @Test
  void enzymesReadWriteRead() {
    check.check("enzyme", new double[] {0.7, -1.3, 0.4});
    SecondOrderTest.checkHessianVector(check.code(), "p.Writers", "enzyme",
        new double[] {0.7, -1.3, 0.4});
  }

  @Test
  void aParameterWrittenOnlyByTheHelperIsCopied() {
    double[] v = {0.6, -0.8, 1.5};
    check.check("normalizedParameter", v);
    SecondOrderTest.checkHessianVector(check.code(), "p.Writers", "normalizedParameter",
        new double[] {0.6, -0.8, 1.5});
    check.code().invokeGradientWith("p.Writers", "normalizedParameter", new Object[] {v});
    assertThat(v).usingExactEquality().containsExactly(0.6, -0.8, 1.5).inOrder();
  }

  @Test
  void aHelperInlinedInsideAnEnhancedFor() {
    check.check("insideAnEnhancedFor", new double[] {0.6, -0.8, 1.5}, 0.3);
    SecondOrderTest.checkHessianVector(check.code(), "p.Writers", "insideAnEnhancedFor",
        new double[] {0.6, -0.8, 1.5}, 0.3);
  }

  @Test
  void powerIterationThroughANormalizationReturningTheNorm() {
    check.check("largestEigenvalue", 2.0, 0.5, 1.0);
    SecondOrderTest.checkHessianVector(check.code(), "p.Writers", "largestEigenvalue", 2.0, 0.5,
        1.0);
    // lambda = (a + c)/2 + sqrt(((a - c)/2)^2 + b^2); d lambda / db = b / sqrt(...).
    double root = Math.sqrt(0.25 + 0.25);
    assertThat(check.value("largestEigenvalue", 2.0, 0.5, 1.0)).isWithin(1e-12).of(1.5 + root);
    assertThat((double) check.gradient("largestEigenvalue", 2.0, 0.5, 1.0).get("b"))
        .isWithin(1e-9).of(0.5 / root);
  }

  @Test
  void aStepWritingTheRowsOfALocalMatrix() {
    check.check("decay", new double[] {0.9, 0.4, 1.2}, 0.8);
    SecondOrderTest.checkHessianVector(check.code(), "p.Writers", "decay",
        new double[] {0.9, 0.4, 1.2}, 0.8);
  }

  @Test
  void theHelpersWritesAreTheCallersOwnInTheGeneratedCode() {
    String source = check.code().generatedMethodSource("p.WritersGrad", "Enzyme enzyme(");
    assertThat(source).doesNotContain("readWriteRead(");
    assertThat(source).contains("x_copy[k] = ");
  }
}
