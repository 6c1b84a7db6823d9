package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parameter records passed on to other differentiable methods: a whole record, a record inside
 * one, a data record, calls in a loop, the same record twice, and a private helper taking
 * records. The gradient flows through the callee's pullback into the caller's record gradient;
 * every entry is checked against central differences of the user's method, with the tangent, the
 * accumulating entry point and the Hessian-vector product (through the callee's pullback
 * tangent) checked too.
 */
class RecordCallsGradientTest {

  private static RecordGradientCheck f;

  @BeforeAll
  static void compile() {
    f = RecordGradientCheck.ofMembers("Calls", """
  record Mlp(double[] w, double b) {}
  record Layer(double[][] w, double[] b) {}
  record Net(Layer hidden, double[] out, double scale) {}
  record Point(double x, double y) {}
  record Sample(double[] x, int label) {}

  @Differentiable
  static double predict(Mlp p, double[] x) {
    double s = p.b();
    for (int i = 0; i < x.length; i++) {
      s += p.w()[i] * x[i];
    }
    return Math.tanh(s);
  }

  /** The record and an array passed on; y is a double outside the callee. */
  @Differentiable
  static double loss(Mlp p, double[] x, double y) {
    double d = predict(p, x) - y;
    return d * d;
  }

  /** The record is data here; the callee still differentiates it, into a dropped sink. */
  @Differentiable(wrt = {"x", "y"})
  static double lossInX(Mlp p, double[] x, double y) {
    double d = predict(p, x) - y;
    return d * d * y;
  }

  @Differentiable
  static double layerSum(Layer l, double[] x) {
    double s = 0;
    for (int j = 0; j < l.b().length; j++) {
      double h = l.b()[j];
      for (int k = 0; k < x.length; k++) {
        h += l.w()[j][k] * x[k];
      }
      s += Math.tanh(h);
    }
    return s;
  }

  /** A record inside a record, and a data record with an int, passed on. */
  @Differentiable
  static double score(Net n, Sample s) {
    return n.scale() * layerSum(n.hidden(), s.x()) + n.out()[s.label()] * n.out()[0];
  }

  /** Calls in a loop, with the whole record and a record inside it. */
  @Differentiable
  static double net(Net n, double[] x, Sample s) {
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      total += score(n, s) * x[i];
    }
    return total * layerSum(n.hidden(), x);
  }

  private static double dist(Point a, Point b) {
    double dx = a.x() - b.x();
    double dy = a.y() - b.y();
    return Math.sqrt(dx * dx + dy * dy);
  }

  private static double dot(Point a, Point b) {
    return a.x() * b.x() + a.y() * b.y();
  }

  /** Private helpers taking records, called with them in both orders and twice the same. */
  @Differentiable
  static double triangle(Point a, Point b, double t) {
    return dist(a, b) * t + dist(b, a) * Math.exp(-dot(a, a) - t * t);
  }
""");
  }

  private static Object record(String name, Object... components) throws Exception {
    Class<?> type = f.code().load("p.Calls$" + name);
    Class<?>[] types = Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getType).toArray(Class<?>[]::new);
    var constructor = type.getDeclaredConstructor(types);
    constructor.setAccessible(true);
    return constructor.newInstance(components);
  }

  private static Object net() throws Exception {
    Object hidden = record("Layer", new double[][] {{0.5, -0.3}, {0.2, 0.8}, {-0.4, 0.1}},
        new double[] {0.1, -0.2, 0.05});
    return record("Net", hidden, new double[] {0.7, -0.5, 0.3}, 1.5);
  }

  @Test
  void wholeRecordPassedOn() throws Exception {
    Object mlp = record("Mlp", new double[] {0.4, -0.7, 0.2}, 0.3);
    f.check("loss", mlp, new double[] {1.0, 0.5, -2.0}, 0.25);
    f.check("lossInX", mlp, new double[] {1.0, 0.5, -2.0}, 0.25);
  }

  @Test
  void recordInsideARecordAndDataRecord() throws Exception {
    f.check("score", net(), record("Sample", new double[] {1.0, -2.0}, 2));
  }

  @Test
  void callsInALoop() throws Exception {
    f.check("net", net(), new double[] {0.3, -0.6}, record("Sample", new double[] {0.5, 1.5},
        1));
  }

  @Test
  void privateHelperTakingRecords() throws Exception {
    f.check("triangle", record("Point", 2.0, 1.0), record("Point", -1.0, 0.25), 0.5);
  }

  @Test
  void callsBuildTheCalleesRecordsAroundTheValues() {
    String loss = f.code().generatedMethodSource("p.CallsGrad", "Loss loss(");
    assertThat(loss).contains("double t0 = Calls.predict(new Calls.Mlp(p_w, p_b), x);");
    // Array sinks go into a sink record; the double's gradient comes back in the result.
    assertThat(loss).contains("CallsGrad.predictPullback(new Calls.Mlp(p_w, p_b), x, grad_t0,"
        + " new Calls.Mlp(grad_p_w, 0.0), grad_x);");
    assertThat(loss).contains("double grad_p_b = pulled.p().b();");
    String score = f.code().generatedMethodSource("p.CallsGrad", "Score score(");
    assertThat(score).contains("new Calls.Layer(grad_n_hidden_w, grad_n_hidden_b)");
    String product = f.code().generatedMethodSource("p.CallsGrad",
        "LossHessianVector lossHessianVector(");
    assertThat(product).contains("CallsGrad.predictPullbackTangent(");
    assertThat(product).contains("double dot_grad_p_b = pulled.dot_p().b();");
  }

  @Test
  void accumulateNamesEachSinkAfterItsParameter() {
    // The sink of x follows the record's: it is grad_x, not the record's first array.
    String accumulate =
        f.code().generatedMethodSource("p.CallsGrad", "LossPullback lossAccumulate(");
    assertThat(accumulate).contains("double[] grad_x) {");
    assertThat(accumulate).contains("return lossPullback(p, x, y, 1.0, grad_p, grad_x);");
  }
}
