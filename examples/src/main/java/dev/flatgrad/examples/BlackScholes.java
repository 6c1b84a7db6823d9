package dev.flatgrad.examples;

import dev.flatgrad.Differentiable;

/**
 * A European call option's Black-Scholes price, built on {@link Normal#cdf} from another class.
 * Its gradient with respect to the spot {@code s} is the option's delta, and with respect to the
 * volatility {@code sigma} its vega.
 */
final class BlackScholes {

  private BlackScholes() {}

  /**
   * The price of a call with strike {@code k} and {@code t} years to expiry, at spot {@code s},
   * interest rate {@code r} and volatility {@code sigma}.
   */
  @Differentiable(wrt = {"s", "sigma"})
  static double call(double s, double k, double r, double sigma, double t) {
    double sq = sigma * Math.sqrt(t);
    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / sq;
    double d2 = d1 - sq;
    return s * Normal.cdf(d1) - k * Math.exp(-r * t) * Normal.cdf(d2);
  }
}
