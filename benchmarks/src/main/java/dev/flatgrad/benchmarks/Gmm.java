package dev.flatgrad.benchmarks;

import dev.flatgrad.Differentiable;
import dev.flatgrad.benchmarks.support.Inputs;
import java.util.SplittableRandom;
import org.hipparchus.special.Gamma;

/**
 * Kernel 5, gradbench's {@code gmm} objective (from Microsoft's ADBench): the log-likelihood of
 * {@code n} points under a mixture of {@code k} Gaussians in {@code d} dimensions, plus a Wishart
 * prior on the precision matrices:
 *
 * <pre>
 *   E = −(n d / 2) log 2π + Σ_i logsumexp_c(α_c + Σ_j q_cj − ½‖Q_c (x_i − μ_c)‖²)
 *       − n logsumexp(α) + Σ_c [−½ γ² (‖exp q_c‖² + ‖l_c‖²) + m Σ_j q_cj] + k C(γ, m, d)
 * </pre>
 *
 * where {@code Q_c} is lower triangular with diagonal {@code exp(q_c)} and strictly lower part
 * {@code l_c} (filled column by column), read from the inverse covariance factor {@code icf_c =
 * (q_c, l_c)} of {@code d + d(d−1)/2} numbers. It follows gradbench's {@code gmm.hpp} statement
 * for statement, with its helpers ({@code logsumexp}, {@code Qtimesx}, {@code log_wishart_prior})
 * inlined, since flatgrad does not differentiate calls yet. Sizes: {@code d = 10}, {@code k =
 * 25}, {@code n = 100} (gradbench runs n = 1000 and 10000; the per-point work and so the gradient
 * ÷ primal ratio do not depend on n, and a smaller n keeps the forward-mode and finite-difference
 * baselines, whose cost grows with the 1650 parameters, measurable). Wishart {@code γ = 1},
 * {@code m = 0}, as gradbench's generator sets them. Data as gradbench draws it: α, icf and x
 * standard normal, μ uniform in [0, 1).
 *
 * <p>Two deviations. gradbench walks the triangle with a running index ({@code Lparamsidx = 0}
 * per component, {@code Lparamsidx++} per entry); here the index is computed from the column,
 * because flatgrad 0.1.0 reverses that reset-then-increment counter wrongly (it undoes the {@code
 * ++} steps but never restores the reset, so the reverse pass indexes out of bounds; reported
 * with issue 7). And the Wishart normalizing constant {@code C} involves the log multivariate gamma
 * function, which flatgrad cannot call; it does not depend on any differentiated input, so the
 * caller passes {@code k C} in as {@code wishartConstant} ({@link #wishartConstant}).
 */
public final class Gmm {

  public static final int D = 10;
  public static final int K = 25;
  public static final int N = 100;

  private Gmm() {}

  @Differentiable(wrt = {"alpha", "means", "icf"})
  public static double gmm(double[] alpha, double[][] means, double[][] icf, double[][] x,
      double gamma, int m, double wishartConstant) {
    int k = alpha.length;
    int d = means[0].length;
    int n = x.length;

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

    double[] xcentered = new double[d];
    double[] qxcentered = new double[d];
    double[] mainTerm = new double[k];
    double slse = 0;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          xcentered[j] = x[i][j] - means[c][j];
        }
        // Qtimesx: the diagonal, then the strictly lower triangle column by column.
        for (int j = 0; j < d; j++) {
          qxcentered[j] = qdiags[c][j] * xcentered[j];
        }
        for (int a = 0; a < d; a++) {
          // Column a of l_c starts at icf_c[d + a(2d - a - 1) / 2], and holds rows a + 1 ... d - 1.
          int column = d + a * (2 * d - a - 1) / 2 - a - 1;
          for (int b = a + 1; b < d; b++) {
            qxcentered[b] += icf[c][column + b] * xcentered[a];
          }
        }
        double sqnorm = 0;
        for (int j = 0; j < d; j++) {
          sqnorm += qxcentered[j] * qxcentered[j];
        }
        mainTerm[c] = alpha[c] + sumQs[c] - 0.5 * sqnorm;
      }
      // logsumexp(mainTerm)
      double mx = mainTerm[0];
      for (int c = 1; c < k; c++) {
        mx = Math.max(mx, mainTerm[c]);
      }
      double semx = 0;
      for (int c = 0; c < k; c++) {
        semx += Math.exp(mainTerm[c] - mx);
      }
      slse += Math.log(semx) + mx;
    }

    // logsumexp(alpha)
    double amx = alpha[0];
    for (int c = 1; c < k; c++) {
      amx = Math.max(amx, alpha[c]);
    }
    double asemx = 0;
    for (int c = 0; c < k; c++) {
      asemx += Math.exp(alpha[c] - amx);
    }
    double lseAlpha = Math.log(asemx) + amx;

    // log_wishart_prior, without its constant
    double prior = 0;
    for (int c = 0; c < k; c++) {
      double frobenius = 0;
      for (int j = 0; j < d; j++) {
        frobenius += qdiags[c][j] * qdiags[c][j];
      }
      for (int j = d; j < icf[c].length; j++) {
        frobenius += icf[c][j] * icf[c][j];
      }
      prior += 0.5 * gamma * gamma * frobenius - m * sumQs[c];
    }

    double constant = -n * d * 0.5 * Math.log(2 * Math.PI);
    return constant + slse - n * lseAlpha - prior + wishartConstant;
  }

  /**
   * {@code k C}: the part of gradbench's {@code log_wishart_prior} that depends on no input,
   * {@code C = n_w d (log γ − ½ log 2) − log Γ_d(n_w / 2)} with {@code n_w = d + m + 1}.
   */
  public static double wishartConstant(int d, int k, double gamma, int m) {
    int nw = d + m + 1;
    double c = nw * d * (Math.log(gamma) - 0.5 * Math.log(2)) - logGammaDistrib(0.5 * nw, d);
    return k * c;
  }

  /** The log multivariate gamma function {@code log Γ_p(a)}. */
  static double logGammaDistrib(double a, int p) {
    double out = 0.25 * p * (p - 1) * Math.log(Math.PI);
    for (int j = 1; j <= p; j++) {
      out += Gamma.logGamma(a + 0.5 * (1 - j));
    }
    return out;
  }

  /** The parameters and the points, drawn as gradbench's generator draws them. */
  public static final class Data {
    public final double[] alpha;
    public final double[][] means;
    public final double[][] icf;
    public final double[][] x;
    public final double gamma = 1.0;
    public final int m = 0;
    public final double wishartConstant;

    /** gradbench's gmm inputs with {@link #N} points. */
    public Data(long seed) {
      this(seed, N);
    }

    /** gradbench's gmm inputs with {@code n} points. */
    public Data(long seed, int n) {
      SplittableRandom random = Inputs.random(seed);
      alpha = Inputs.normal(random, K);
      means = Inputs.uniform(random, K, D, 0, 1);
      icf = Inputs.normal(random, K, D + D * (D - 1) / 2);
      x = Inputs.normal(random, n, D);
      wishartConstant = wishartConstant(D, K, gamma, m);
    }
  }
}
