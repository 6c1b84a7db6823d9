package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.FiniteDifferences;
import dev.flatgrad.benchmarks.support.ForwardArrays;
import dev.flatgrad.benchmarks.support.ReverseTape;
import dev.flatgrad.benchmarks.support.TapeArrays;
import java.util.Arrays;
import org.hipparchus.analysis.differentiation.Gradient;

/** llsq's gradient every other way: each returns y(x) and overwrites {@code out} with ∇y. */
public final class LlsqAlternatives {

  private LlsqAlternatives() {}

  /**
   * By hand: ∂y/∂x_j = −Σ_i r_i t_i^j with the residual r_i. One pass per point computes r_i, a
   * second regenerates the powers of t_i to accumulate the gradient: nothing is stored.
   */
  public static double handWritten(double[] x, int n, double[] out) {
    int m = x.length;
    Arrays.fill(out, 0.0);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double ti = -1 + i * 2.0 / (n - 1);
      double inner = ti > 0 ? 1.0 : ti < 0 ? -1.0 : 0.0;
      double mul = 1;
      for (int j = 0; j < m; j++) {
        inner -= x[j] * mul;
        mul *= ti;
      }
      sum += inner * inner;
      mul = 1;
      for (int j = 0; j < m; j++) {
        out[j] -= inner * mul;
        mul *= ti;
      }
    }
    return sum / 2;
  }

  public static double tape(ReverseTape tape, double[] x, int n, double[] out) {
    tape.clear();
    int[] nx = TapeArrays.leaves(tape, x);
    int sum = tape.leaf(0.0);
    for (int i = 0; i < n; i++) {
      double ti = -1 + i * 2.0 / (n - 1);
      int inner = tape.leaf(ti > 0 ? 1.0 : ti < 0 ? -1.0 : 0.0);
      double mul = 1;
      for (int j = 0; j < x.length; j++) {
        inner = tape.sub(inner, tape.mulConst(nx[j], mul));
        mul *= ti;
      }
      sum = tape.add(sum, tape.square(inner));
    }
    int y = tape.mulConst(sum, 0.5);
    tape.backward(y);
    TapeArrays.adjoints(tape, nx, out);
    return tape.value(y);
  }

  public static double hipparchus(double[] x, int n, double[] out) {
    ForwardArrays variables = new ForwardArrays(x.length);
    Gradient[] vx = variables.variables(x);
    Gradient sum = variables.constant(0.0);
    for (int i = 0; i < n; i++) {
      double ti = -1 + i * 2.0 / (n - 1);
      Gradient inner = variables.constant(ti > 0 ? 1.0 : ti < 0 ? -1.0 : 0.0);
      double mul = 1;
      for (int j = 0; j < x.length; j++) {
        inner = inner.subtract(vx[j].multiply(mul));
        mul *= ti;
      }
      sum = sum.add(inner.multiply(inner));
    }
    Gradient y = sum.divide(2);
    ForwardArrays.copy(y.getGradient(), 0, out);
    return y.getValue();
  }

  public static double finiteDifferences(double[] x, int n, double[] out) {
    FiniteDifferences.gradient(() -> Llsq.llsq(x, n), x, out);
    return Llsq.llsq(x, n);
  }
}
