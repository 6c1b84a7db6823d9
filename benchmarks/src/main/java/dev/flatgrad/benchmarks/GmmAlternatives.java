package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.FiniteDifferences;
import dev.flatgrad.benchmarks.support.ForwardArrays;
import dev.flatgrad.benchmarks.support.ReverseTape;
import dev.flatgrad.benchmarks.support.TapeArrays;
import java.util.Arrays;
import java.util.function.DoubleSupplier;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The GMM objective's gradient every other way: each returns E and overwrites {@code galpha,
 * gmeans, gicf} (shaped like {@code alpha, means, icf}).
 */
public final class GmmAlternatives {

  private GmmAlternatives() {}

  /**
   * By hand, one point at a time. With {@code p_c} the softmax of the main terms over the
   * components and {@code y = Q_c (x − μ_c)}: {@code ∂E/∂α_c += p_c}, {@code ∂y = −p_c y}, {@code
   * ∂q_cj += p_c + ∂y_j (x − μ)_j e^{q_cj}}, {@code ∂l_c,ba += ∂y_b (x − μ)_a}, {@code ∂μ_c −=
   * Q_cᵀ ∂y}. The centred points and {@code y} of the current point are kept per component (k × d
   * each); nothing is kept across points.
   */
  public static double handWritten(double[] alpha, double[][] means, double[][] icf,
      double[][] x, double gamma, int m, double wishartConstant, double[] galpha,
      double[][] gmeans, double[][] gicf) {
    int k = alpha.length;
    int d = means[0].length;
    int n = x.length;
    Arrays.fill(galpha, 0.0);
    for (double[] row : gmeans) {
      Arrays.fill(row, 0.0);
    }
    for (double[] row : gicf) {
      Arrays.fill(row, 0.0);
    }
    double[][] qdiags = new double[k][d];
    double[] sumQs = new double[k];
    for (int c = 0; c < k; c++) {
      double sq = 0;
      for (int j = 0; j < d; j++) {
        qdiags[c][j] = Math.exp(icf[c][j]);
        sq += icf[c][j];
      }
      sumQs[c] = sq;
    }

    double[][] centred = new double[k][d];
    double[][] ys = new double[k][d];
    double[] main = new double[k];
    double[] gy = new double[d];
    double slse = 0;
    for (int i = 0; i < n; i++) {
      double[] xi = x[i];
      for (int c = 0; c < k; c++) {
        double[] mu = means[c];
        double[] qd = qdiags[c];
        double[] l = icf[c];
        double[] xc = centred[c];
        double[] y = ys[c];
        for (int j = 0; j < d; j++) {
          double xj = xi[j] - mu[j];
          xc[j] = xj;
          y[j] = qd[j] * xj;
        }
        int li = d;
        for (int a = 0; a < d; a++) {
          double xa = xc[a];
          for (int b = a + 1; b < d; b++) {
            y[b] += l[li++] * xa;
          }
        }
        double sqnorm = 0;
        for (int j = 0; j < d; j++) {
          sqnorm += y[j] * y[j];
        }
        main[c] = alpha[c] + sumQs[c] - 0.5 * sqnorm;
      }
      double mx = main[0];
      for (int c = 1; c < k; c++) {
        mx = Math.max(mx, main[c]);
      }
      double se = 0;
      for (int c = 0; c < k; c++) {
        double e = Math.exp(main[c] - mx);
        main[c] = e;
        se += e;
      }
      slse += Math.log(se) + mx;

      double inverse = 1.0 / se;
      for (int c = 0; c < k; c++) {
        double p = main[c] * inverse;
        galpha[c] += p;
        double[] qd = qdiags[c];
        double[] l = icf[c];
        double[] xc = centred[c];
        double[] y = ys[c];
        double[] g = gicf[c];
        double[] gmu = gmeans[c];
        for (int j = 0; j < d; j++) {
          gy[j] = -p * y[j];
        }
        int li = d;
        for (int a = 0; a < d; a++) {
          double xa = xc[a];
          double gxa = qd[a] * gy[a];
          g[a] += p + gy[a] * xa * qd[a];
          for (int b = a + 1; b < d; b++) {
            double gyb = gy[b];
            g[li] += gyb * xa;
            gxa += l[li] * gyb;
            li++;
          }
          gmu[a] -= gxa;
        }
      }
    }

    double amx = alpha[0];
    for (int c = 1; c < k; c++) {
      amx = Math.max(amx, alpha[c]);
    }
    double asemx = 0;
    for (int c = 0; c < k; c++) {
      asemx += Math.exp(alpha[c] - amx);
    }
    double lseAlpha = Math.log(asemx) + amx;
    for (int c = 0; c < k; c++) {
      galpha[c] -= n * Math.exp(alpha[c] - amx) / asemx;
    }

    double halfGammaSquared = 0.5 * gamma * gamma;
    double gammaSquared = gamma * gamma;
    double prior = 0;
    for (int c = 0; c < k; c++) {
      double[] qd = qdiags[c];
      double[] l = icf[c];
      double[] g = gicf[c];
      double frobenius = 0;
      for (int j = 0; j < d; j++) {
        double q2 = qd[j] * qd[j];
        frobenius += q2;
        g[j] -= gammaSquared * q2 - m;
      }
      for (int j = d; j < l.length; j++) {
        frobenius += l[j] * l[j];
        g[j] -= gammaSquared * l[j];
      }
      prior += halfGammaSquared * frobenius - m * sumQs[c];
    }
    double constant = -n * d * 0.5 * Math.log(2 * Math.PI);
    return constant + slse - n * lseAlpha - prior + wishartConstant;
  }

  public static double tape(ReverseTape tape, double[] alpha, double[][] means, double[][] icf,
      double[][] x, double gamma, int m, double wishartConstant, double[] galpha,
      double[][] gmeans, double[][] gicf) {
    tape.clear();
    int k = alpha.length;
    int d = means[0].length;
    int n = x.length;
    int[] nalpha = TapeArrays.leaves(tape, alpha);
    int[][] nmeans = TapeArrays.leaves(tape, means);
    int[][] nicf = TapeArrays.leaves(tape, icf);
    int[][] qdiags = new int[k][d];
    int[] sumQs = new int[k];
    for (int c = 0; c < k; c++) {
      int sq = nicf[c][0];
      qdiags[c][0] = tape.exp(nicf[c][0]);
      for (int j = 1; j < d; j++) {
        qdiags[c][j] = tape.exp(nicf[c][j]);
        sq = tape.add(sq, nicf[c][j]);
      }
      sumQs[c] = sq;
    }
    int[] xc = new int[d];
    int[] y = new int[d];
    int[] main = new int[k];
    int slse = tape.leaf(0.0);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          xc[j] = tape.constSub(x[i][j], nmeans[c][j]);
          y[j] = tape.mul(qdiags[c][j], xc[j]);
        }
        int li = d;
        for (int a = 0; a < d; a++) {
          for (int b = a + 1; b < d; b++) {
            y[b] = tape.add(y[b], tape.mul(nicf[c][li++], xc[a]));
          }
        }
        int sqnorm = tape.square(y[0]);
        for (int j = 1; j < d; j++) {
          sqnorm = tape.add(sqnorm, tape.square(y[j]));
        }
        main[c] = tape.sub(tape.add(nalpha[c], sumQs[c]), tape.mulConst(sqnorm, 0.5));
      }
      slse = tape.add(slse, logsumexp(tape, main));
    }
    int lseAlpha = logsumexp(tape, nalpha);
    int prior = tape.leaf(0.0);
    for (int c = 0; c < k; c++) {
      int frobenius = tape.square(qdiags[c][0]);
      for (int j = 1; j < d; j++) {
        frobenius = tape.add(frobenius, tape.square(qdiags[c][j]));
      }
      for (int j = d; j < icf[c].length; j++) {
        frobenius = tape.add(frobenius, tape.square(nicf[c][j]));
      }
      prior = tape.add(prior, tape.sub(tape.mulConst(frobenius, 0.5 * gamma * gamma),
          tape.mulConst(sumQs[c], m)));
    }
    double constant = -n * d * 0.5 * Math.log(2 * Math.PI);
    int e = tape.addConst(
        tape.sub(tape.sub(slse, tape.mulConst(lseAlpha, n)), prior), constant + wishartConstant);
    tape.backward(e);
    TapeArrays.adjoints(tape, nalpha, galpha);
    TapeArrays.adjoints(tape, nmeans, gmeans);
    TapeArrays.adjoints(tape, nicf, gicf);
    return tape.value(e);
  }

  private static int logsumexp(ReverseTape tape, int[] v) {
    int mx = v[0];
    for (int c = 1; c < v.length; c++) {
      mx = tape.max(mx, v[c]);
    }
    int se = tape.exp(tape.sub(v[0], mx));
    for (int c = 1; c < v.length; c++) {
      se = tape.add(se, tape.exp(tape.sub(v[c], mx)));
    }
    return tape.add(tape.log(se), mx);
  }

  /** Forward mode over all {@code k + k d + k (d + d(d − 1)/2)} = 1650 parameters. */
  public static double hipparchus(double[] alpha, double[][] means, double[][] icf,
      double[][] x, double gamma, int m, double wishartConstant, double[] galpha,
      double[][] gmeans, double[][] gicf) {
    int k = alpha.length;
    int d = means[0].length;
    int n = x.length;
    ForwardArrays variables = new ForwardArrays(k + k * d + k * icf[0].length);
    Gradient[] valpha = variables.variables(alpha);
    Gradient[][] vmeans = variables.variables(means);
    Gradient[][] vicf = variables.variables(icf);
    Gradient[][] qdiags = new Gradient[k][d];
    Gradient[] sumQs = new Gradient[k];
    for (int c = 0; c < k; c++) {
      Gradient sq = vicf[c][0];
      qdiags[c][0] = vicf[c][0].exp();
      for (int j = 1; j < d; j++) {
        qdiags[c][j] = vicf[c][j].exp();
        sq = sq.add(vicf[c][j]);
      }
      sumQs[c] = sq;
    }
    Gradient[] xc = new Gradient[d];
    Gradient[] y = new Gradient[d];
    Gradient[] main = new Gradient[k];
    Gradient slse = variables.constant(0.0);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          xc[j] = vmeans[c][j].negate().add(x[i][j]);
          y[j] = qdiags[c][j].multiply(xc[j]);
        }
        int li = d;
        for (int a = 0; a < d; a++) {
          for (int b = a + 1; b < d; b++) {
            y[b] = y[b].add(vicf[c][li++].multiply(xc[a]));
          }
        }
        Gradient sqnorm = y[0].multiply(y[0]);
        for (int j = 1; j < d; j++) {
          sqnorm = sqnorm.add(y[j].multiply(y[j]));
        }
        main[c] = valpha[c].add(sumQs[c]).subtract(sqnorm.multiply(0.5));
      }
      slse = slse.add(logsumexp(main));
    }
    Gradient lseAlpha = logsumexp(valpha);
    Gradient prior = variables.constant(0.0);
    for (int c = 0; c < k; c++) {
      Gradient frobenius = qdiags[c][0].multiply(qdiags[c][0]);
      for (int j = 1; j < d; j++) {
        frobenius = frobenius.add(qdiags[c][j].multiply(qdiags[c][j]));
      }
      for (int j = d; j < icf[c].length; j++) {
        frobenius = frobenius.add(vicf[c][j].multiply(vicf[c][j]));
      }
      prior = prior.add(frobenius.multiply(0.5 * gamma * gamma).subtract(sumQs[c].multiply(m)));
    }
    double constant = -n * d * 0.5 * Math.log(2 * Math.PI);
    Gradient e = slse.subtract(lseAlpha.multiply(n)).subtract(prior)
        .add(constant + wishartConstant);
    double[] g = e.getGradient();
    int at = ForwardArrays.copy(g, 0, galpha);
    at = ForwardArrays.copy(g, at, gmeans);
    ForwardArrays.copy(g, at, gicf);
    return e.getValue();
  }

  private static Gradient logsumexp(Gradient[] v) {
    Gradient mx = v[0];
    for (int c = 1; c < v.length; c++) {
      mx = v[c].getValue() > mx.getValue() ? v[c] : mx;
    }
    Gradient se = v[0].subtract(mx).exp();
    for (int c = 1; c < v.length; c++) {
      se = se.add(v[c].subtract(mx).exp());
    }
    return se.log().add(mx);
  }

  public static double finiteDifferences(double[] alpha, double[][] means, double[][] icf,
      double[][] x, double gamma, int m, double wishartConstant, double[] galpha,
      double[][] gmeans, double[][] gicf) {
    DoubleSupplier f = () -> Gmm.gmm(alpha, means, icf, x, gamma, m, wishartConstant);
    FiniteDifferences.gradient(f, alpha, galpha);
    FiniteDifferences.gradient(f, means, gmeans);
    FiniteDifferences.gradient(f, icf, gicf);
    return f.getAsDouble();
  }
}
