package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Methods returning {@code double[]} differentiated with respect to record parameters: the
 * Jacobian with respect to a record is one record of its type per output, {@code [i]} holding
 * the partial derivatives of {@code value[i]} with respect to each value inside the record.
 * Checked column by column against central differences of the user's method, against {@code
 * fTangent} and against {@code fPullback}, with fewer outputs than inputs (rows from pullbacks)
 * and more (columns from tangents).
 */
class RecordJacobianTest {

  private static RecordGradientCheck f;

  @BeforeAll
  static void compile() {
    f = RecordGradientCheck.ofMembers("Fit", """
  record Line(double[] w, double b) {}
  record Layer(double[][] w, double[] b) {}
  record Model(Layer layer, double scale) {}

  /** Residuals of a fit: one output per sample. */
  @Differentiable(wrt = "p")
  static double[] residuals(Line p, double[] x, double[] y) {
    double[] r = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      r[i] = Math.tanh(p.w()[0] * x[i] + p.w()[1] * x[i] * x[i] + p.b()) - y[i];
    }
    return r;
  }

  /** A nested record beside a double and an array. */
  @Differentiable
  static double[] scores(Model m, double t, double[] x) {
    double[] s = new double[m.layer().b().length];
    for (int j = 0; j < s.length; j++) {
      double h = m.layer().b()[j] + t;
      for (int k = 0; k < x.length; k++) {
        h += m.layer().w()[j][k] * x[k];
      }
      s[j] = m.scale() * Math.sin(h);
    }
    return s;
  }
""");
  }

  private static Object record(String name, Object... components) throws Exception {
    Class<?> type = f.code().load("p.Fit$" + name);
    Class<?>[] types = Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getType).toArray(Class<?>[]::new);
    var constructor = type.getDeclaredConstructor(types);
    constructor.setAccessible(true);
    return constructor.newInstance(components);
  }

  @Test
  void moreOutputsThanRecordEntries() throws Exception {
    // 5 residuals, 3 inputs: columns from tangents.
    f.checkJacobian("residuals", record("Line", new double[] {0.4, -0.2}, 0.1),
        new double[] {0.0, 0.5, 1.0, 1.5, 2.0}, new double[] {0.1, 0.3, 0.2, -0.1, 0.4});
  }

  @Test
  void fewerOutputsThanRecordEntries() throws Exception {
    // 2 residuals, 3 inputs: rows from pullbacks.
    f.checkJacobian("residuals", record("Line", new double[] {0.4, -0.2}, 0.1),
        new double[] {0.5, 1.5}, new double[] {0.3, -0.1});
  }

  @Test
  void nestedRecordBesideADoubleAndAnArray() throws Exception {
    Object model = record("Model", record("Layer",
        new double[][] {{0.5, -0.3}, {0.2, 0.8}}, new double[] {0.1, -0.2}), 1.5);
    f.checkJacobian("scores", model, 0.3, new double[] {1.0, -2.0});
  }

  @Test
  void jacobianWithRespectToARecordIsOneRecordPerOutput() throws Exception {
    Class<?> result = f.code().load("p.FitGrad$Residuals");
    assertThat(result.getRecordComponents()[1].getName()).isEqualTo("p");
    assertThat(result.getRecordComponents()[1].getType())
        .isEqualTo(f.code().load("p.Fit$Line").arrayType());
    String method = f.code().generatedMethodSource("p.FitGrad", "Residuals residuals(");
    assertThat(method).contains("Fit.Line[] jacobian_p = new Fit.Line[outputs];");
    assertThat(method).contains("jacobian_p[i] = new Fit.Line(jacobian_p_w[i], jacobian_p_b[i]);");
    assertThat(method).contains(
        "residualsPullback(p, x, y, upstream, new Fit.Line(jacobian_p_w[i], 0.0));");
  }
}
