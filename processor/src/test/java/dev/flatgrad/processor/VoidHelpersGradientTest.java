package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Void helpers that fill or update arrays, called as statements ({@code matVec(w, x, h);}):
 * {@code @Differentiable} ones and plain ones of the caller's class, private or not, in loops
 * and branches, with early returns, nested, writing the caller's parameters (which the generated
 * code copies), rows of local matrices, and private checks. Each method is checked against
 * central finite differences of the user's own method: value, gradient, tangent and
 * Hessian-vector product.
 */
class VoidHelpersGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Fill", """
  static double gain = 1.5;

  @Differentiable
  static void matVec(double[][] a, double[] x, double[] out) {
    for (int i = 0; i < out.length; i++) {
      double s = 0;
      for (int j = 0; j < x.length; j++) {
        s += a[i][j] * x[j];
      }
      out[i] = s;
    }
  }

  @Differentiable
  static double layer(double[][] w, double[] x) {
    double[] h = new double[w.length];
    matVec(w, x, h);
    double s = 0;
    for (int i = 0; i < h.length; i++) {
      s += Math.tanh(h[i]);
    }
    return s;
  }

  private static void derivative(double[] x, double[] dx) {
    int n = x.length;
    for (int i = 0; i < n; i++) {
      dx[i] = -x[i] * x[i] * gain + Math.sin(x[(i + 1) % n]);
    }
  }

  static void axpy(double a, double[] y, double[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] += a * y[i];
    }
  }

  @Differentiable
  static double euler(double[] x0, double dt, int steps) {
    double[] x = new double[x0.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = x0[i];
    }
    double[] dx = new double[x.length];
    double gain = 0; // hides nothing in the helpers, which read the field
    for (int k = 0; k < steps; k++) {
      derivative(x, dx);
      axpy(dt, dx, x);
    }
    for (int i = 0; i < x.length; i++) {
      gain += x[i] * x[i];
    }
    return gain;
  }

  private static void squaresUpTo(double[] v, int limit, double[] out) {
    if (v.length == 0) {
      return;
    }
    for (int i = 0; i < v.length; i++) {
      if (i >= limit) {
        return;
      }
      if (v[i] < 0.1) {
        out[i] = 0.1 * v[i];
        continue;
      }
      out[i] = v[i] * v[i];
    }
    out[0] += 1;
  }

  @Differentiable
  static double branches(double[] x, int limit) {
    double[] out = new double[x.length];
    if (x[0] > 0) {
      squaresUpTo(x, limit, out);
    } else {
      axpy(2.0, x, out);
    }
    double s = 0;
    for (int i = 0; i < out.length; i++) {
      s += out[i] * (i + 1);
    }
    return s;
  }

  private static void normalize(double[] v) {
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    scale(v, 1 / norm);
  }

  private static void scale(double[] v, double c) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= c;
    }
  }

  @Differentiable
  static double normalizedParameter(double[] x, double y) {
    normalize(x);
    return x[0] + 2 * x[1] * y;
  }

  @Differentiable
  static double rows(double[][] w, double[] x) {
    double[][] hs = new double[2][w.length];
    matVec(w, x, hs[0]);
    for (int i = 0; i < hs[1].length; i++) {
      hs[1][i] = Math.sin(hs[0][i]);
    }
    matVec(w, hs[1], hs[0]);
    double s = 0;
    for (int r = 0; r < 2; r++) {
      for (int i = 0; i < hs[r].length; i++) {
        s += hs[r][i] * hs[r][i];
      }
    }
    return s;
  }

  private static void fillPowers(double base, int n, double[] out) {
    double p = 1;
    for (int k = 0; k < n; k++) {
      out[k] = p;
      p *= base;
    }
    base = 0;
    n = 0;
  }

  private static void checkPositive(double v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0: " + v);
    }
  }

  @Differentiable
  static double powers(double base, double[] c) {
    checkPositive(base, "base");
    double[] p = new double[c.length];
    fillPowers(base, c.length, p);
    double s = 0;
    for (int k = 0; k < c.length; k++) {
      s += c[k] * p[k];
    }
    return s + base;
  }

  static double smoothed(double[] x) {
    double[] t = new double[x.length];
    axpy(0.5, x, t);
    double s = 0;
    for (int i = 0; i < t.length; i++) {
      s += Math.exp(t[i]);
    }
    return s;
  }

  @Differentiable
  static double throughValueHelper(double[] x) {
    double s = 0;
    for (int k = 0; k < 3; k++) {
      s += smoothed(x) * x[k % x.length];
    }
    return s;
  }

  @Differentiable
  static double cell(double[][] mat, int i) {
    double z = mat[i][0];
    z -= 0.5 * z * z;
    var v = mat[i][1];
    v *= 2;
    return z + v;
  }

  @Differentiable
  static double readsElementsIntoLocals(double[][] mat) {
    return cell(mat, 0) * cell(mat, 1);
  }

  private static void relax(double[] prev, double[] next, double w) {
    int n = prev.length;
    for (int i = 0; i < n; i++) {
      double left = prev[(i + n - 1) % n];
      double right = prev[(i + 1) % n];
      next[i] = (1 - w) * prev[i] + w * 0.5 * Math.sin(left + right);
    }
  }

  @Differentiable
  static double pingPong(double[] x0, double w) {
    double[] prev = new double[x0.length];
    double[] next = new double[x0.length];
    for (int i = 0; i < x0.length; i++) {
      prev[i] = x0[i];
    }
    for (int k = 0; k < 4; k++) {
      relax(prev, next, w);
      double[] t = prev;
      prev = next;
      next = t;
    }
    return prev[0] * prev[1] + prev[2];
  }

  private static void smooth(double[] x, double[] out) {
    double[] tmp = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      tmp[i] = x[i] * x[i];
    }
    int i = 0;
    while (true) {
      if (i >= out.length) {
        break;
      }
      out[i] = 0.5 * tmp[i] + 0.5 * tmp[(i + 1) % tmp.length];
      i++;
    }
  }

  @Differentiable
  static double switched(double[] x, int mode) {
    double[] out = new double[x.length];
    double s = 0;
    for (int k = 0; k < 3; k++) {
      switch ((mode + k) % 3) {
        case 0 -> smooth(x, out);
        case 1 -> axpy(0.5, x, out);
        default -> scale(out, 0.9);
      }
      s += out[k % out.length] * x[0];
    }
    smooth(out, out);
    return s + out[1];
  }
""");
  }

  @Test
  void annotatedHelperFillsALocalArray() {
    double[][] w = {{0.3, -0.5, 1.2}, {0.7, 0.1, -0.4}};
    double[] x = {0.9, -0.6, 0.25};
    f.check("layer", w, x);
    SecondOrderTest.checkHessianVector(f.code(), "p.Fill", "layer", w, x);
  }

  @Test
  void helpersUpdateArraysInPlaceInsideALoop() {
    double[] x0 = {0.4, -0.8, 1.1};
    f.check("euler", x0, 0.05, 6);
    f.check("euler", x0, 0.1, 0);
    SecondOrderTest.checkHessianVector(f.code(), "p.Fill", "euler", x0, 0.05, 6);
  }

  @Test
  void helpersInBranchesWithEarlyReturns() {
    double[] positive = {0.7, 0.05, 1.3, -0.4};
    double[] negative = {-0.7, 0.05, 1.3, -0.4};
    for (int limit : new int[] {0, 2, 10}) {
      f.check("branches", positive, limit);
      SecondOrderTest.checkHessianVector(f.code(), "p.Fill", "branches", positive, limit);
    }
    f.check("branches", negative, 3);
    SecondOrderTest.checkHessianVector(f.code(), "p.Fill", "branches", negative, 3);
  }

  @Test
  void aHelperWritingTheCallersParameterWorksOnACopy() {
    double[] x = {0.6, -1.4, 0.3};
    f.check("normalizedParameter", x, 0.8); // check() also asserts the arguments are unchanged
    SecondOrderTest.checkHessianVector(f.code(), "p.Fill", "normalizedParameter", x, 0.8);
  }

  @Test
  void helpersWriteRowsOfALocalMatrix() {
    double[][] w = {{0.3, -0.5}, {0.7, 0.1}};
    double[] x = {0.9, -0.6};
    f.check("rows", w, x);
    SecondOrderTest.checkHessianVector(f.code(), "p.Fill", "rows", w, x);
  }

  @Test
  void scalarParametersAreLocalsAndPrivateChecksRun() {
    double[] c = {0.5, -1.0, 2.0, 0.25};
    f.check("powers", 1.3, c);
    SecondOrderTest.checkHessianVector(f.code(), "p.Fill", "powers", 1.3, c);
    // Closed form: d/dbase of sum c[k] base^k + base.
    double base = 1.3;
    double expected = 1 + c[1] + 2 * c[2] * base + 3 * c[3] * base * base;
    assertThat((double) f.gradient("powers", base, c).get("base")).isWithin(1e-12).of(expected);
  }

  @Test
  void aPrivateCheckThrowsTheUsersMessage() {
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () ->
        f.code().load("p.FillGrad").getMethod("powers", double.class, double[].class)
            .invoke(null, -2.0, new double[] {1, 2}));
    assertThat(thrown.getCause()).isInstanceOf(IllegalArgumentException.class);
    assertThat(thrown.getCause()).hasMessageThat().isEqualTo("base must be > 0: -2.0");
  }

  @Test
  void aValueHelperCallsAVoidHelper() {
    double[] x = {0.2, -0.3, 0.9};
    f.check("throughValueHelper", x);
  }

  @Test
  void aCalleeThatChangesLocalCopiesOfElementsWritesNoArray() {
    // Fuzz: double z = mat[i][j]; z -= ...; once counted as a write to mat, rejecting the call.
    double[][] mat = {{0.3, -0.7}, {1.1, 0.4}};
    f.check("readsElementsIntoLocals", (Object) mat);
  }

  @Test
  void helpersOnPingPongBuffers() {
    double[] x0 = {0.3, -0.8, 1.2, 0.5};
    f.check("pingPong", x0, 0.4);
    SecondOrderTest.checkHessianVector(f.code(), "p.Fill", "pingPong", x0, 0.4);
  }

  @Test
  void helpersInASwitchInALoopWithTheirOwnArraysAndJumps() {
    double[] x = {0.3, -0.8, 1.2};
    for (int mode = 0; mode < 3; mode++) {
      f.check("switched", x, mode);
      SecondOrderTest.checkHessianVector(f.code(), "p.Fill", "switched", x, mode);
    }
  }

  @Test
  void aHelperTakingAnEnumValue() {
    ArrayGradientCheck g = ArrayGradientCheck.ofMembers("Modes", """
          enum Mode { DOUBLE, SQUARE }

          @Differentiable
          static double f(double[] x, Mode mode) {
            double[] y = new double[x.length];
            apply(x, mode, y);
            scale(y, mode, 0.5);
            return y[0] + y[1] * y[2];
          }

          static void apply(double[] x, Mode mode, double[] y) {
            for (int i = 0; i < x.length; i++) {
              y[i] = mode == Mode.SQUARE ? x[i] * x[i] : 2 * x[i];
            }
          }

          private static void scale(double[] y, Mode unused, double by) {
            for (int i = 0; i < y.length; i++) {
              y[i] *= by;
            }
          }
        """);
    double[] x = {0.4, -1.3, 0.9};
    for (Object mode : g.code().load("p.Modes$Mode").getEnumConstants()) {
      g.check("f", x, mode);
      SecondOrderTest.checkHessianVector(g.code(), "p.Modes", "f", x, mode);
    }
  }

  @Test
  void voidHelpersGenerateNothingOfTheirOwn() throws Exception {
    String generated = f.code().compilation().generatedSourceFile("p.FillGrad").orElseThrow()
        .getCharContent(true).toString();
    assertThat(generated).doesNotContain("matVec(");
    // The method's own locals keep their names; the inlined helper's give way.
    String layer = generated.substring(generated.indexOf("public static Layer layer("),
        generated.indexOf("// backward", generated.indexOf("public static Layer layer(")));
    assertThat(layer).contains("double s_2 = 0;"); // matVec's, inlined
    assertThat(layer).contains("    double s = 0;\n");
    assertThat(layer).contains("for (int i = 0; i < h.length; i++) {");
    assertThat(generated).doesNotContain("Fill.derivative(");
    assertThat(generated).doesNotContain("Fill.checkPositive(");
  }
}
