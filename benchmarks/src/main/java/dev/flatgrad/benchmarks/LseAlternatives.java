package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.FiniteDifferences;
import dev.flatgrad.benchmarks.support.ForwardArrays;
import dev.flatgrad.benchmarks.support.ReverseTape;
import dev.flatgrad.benchmarks.support.TapeArrays;
import org.hipparchus.analysis.differentiation.Gradient;

/** lse's gradient every other way: each returns LSE(x) and overwrites {@code out} with ∇LSE. */
public final class LseAlternatives {

  private LseAlternatives() {}

  /**
   * By hand: ∇LSE = softmax(x). The exponentials go straight into {@code out} on the way and are
   * scaled by 1/Σ at the end, so each is computed once.
   */
  public static double handWritten(double[] x, double[] out) {
    double a = x[0];
    for (int i = 1; i < x.length; i++) {
      a = Math.max(a, x[i]);
    }
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double e = Math.exp(x[i] - a);
      out[i] = e;
      s += e;
    }
    double inverse = 1.0 / s;
    for (int i = 0; i < x.length; i++) {
      out[i] *= inverse;
    }
    return Math.log(s) + a;
  }

  public static double tape(ReverseTape tape, double[] x, double[] out) {
    tape.clear();
    int[] nx = TapeArrays.leaves(tape, x);
    int a = nx[0];
    for (int i = 1; i < x.length; i++) {
      a = tape.max(a, nx[i]);
    }
    int s = tape.exp(tape.sub(nx[0], a));
    for (int i = 1; i < x.length; i++) {
      s = tape.add(s, tape.exp(tape.sub(nx[i], a)));
    }
    int y = tape.add(tape.log(s), a);
    tape.backward(y);
    TapeArrays.adjoints(tape, nx, out);
    return tape.value(y);
  }

  public static double hipparchus(double[] x, double[] out) {
    ForwardArrays variables = new ForwardArrays(x.length);
    Gradient[] vx = variables.variables(x);
    Gradient a = vx[0];
    for (int i = 1; i < x.length; i++) {
      a = vx[i].getValue() > a.getValue() ? vx[i] : a;
    }
    Gradient s = vx[0].subtract(a).exp();
    for (int i = 1; i < x.length; i++) {
      s = s.add(vx[i].subtract(a).exp());
    }
    Gradient y = s.log().add(a);
    ForwardArrays.copy(y.getGradient(), 0, out);
    return y.getValue();
  }

  public static double finiteDifferences(double[] x, double[] out) {
    FiniteDifferences.gradient(() -> Lse.lse(x), x, out);
    return Lse.lse(x);
  }
}
