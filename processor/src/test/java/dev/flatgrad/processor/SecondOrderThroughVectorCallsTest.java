package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hessian-vector products of scalar methods that call methods returning {@code double[]}: the
 * caller's second-order code takes the call's tangent from the callee's {@code fTangent} and
 * carries its reverse through the callee's {@code fPullbackTangent}, whose upstream gradient and
 * its tangent are arrays. Gradients against central differences of the user's method; Hessian
 * times a direction against central differences of the gradient.
 */
class SecondOrderThroughVectorCallsTest {

  private static ArrayGradientCheck f;
  private static RecordGradientCheck records;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Vec", """
  @Differentiable
  static double[] wave(double a, double[] x) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = Math.sin(a * x[i]) * x[i];
    }
    return r;
  }

  /** A vector method calling a vector method. */
  @Differentiable
  static double[] squashed(double a, double[] x) {
    double[] w = wave(a, x);
    double[] s = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      s[i] = Math.tanh(w[i] + a);
    }
    return s;
  }

  @Differentiable
  static double energy(double a, double[] x) {
    double[] r = wave(a, x);
    double s = 0;
    for (int i = 0; i < r.length; i++) {
      s += r[i] * r[i] * x[i];
    }
    return s * a;
  }

  /** Through a chain: a scalar method over a vector method over a vector method. */
  @Differentiable
  static double chained(double a, double[] x) {
    double[] s = squashed(a * a, x);
    double total = energy(a, x);
    for (int i = 0; i < s.length; i++) {
      total += s[i] * s[i];
    }
    return total;
  }
""");
    records = RecordGradientCheck.ofMembers("Model", """
  record Line(double[] w, double b) {}

  @Differentiable
  static double[] predictions(Line p, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.tanh(p.w()[i] * x[i] + p.b());
    }
    return y;
  }

  /** A squared error through a vector method taking the record. */
  @Differentiable(wrt = "p")
  static double loss(Line p, double[] x, double[] target) {
    double[] y = predictions(p, x);
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      double d = y[i] - target[i];
      s += d * d;
    }
    return s;
  }
""");
  }

  @Test
  void scalarOverVector() {
    f.check("energy", 0.7, new double[] {0.3, -1.2, 0.8});
    SecondOrderTest.checkHessianVector(f.code(), "p.Vec", "energy", 0.7,
        new double[] {0.3, -1.2, 0.8});
  }

  @Test
  void chainsOfVectorMethods() {
    f.check("chained", 0.6, new double[] {0.5, -0.4, 1.1});
    SecondOrderTest.checkHessianVector(f.code(), "p.Vec", "chained", 0.6,
        new double[] {0.5, -0.4, 1.1});
  }

  @Test
  void vectorMethodTakingARecord() throws Exception {
    Class<?> type = records.code().load("p.Model$Line");
    Class<?>[] types = Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getType).toArray(Class<?>[]::new);
    var constructor = type.getDeclaredConstructor(types);
    constructor.setAccessible(true);
    Object line = constructor.newInstance(new double[] {0.4, -0.8, 0.3}, 0.2);
    // Gradient, tangent, accumulate and Hessian-vector product, all against differences.
    records.check("loss", line, new double[] {1.0, 0.5, -1.5}, new double[] {0.2, 0.1, -0.3});
  }

  @Test
  void callersCallTheVectorMethodsTangentAndPullbackTangent() {
    String product = f.code().generatedMethodSource("p.VecGrad",
        "EnergyHessianVector energyHessianVector(");
    assertThat(product).contains("double[] dot_r = VecGrad.waveTangent(a, x, dot_a, dot_x)"
        + ".tangent();");
    assertThat(product).contains("VecGrad.wavePullbackTangent(a, x, grad_r, grad_x, dot_a,"
        + " dot_x, dot_grad_r, dot_grad_x);");
    String pullbackTangent = f.code().generatedMethodSource("p.VecGrad",
        "WavePullbackTangent wavePullbackTangent(");
    assertThat(pullbackTangent).contains("double[] upstream,");
    assertThat(pullbackTangent).contains("double[] dot_upstream");
    assertThat(pullbackTangent).contains("double[] dot_grad_r = dot_upstream.clone();");
  }
}
