package dev.flatgrad.examples;

import dev.flatgrad.Differentiable;
import java.util.function.DoubleUnaryOperator;

/**
 * A European call priced the way a numerical library prices what has no closed form: the
 * discounted payoff integrated against the density of the log-return with Simpson's rule, the
 * integrand a lambda over a small record of the market. flatgrad translates the lambda and the
 * record's methods where they are used, so the price's gradient is the rule applied to the
 * integrand's derivative: delta and vega, agreeing with {@link BlackScholes} to the rule's
 * accuracy.
 */
final class QuadraturePricing {

  private QuadraturePricing() {}

  /** The market an option is priced in: spot, rate, volatility and time to expiry. */
  record Market(double spot, double rate, double vol, double years) {

    /** The spot at expiry when the standard normal log-return factor is {@code z}. */
    double spotAt(double z) {
      double drift = (rate - 0.5 * vol * vol) * years;
      return spot * Math.exp(drift + vol * Math.sqrt(years) * z);
    }

    double discount() {
      return Math.exp(-rate * years);
    }
  }

  /** Composite Simpson's rule of {@code f} over [lo, hi] with {@code n} (even) intervals. */
  static double simpson(DoubleUnaryOperator f, double lo, double hi, int n) {
    if (n <= 0 || n % 2 != 0) {
      throw new IllegalArgumentException("n must be positive and even: " + n);
    }
    double h = (hi - lo) / n;
    double sum = f.applyAsDouble(lo) + f.applyAsDouble(hi);
    for (int i = 1; i < n; i++) {
      sum += (i % 2 == 0 ? 2 : 4) * f.applyAsDouble(lo + i * h);
    }
    return sum * h / 3;
  }

  /** The call's price: the discounted payoff against the normal density, on [-8, 8]. */
  @Differentiable(wrt = {"spot", "vol"})
  static double call(double spot, double strike, double rate, double vol, double years,
      int intervals) {
    Market market = new Market(spot, rate, vol, years);
    double expected = simpson(z -> {
      double payoff = Math.max(market.spotAt(z) - strike, 0.0);
      return payoff * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }, -8, 8, intervals);
    return market.discount() * expected;
  }
}
