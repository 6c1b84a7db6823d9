package dev.flatgrad.examples;

import dev.flatgrad.Differentiable;

/**
 * Levenberg-Marquardt curve fitting with the generated Jacobian of a residual vector, on the NIST
 * StRD nonlinear regression problem Misra1a (lower difficulty): {@code y = b1 (1 - exp(-b2 x))},
 * 14 observations, certified parameters {@code b1 = 2.3894212918E+02}, {@code b2 =
 * 5.5015643181E-04} and residual sum of squares {@code 1.2455138894E-01}
 * (https://www.itl.nist.gov/div898/strd/nls/data/misra1a.shtml).
 */
public final class LevenbergMarquardt {

  private LevenbergMarquardt() {}

  /** Misra1a's observations: x, the predictor. */
  static final double[] X = {77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3,
      536.8, 593.1, 689.1, 760.0};
  /** Misra1a's observations: y, the response. */
  static final double[] Y = {10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05,
      61.01, 66.40, 75.47, 81.78};

  /** The certified values, to 11 significant digits. */
  static final double[] CERTIFIED = {2.3894212918E+02, 5.5015643181E-04};
  static final double CERTIFIED_RSS = 1.2455138894E-01;

  /** The model's residuals {@code b1 (1 - exp(-b2 x_i)) - y_i}, one per observation. */
  @Differentiable(wrt = "b")
  static double[] residuals(double[] b, double[] x, double[] y) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = b[0] * (1 - Math.exp(-b[1] * x[i])) - y[i];
    }
    return r;
  }

  /** The sum of squared residuals. */
  static double rss(double[] r) {
    double s = 0;
    for (double v : r) {
      s += v * v;
    }
    return s;
  }

  /**
   * Minimizes the residuals' sum of squares from {@code start}: each step solves {@code (JᵀJ + λ
   * diag(JᵀJ)) δ = -Jᵀr} with the generated Jacobian {@code J}, keeps the step if it lowers the
   * sum (and trusts the model more, λ / 10), and otherwise retries with λ × 10.
   */
  static double[] fit(double[] start, int maxSteps, StepListener listener) {
    double[] b = start.clone();
    double lambda = 1e-3;
    for (int step = 1; step <= maxSteps; step++) {
      LevenbergMarquardtGrad.Residuals jacobian = LevenbergMarquardtGrad.residuals(b, X, Y);
      double[] r = jacobian.value();
      double[][] j = jacobian.b();
      int n = b.length;
      double[][] normal = new double[n][n];
      double[] gradient = new double[n];
      for (int i = 0; i < r.length; i++) {
        for (int p = 0; p < n; p++) {
          gradient[p] += j[i][p] * r[i];
          for (int q = 0; q < n; q++) {
            normal[p][q] += j[i][p] * j[i][q];
          }
        }
      }
      double before = rss(r);
      boolean improved = false;
      while (!improved && lambda < 1e16) {
        double[][] damped = new double[n][];
        for (int p = 0; p < n; p++) {
          damped[p] = normal[p].clone();
          damped[p][p] += lambda * normal[p][p];
        }
        double[] delta = solve(damped, negate(gradient));
        double[] trial = new double[n];
        for (int p = 0; p < n; p++) {
          trial[p] = b[p] + delta[p];
        }
        double after = rss(residuals(trial, X, Y));
        if (after < before) {
          improved = true;
          lambda /= 10;
          double change = 0;
          for (int p = 0; p < n; p++) {
            change = Math.max(change, Math.abs(delta[p]) / Math.max(Math.abs(b[p]), 1e-300));
          }
          b = trial;
          listener.step(step, b, after, lambda);
          if (change < 1e-13) {
            return b;
          }
        } else {
          lambda *= 10;
        }
      }
      if (!improved) {
        return b; // no step lowers the sum: a minimum to working precision
      }
    }
    return b;
  }

  private static double[] negate(double[] v) {
    double[] negated = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      negated[i] = -v[i];
    }
    return negated;
  }

  /** Solves {@code a x = rhs} by Gaussian elimination with partial pivoting. */
  static double[] solve(double[][] a, double[] rhs) {
    int n = rhs.length;
    double[][] m = new double[n][];
    double[] x = rhs.clone();
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
          pivot = row;
        }
      }
      double[] swapRow = m[col];
      m[col] = m[pivot];
      m[pivot] = swapRow;
      double swap = x[col];
      x[col] = x[pivot];
      x[pivot] = swap;
      for (int row = col + 1; row < n; row++) {
        double factor = m[row][col] / m[col][col];
        for (int k = col; k < n; k++) {
          m[row][k] -= factor * m[col][k];
        }
        x[row] -= factor * x[col];
      }
    }
    for (int row = n - 1; row >= 0; row--) {
      for (int k = row + 1; k < n; k++) {
        x[row] -= m[row][k] * x[k];
      }
      x[row] /= m[row][row];
    }
    return x;
  }

  /** Told of each accepted step: the parameters, the sum of squares there, the new λ. */
  @FunctionalInterface
  interface StepListener {
    void step(int step, double[] b, double rss, double lambda);
  }

  public static void main(String[] args) {
    System.out.println("Levenberg-Marquardt on NIST StRD Misra1a from start 1 (500, 1e-4):");
    double[] b = fit(new double[] {500, 1e-4}, 500, (step, p, rss, lambda) ->
        System.out.printf("step %3d: b1 = %.10e  b2 = %.10e  RSS = %.10e  lambda = %.0e%n",
            step, p[0], p[1], rss, lambda));
    System.out.printf("fitted:    b1 = %.10e  b2 = %.10e  RSS = %.10e%n", b[0], b[1],
        rss(residuals(b, X, Y)));
    System.out.printf("certified: b1 = %.10e  b2 = %.10e  RSS = %.10e%n", CERTIFIED[0],
        CERTIFIED[1], CERTIFIED_RSS);
  }
}
