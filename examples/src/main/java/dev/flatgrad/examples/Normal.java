package dev.flatgrad.examples;

import dev.flatgrad.Differentiable;

/** The standard normal distribution, as a helper other differentiable methods call. */
final class Normal {

  private Normal() {}

  /**
   * The standard normal CDF by Abramowitz and Stegun's 26.2.17 (absolute error below 7.5e-8),
   * through the symmetry {@code N(x) = 1 - N(-x)} below 0: a branch and a recursive call.
   */
  @Differentiable
  static double cdf(double x) {
    if (x < 0) {
      return 1 - cdf(-x);
    }
    double t = 1 / (1 + 0.2316419 * x);
    double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937
        + t * (-1.821255978 + t * 1.330274429))));
    return 1 - Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) * poly;
  }
}
