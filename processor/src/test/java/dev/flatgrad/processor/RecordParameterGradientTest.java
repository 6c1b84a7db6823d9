package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parameter records: a record of doubles, arrays and nested records is differentiated as a
 * whole, its gradient a record of the same type. Each gradient entry is checked against central
 * differences of the user's method, with the tangent, the accumulating entry point (a sink
 * record) and the Hessian-vector product; records of data (int, boolean) are read but not
 * differentiated.
 */
class RecordParameterGradientTest {

  private static RecordGradientCheck f;

  @BeforeAll
  static void compile() {
    f = RecordGradientCheck.ofMembers("Records", """
  record Layer(double[][] w, double[] b) {}
  record Mlp(Layer hidden, double[] out, double scale) {}
  record Sample(double[] x, int label, boolean flip) {}
  record Point(double x, double y) {}

  /** A two-layer network over one sample; the sample is a data record. */
  @Differentiable
  static double loss(Mlp m, Sample s) {
    double total = 0;
    for (int j = 0; j < m.out().length; j++) {
      double h = m.hidden().b()[j];
      for (int k = 0; k < s.x().length; k++) {
        h += m.hidden().w()[j][k] * s.x()[k];
      }
      total += m.out()[j] * Math.tanh(h);
    }
    if (s.flip()) {
      total = -total;
    }
    return m.scale() * total * total + s.label();
  }

  /** Records of scalars beside a plain parameter, read in a loop and a branch. */
  @Differentiable
  static double distance(Point a, double t, Point b) {
    double dx = a.x() - b.x() * t;
    double dy = a.y() - b.y();
    double d = Math.sqrt(dx * dx + dy * dy);
    for (int i = 0; i < 3; i++) {
      if (d > 1) {
        d = d * a.x() / (1 + t * t);
      }
    }
    return d;
  }

  /** Only the parameters in wrt: the record is data here. */
  @Differentiable(wrt = "t")
  static double scaled(Point p, double t) {
    return p.x() * Math.sin(t) + p.y() * t * t;
  }
""");
  }

  private static Object record(String name, Object... components) throws Exception {
    Class<?> type = f.code().load("p.Records$" + name);
    Class<?>[] types = java.util.Arrays.stream(type.getRecordComponents())
        .map(java.lang.reflect.RecordComponent::getType).toArray(Class<?>[]::new);
    var constructor = type.getDeclaredConstructor(types);
    constructor.setAccessible(true);
    return constructor.newInstance(components);
  }

  @Test
  void nestedRecordOfArraysAndAScalar() throws Exception {
    Object layer = record("Layer", new double[][] {{0.5, -0.3}, {0.2, 0.8}, {-0.4, 0.1}},
        new double[] {0.1, -0.2, 0.05});
    Object mlp = record("Mlp", layer, new double[] {0.7, -0.5, 0.3}, 1.5);
    f.check("loss", mlp, record("Sample", new double[] {1.0, -2.0}, 1, false));
    f.check("loss", mlp, record("Sample", new double[] {0.3, 0.4}, 0, true));
  }

  @Test
  void scalarRecords() throws Exception {
    f.check("distance", record("Point", 2.0, 1.0), 0.5, record("Point", -1.0, 0.25));
    f.check("distance", record("Point", 0.3, 0.1), 0.2, record("Point", 0.1, 0.2));
  }

  @Test
  void recordOutsideWrt() throws Exception {
    f.check("scaled", record("Point", 2.0, -1.0), 0.7);
  }

  @Test
  void gradientComponentHasTheRecordType() throws Exception {
    Class<?> result = f.code().load("p.RecordsGrad$Loss");
    assertThat(result.getRecordComponents()[1].getName()).isEqualTo("m");
    assertThat(result.getRecordComponents()[1].getType())
        .isEqualTo(f.code().load("p.Records$Mlp"));
    assertThat(result.getRecordComponents()).hasLength(2); // the data record has no gradient
    Class<?> grad = f.code().load("p.RecordsGrad");
    Class<?> mlp = f.code().load("p.Records$Mlp");
    Class<?> sample = f.code().load("p.Records$Sample");
    assertThat(grad.getMethod("lossAccumulate", mlp, sample, mlp)).isNotNull();
    assertThat(grad.getMethod("lossPullback", mlp, sample, double.class, mlp)).isNotNull();
    assertThat(grad.getMethod("lossTangent", mlp, sample, mlp)).isNotNull();
  }
}
