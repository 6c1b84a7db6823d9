package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of numeric Java written as open-source numeric libraries write it (special functions,
 * distributions, option pricing, interpolation, statistics, machine-learning losses, quadrature,
 * root finding, linear algebra, signal processing, simulation, network layers, geometry,
 * optimization, interest-rate models), compiled under flatgrad unchanged: guards that throw, {@code
 * Double.isNaN}, coefficient tables in {@code static final} fields, enhanced {@code for}, {@code
 * Math.floor} and {@code (int)} casts, early returns, {@code switch} on constants, {@code while}
 * loops with tolerances, unannotated helpers, {@code clone()}, {@code Arrays.sort}, {@code
 * Arrays.binarySearch}, {@code Arrays.fill} and {@code System.arraycopy}. Only the method under
 * test is annotated; nothing was reshaped for the tool.
 *
 * <p>Each method that compiles is checked at two or more points away from kinks: value, gradient
 * and tangent against central differences of the user's method, the Hessian-vector product
 * against differences of the gradient where the function is twice differentiable, and the
 * gradient against a closed form where one exists (the Black–Scholes delta N(d1), erf' = 2 /
 * sqrt(pi) exp(-x^2), digamma and trigamma at 1 and 1/2, the implicit derivatives of Newton
 * iterations, ...). Methods written the same way that flatgrad rejects are kept in {@link
 * #STILL_REJECTED} with the positioned error they get, so this test notices when they start to
 * compile; {@link #measuredReach()} states how many of the corpus compile and asserts it does
 * not drop.
 */
class RealNumericCodeGradientTest {

  /** Methods of the corpus that compile, as measured when the corpus was written. */
  private static final int COMPILED_AT_LEAST = 74;

  private static final double EULER_GAMMA = 0.5772156649015329;

  /** Special functions and distributions. */
  private static final String SPECIAL = """
        package p;

        import dev.flatgrad.Differentiable;

        class SpecialFunctions {
          private static final double[] LANCZOS = {
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};
          private static final double LANCZOS_G = 7.0;
          private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
          private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
          private static final double SQRT_TWO = Math.sqrt(2.0);
          /** A Chebyshev-fitted exponent of erfc, lowest power first (error below 1.2e-7). */
          static final double[] ERFC_EXPONENT = {
            -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
            0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277};

          /** log Gamma(x), x > 0, by Lanczos (g = 7); below 1/2 by Gamma(x + 1) = x Gamma(x). */
          @Differentiable
          static double logGamma(double x) {
            if (Double.isNaN(x) || x <= 0.0) {
              throw new IllegalArgumentException("logGamma: x must be positive, got " + x);
            }
            if (x < 0.5) {
              return lanczos(x + 1.0) - Math.log(x);
            }
            return lanczos(x);
          }

          private static double lanczos(double x) {
            final double z = x - 1.0;
            double sum = LANCZOS[0];
            for (int i = 1; i < LANCZOS.length; i++) {
              sum += LANCZOS[i] / (z + i);
            }
            final double t = z + LANCZOS_G + 0.5;
            return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
          }

          /** Digamma: reflection below 0, recurrence up to 10, then the asymptotic series. */
          @Differentiable
          static double digamma(double x) {
            if (x <= 0 && x == Math.floor(x)) {
              throw new IllegalArgumentException("digamma has a pole at " + x);
            }
            double result = 0;
            if (x < 0) {
              result = -Math.PI / Math.tan(Math.PI * x);
              x = 1 - x;
            }
            while (x < 10) {
              result -= 1 / x;
              x += 1;
            }
            final double inv = 1 / (x * x);
            result += Math.log(x) - 0.5 / x
                - inv * (1.0 / 12 - inv * (1.0 / 120 - inv * (1.0 / 252
                - inv * (1.0 / 240 - inv / 132))));
            return result;
          }

          /** erf(x): the Maclaurin series up to |x| = 2.5, then 1 - erfc (continued fraction). */
          @Differentiable
          static double erf(double x) {
            if (Double.isNaN(x)) {
              return Double.NaN;
            }
            final double ax = Math.abs(x);
            if (ax > 2.5) {
              final double r = 1.0 - erfcContinuedFraction(ax);
              return x < 0 ? -r : r;
            }
            final double x2 = x * x;
            double term = x;
            double sum = x;
            int n = 0;
            while (Math.abs(term) > 1e-17 * Math.abs(sum)) {
              n++;
              term *= -x2 / n;
              sum += term / (2 * n + 1);
            }
            return TWO_OVER_SQRT_PI * sum;
          }

          private static double erfcContinuedFraction(double x) {
            double f = x;
            for (int k = 60; k >= 1; k--) {
              f = x + (k * 0.5) / f;
            }
            return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
          }

          /** erfc(x) by a Chebyshev-fitted approximation, fractional error below 1.2e-7. */
          @Differentiable
          static double erfc(double x) {
            final double z = Math.abs(x);
            final double t = 1.0 / (1.0 + 0.5 * z);
            double poly = 0.0;
            for (int i = ERFC_EXPONENT.length - 1; i >= 0; i--) {
              poly = poly * t + ERFC_EXPONENT[i];
            }
            final double ans = t * Math.exp(-z * z + poly);
            return x >= 0.0 ? ans : 2.0 - ans;
          }

          /** The standard normal distribution function, from erf and erfc's continued fraction. */
          @Differentiable
          static double normalCdf(double x) {
            final double z = x / SQRT_TWO;
            if (z < -2.5) {
              return 0.5 * erfcContinuedFraction(-z);
            }
            if (z > 2.5) {
              return 1.0 - 0.5 * erfcContinuedFraction(z);
            }
            return 0.5 * (1.0 + erf(z));
          }

          /** The log density of Student's t with location and scale. */
          @Differentiable
          static double studentTLogDensity(double x, double degreesOfFreedom, double location,
              double scale) {
            if (degreesOfFreedom <= 0 || scale <= 0) {
              throw new IllegalArgumentException("degrees of freedom and scale must be positive");
            }
            final double nu = degreesOfFreedom;
            final double z = (x - location) / scale;
            return logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI)
                - Math.log(scale) - (nu + 1) / 2 * Math.log1p(z * z / nu);
          }
        }
        """;

  /** Option pricing, yield curves, bonds, rates of return. */
  private static final String FINANCE = """
        package p;

        import dev.flatgrad.Differentiable;

        class Finance {
          private static final double INV_SQRT_TWO_PI = 1.0 / Math.sqrt(2.0 * Math.PI);

          /** Black–Scholes price of a European call on a non-dividend-paying stock. */
          @Differentiable
          static double blackScholesCall(double spot, double strike, double rate, double volatility,
              double maturity) {
            if (spot <= 0 || strike <= 0) {
              throw new IllegalArgumentException("spot and strike must be positive");
            }
            if (maturity <= 0 || volatility <= 0) {
              return Math.max(spot - strike * Math.exp(-rate * maturity), 0.0);
            }
            final double sigmaSqrtT = volatility * Math.sqrt(maturity);
            final double d1 =
                (Math.log(spot / strike) + (rate + 0.5 * volatility * volatility) * maturity)
                / sigmaSqrtT;
            final double d2 = d1 - sigmaSqrtT;
            return spot * cumulativeNormal(d1)
                - strike * Math.exp(-rate * maturity) * cumulativeNormal(d2);
          }

          /** Abramowitz and Stegun 26.2.17, absolute error below 7.5e-8. */
          private static double cumulativeNormal(double x) {
            final double k = 1.0 / (1.0 + 0.2316419 * Math.abs(x));
            final double poly = k * (0.319381530 + k * (-0.356563782 + k * (1.781477937
                + k * (-1.821255978 + k * 1.330274429))));
            final double tail = INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x) * poly;
            return x >= 0 ? 1.0 - tail : tail;
          }

          /** An American put on a Cox–Ross–Rubinstein binomial tree. */
          @Differentiable
          static double americanPut(double spot, double strike, double rate, double volatility,
              double maturity, int steps) {
            if (steps < 1) {
              throw new IllegalArgumentException("steps must be at least 1: " + steps);
            }
            final double dt = maturity / steps;
            final double up = Math.exp(volatility * Math.sqrt(dt));
            final double down = 1.0 / up;
            final double growth = Math.exp(rate * dt);
            final double p = (growth - down) / (up - down);
            final double discount = 1.0 / growth;
            double[] values = new double[steps + 1];
            for (int i = 0; i <= steps; i++) {
              double price = spot * Math.pow(up, steps - i) * Math.pow(down, i);
              values[i] = Math.max(strike - price, 0.0);
            }
            for (int step = steps - 1; step >= 0; step--) {
              for (int i = 0; i <= step; i++) {
                double continuation = discount * (p * values[i] + (1 - p) * values[i + 1]);
                double exercise = strike - spot * Math.pow(up, step - i) * Math.pow(down, i);
                values[i] = Math.max(continuation, exercise);
              }
            }
            return values[0];
          }

          /** The Nelson–Siegel zero yield at a maturity. */
          @Differentiable
          static double nelsonSiegel(double beta0, double beta1, double beta2, double tau,
              double maturity) {
            if (tau <= 0) {
              throw new IllegalArgumentException("tau must be positive: " + tau);
            }
            if (maturity < 1e-8) {
              return beta0 + beta1;
            }
            final double x = maturity / tau;
            final double decay = Math.exp(-x);
            final double loading = (1 - decay) / x;
            return beta0 + beta1 * loading + beta2 * (loading - decay);
          }

          /** A fixed-coupon bond's price from its yield, compounded at the coupon frequency. */
          @Differentiable
          static double bondPrice(double yield, double couponRate, double face, int years,
              int frequency) {
            final double coupon = couponRate * face / frequency;
            final int n = years * frequency;
            final double y = yield / frequency;
            double price = 0;
            for (int k = 1; k <= n; k++) {
              price += coupon / Math.pow(1 + y, k);
            }
            price += face / Math.pow(1 + y, n);
            return price;
          }

          /** The last value of an exponential moving average of prices. */
          @Differentiable
          static double exponentialMovingAverage(double[] prices, double alpha) {
            if (alpha <= 0 || alpha > 1) {
              throw new IllegalArgumentException("alpha must be in (0, 1]: " + alpha);
            }
            if (prices.length == 0) {
              return Double.NaN;
            }
            double ema = prices[0];
            for (int i = 1; i < prices.length; i++) {
              ema = alpha * prices[i] + (1 - alpha) * ema;
            }
            return ema;
          }

          /** The internal rate of return of cash flows at periods 0, 1, ..., by Newton's method. */
          @Differentiable
          static double internalRateOfReturn(double[] cashFlows, double guess) {
            double rate = guess;
            int iterations = 0;
            while (true) {
              double npv = 0;
              double derivative = 0;
              for (int t = 0; t < cashFlows.length; t++) {
                final double discount = Math.pow(1 + rate, -t);
                npv += cashFlows[t] * discount;
                derivative -= t * cashFlows[t] * discount / (1 + rate);
              }
              final double step = npv / derivative;
              rate -= step;
              if (Math.abs(step) < 1e-12) {
                return rate;
              }
              if (++iterations > 100) {
                throw new ArithmeticException("IRR did not converge from " + guess);
              }
            }
          }
        }
        """;

  /** Descriptive statistics, density estimation, regression losses. */
  private static final String STATISTICS = """
        package p;

        import dev.flatgrad.Differentiable;
        import java.util.Arrays;

        class Statistics {
          static final int GAUSSIAN = 0;
          static final int EPANECHNIKOV = 1;
          private static final double SQRT_TWO_PI = Math.sqrt(2 * Math.PI);

          /** The unbiased sample variance by Welford's one-pass update. */
          @Differentiable
          static double sampleVariance(double[] data) {
            if (data.length < 2) {
              throw new IllegalArgumentException("need at least two values, got " + data.length);
            }
            double mean = 0;
            double m2 = 0;
            int n = 0;
            for (double x : data) {
              n++;
              final double delta = x - mean;
              mean += delta / n;
              m2 += delta * (x - mean);
            }
            return m2 / (n - 1);
          }

          /** Kahan's compensated sum. */
          @Differentiable
          static double kahanSum(double[] values) {
            double sum = 0.0;
            double compensation = 0.0;
            for (final double v : values) {
              final double y = v - compensation;
              final double t = sum + y;
              compensation = (t - sum) - y;
              sum = t;
            }
            return sum;
          }

          /** A kernel density estimate at x, the kernel chosen by a constant. */
          @Differentiable
          static double kernelDensity(double[] samples, double bandwidth, double x, int kernel) {
            if (bandwidth <= 0) {
              throw new IllegalArgumentException("bandwidth must be positive: " + bandwidth);
            }
            double sum = 0;
            for (double s : samples) {
              final double u = (x - s) / bandwidth;
              switch (kernel) {
                case GAUSSIAN:
                  sum += Math.exp(-0.5 * u * u) / SQRT_TWO_PI;
                  break;
                case EPANECHNIKOV:
                  if (Math.abs(u) <= 1) {
                    sum += 0.75 * (1 - u * u);
                  }
                  break;
                default:
                  throw new IllegalArgumentException("unknown kernel " + kernel);
              }
            }
            return sum / (samples.length * bandwidth);
          }

          /** The weighted residual sum of squares of a linear model. */
          @Differentiable
          static double weightedResidualSumOfSquares(double[][] design, double[] y,
              double[] weights, double[] beta) {
            if (design.length != y.length || y.length != weights.length) {
              throw new IllegalArgumentException("dimension mismatch");
            }
            double rss = 0;
            for (int i = 0; i < y.length; i++) {
              final double[] row = design[i];
              double fitted = 0;
              for (int j = 0; j < beta.length; j++) {
                fitted += row[j] * beta[j];
              }
              final double r = y[i] - fitted;
              rss += weights[i] * r * r;
            }
            return rss;
          }

          /** The mean Huber loss of predictions. */
          @Differentiable
          static double huberLoss(double[] predicted, double[] actual, double delta) {
            double loss = 0;
            for (int i = 0; i < predicted.length; i++) {
              final double r = Math.abs(predicted[i] - actual[i]);
              loss += r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta);
            }
            return loss / predicted.length;
          }

          /** The p-quantile, interpolating linearly between order statistics. */
          @Differentiable
          static double quantile(double[] data, double p) {
            if (p < 0 || p > 1) {
              throw new IllegalArgumentException("p must be in [0, 1]: " + p);
            }
            final double[] sorted = data.clone();
            Arrays.sort(sorted);
            final double position = p * (sorted.length - 1);
            final int lower = (int) Math.floor(position);
            final int upper = Math.min(lower + 1, sorted.length - 1);
            final double fraction = position - lower;
            return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
          }

        }
        """;

  /** Machine-learning losses and similarities. */
  private static final String LEARNING = """
        package p;

        import dev.flatgrad.Differentiable;

        class Learning {
          /** The L2-regularized logistic regression loss over a data set with labels 0 and 1. */
          @Differentiable
          static double logisticLoss(double[][] features, int[] labels, double[] weights,
              double bias, double l2) {
            final int n = features.length;
            if (n == 0) {
              throw new IllegalArgumentException("empty data set");
            }
            double loss = 0;
            for (int i = 0; i < n; i++) {
              double margin = bias;
              for (int j = 0; j < weights.length; j++) {
                margin += weights[j] * features[i][j];
              }
              final double z = labels[i] == 1 ? margin : -margin;
              // log(1 + exp(-z)) without overflow
              loss += z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
            }
            double penalty = 0;
            for (double w : weights) {
              penalty += w * w;
            }
            return loss / n + 0.5 * l2 * penalty;
          }

          /** The cross-entropy of the softmax of logits against a class label. */
          @Differentiable
          static double softmaxCrossEntropy(double[] logits, int label) {
            if (label < 0 || label >= logits.length) {
              throw new IndexOutOfBoundsException("label " + label + " of " + logits.length);
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double z : logits) {
              if (z > max) {
                max = z;
              }
            }
            final double[] probabilities = new double[logits.length];
            double sum = 0;
            for (int k = 0; k < logits.length; k++) {
              probabilities[k] = Math.exp(logits[k] - max);
              sum += probabilities[k];
            }
            for (int k = 0; k < probabilities.length; k++) {
              probabilities[k] /= sum;
            }
            return -Math.log(probabilities[label]);
          }

          /** log(sum exp(v)) shifted by the maximum. */
          @Differentiable
          static double logSumExp(double[] values) {
            if (values.length == 0) {
              return Double.NEGATIVE_INFINITY;
            }
            double max = values[0];
            for (int i = 1; i < values.length; i++) {
              max = Math.max(max, values[i]);
            }
            if (Double.isInfinite(max)) {
              return max;
            }
            double sum = 0;
            for (double v : values) {
              sum += Math.exp(v - max);
            }
            return max + Math.log(sum);
          }

          /** The cosine of the angle between two vectors, 0 if either is zero. */
          @Differentiable
          static double cosineSimilarity(double[] a, double[] b) {
            if (a.length != b.length) {
              throw new IllegalArgumentException("lengths differ: " + a.length + " != " + b.length);
            }
            double dot = 0, normA = 0, normB = 0;
            for (int i = 0; i < a.length; i++) {
              dot += a[i] * b[i];
              normA += a[i] * a[i];
              normB += b[i] * b[i];
            }
            if (normA == 0 || normB == 0) {
              return 0;
            }
            return dot / (Math.sqrt(normA) * Math.sqrt(normB));
          }

          /** The mean squared error of a one-hidden-layer tanh network over a data set. */
          @Differentiable
          static double networkMeanSquaredError(double[][] hiddenWeights, double[] hiddenBias,
              double[] outputWeights, double outputBias, double[][] inputs, double[] targets) {
            final int hiddenUnits = hiddenBias.length;
            double total = 0;
            for (int n = 0; n < inputs.length; n++) {
              final double[] hidden = new double[hiddenUnits];
              for (int h = 0; h < hiddenUnits; h++) {
                double activation = hiddenBias[h];
                for (int i = 0; i < inputs[n].length; i++) {
                  activation += hiddenWeights[h][i] * inputs[n][i];
                }
                hidden[h] = Math.tanh(activation);
              }
              double output = outputBias;
              for (int h = 0; h < hiddenUnits; h++) {
                output += outputWeights[h] * hidden[h];
              }
              final double error = output - targets[n];
              total += error * error;
            }
            return total / inputs.length;
          }
        }
        """;

  /** Interpolation, quadrature, root finding, linear algebra, geometry. */
  private static final String NUMERICS = """
        package p;

        import dev.flatgrad.Differentiable;
        import java.util.Arrays;

        class Numerics {
          private static final double EARTH_RADIUS_KM = 6371.0088;

          /** A polynomial by Horner's rule, coefficients lowest power first. */
          @Differentiable
          static double polyval(double[] coefficients, double x) {
            double result = 0;
            for (int i = coefficients.length - 1; i >= 0; i--) {
              result = result * x + coefficients[i];
            }
            return result;
          }

          /** A Chebyshev series on [a, b] by Clenshaw's recurrence, with c[0] halved. */
          @Differentiable
          static double chebyshevSeries(double[] c, double a, double b, double x) {
            if (x < a || x > b) {
              throw new IllegalArgumentException("x = " + x + " is outside [" + a + ", " + b + "]");
            }
            final double y = (2.0 * x - a - b) / (b - a);
            final double y2 = 2.0 * y;
            double d = 0.0;
            double dd = 0.0;
            for (int j = c.length - 1; j >= 1; j--) {
              final double sv = d;
              d = y2 * d - dd + c[j];
              dd = sv;
            }
            return y * d - dd + 0.5 * c[0];
          }

          /** A natural cubic spline through (knots, values), evaluated at x. */
          @Differentiable
          static double naturalCubicSpline(double[] knots, double[] values, double x) {
            final int n = knots.length;
            if (n < 3 || values.length != n) {
              throw new IllegalArgumentException("need three knots or more, one value each");
            }
            final double[] h = new double[n - 1];
            for (int i = 0; i < n - 1; i++) {
              h[i] = knots[i + 1] - knots[i];
              if (h[i] <= 0) {
                throw new IllegalArgumentException("knots must increase strictly");
              }
            }
            // Second derivatives m by the Thomas algorithm, m[0] = m[n - 1] = 0.
            final double[] diag = new double[n];
            final double[] rhs = new double[n];
            final double[] m = new double[n];
            for (int i = 1; i < n - 1; i++) {
              diag[i] = 2 * (h[i - 1] + h[i]);
              rhs[i] = 6 * ((values[i + 1] - values[i]) / h[i]
                  - (values[i] - values[i - 1]) / h[i - 1]);
            }
            for (int i = 2; i < n - 1; i++) {
              final double w = h[i - 1] / diag[i - 1];
              diag[i] -= w * h[i - 1];
              rhs[i] -= w * rhs[i - 1];
            }
            for (int i = n - 2; i >= 1; i--) {
              m[i] = (rhs[i] - h[i] * m[i + 1]) / diag[i];
            }
            int lo = 0;
            int hi = n - 1;
            while (hi - lo > 1) {
              final int mid = (lo + hi) >>> 1;
              if (knots[mid] > x) {
                hi = mid;
              } else {
                lo = mid;
              }
            }
            final double span = h[lo];
            final double a = (knots[hi] - x) / span;
            final double b = (x - knots[lo]) / span;
            return a * values[lo] + b * values[hi]
                + ((a * a * a - a) * m[lo] + (b * b * b - b) * m[hi]) * span * span / 6.0;
          }

          /** Piecewise-linear interpolation, the interval found by Arrays.binarySearch. */
          @Differentiable
          static double interpolateLinear(double[] knots, double[] values, double x) {
            if (x <= knots[0]) {
              return values[0];
            }
            if (x >= knots[knots.length - 1]) {
              return values[values.length - 1];
            }
            int i = Arrays.binarySearch(knots, x);
            if (i >= 0) {
              return values[i];
            }
            i = -i - 2;
            final double t = (x - knots[i]) / (knots[i + 1] - knots[i]);
            return values[i] + t * (values[i + 1] - values[i]);
          }

          /** Linear interpolation in a table on a uniform grid x0, x0 + dx, ... */
          @Differentiable
          static double interpolateUniform(double[] table, double x0, double dx, double x) {
            final double s = (x - x0) / dx;
            int i = (int) Math.floor(s);
            if (i < 0) {
              i = 0;
            } else if (i > table.length - 2) {
              i = table.length - 2;
            }
            final double t = s - i;
            return (1 - t) * table[i] + t * table[i + 1];
          }

          /** A cubic Hermite interpolant with given slopes at the knots. */
          @Differentiable
          static double cubicHermite(double[] xs, double[] ys, double[] slopes, double x) {
            int k = 0;
            while (k < xs.length - 2 && x > xs[k + 1]) {
              k++;
            }
            final double h = xs[k + 1] - xs[k];
            final double t = (x - xs[k]) / h;
            final double t2 = t * t, t3 = t2 * t;
            final double h00 = 2 * t3 - 3 * t2 + 1;
            final double h10 = t3 - 2 * t2 + t;
            final double h01 = -2 * t3 + 3 * t2;
            final double h11 = t3 - t2;
            return h00 * ys[k] + h10 * h * slopes[k] + h01 * ys[k + 1] + h11 * h * slopes[k + 1];
          }

          /** Composite Simpson's rule for the integral of exp(-t^2 / (2 w^2)) over [a, b]. */
          @Differentiable
          static double simpsonGaussian(double a, double b, double width, int intervals) {
            if (intervals <= 0 || intervals % 2 != 0) {
              throw new IllegalArgumentException("intervals must be even and positive: "
                  + intervals);
            }
            final double h = (b - a) / intervals;
            final double twoW2 = 2 * width * width;
            double sum = Math.exp(-a * a / twoW2) + Math.exp(-b * b / twoW2);
            for (int i = 1; i < intervals; i++) {
              final double t = a + i * h;
              sum += (i % 2 == 0 ? 2 : 4) * Math.exp(-t * t / twoW2);
            }
            return sum * h / 3;
          }

          /** The trapezoid rule for exp(-t) cos(omega t) on [a, b], halving h until it settles. */
          @Differentiable
          static double trapezoidUntilConverged(double a, double b, double omega) {
            final double relativeAccuracy = 1e-8;
            double h = b - a;
            double s = 0.5 * h * (integrand(a, omega) + integrand(b, omega));
            int n = 1;
            for (int stage = 1; stage <= 25; stage++) {
              double sum = 0;
              for (int i = 0; i < n; i++) {
                sum += integrand(a + (i + 0.5) * h, omega);
              }
              final double next = 0.5 * (s + h * sum);
              h *= 0.5;
              n *= 2;
              if (stage > 4 && Math.abs(next - s) <= relativeAccuracy * Math.abs(s)) {
                return next;
              }
              s = next;
            }
            throw new ArithmeticException("the trapezoid rule did not converge");
          }

          private static double integrand(double t, double omega) {
            return Math.exp(-t) * Math.cos(omega * t);
          }

          /** The eccentric anomaly E solving Kepler's equation E - e sin E = M, by Newton. */
          @Differentiable
          static double eccentricAnomaly(double meanAnomaly, double eccentricity) {
            if (eccentricity < 0 || eccentricity >= 1) {
              throw new IllegalArgumentException("elliptic orbits only: e = " + eccentricity);
            }
            double e = eccentricity < 0.8 ? meanAnomaly : Math.PI;
            for (int iteration = 0; iteration < 50; iteration++) {
              final double f = e - eccentricity * Math.sin(e) - meanAnomaly;
              final double step = f / (1 - eccentricity * Math.cos(e));
              e -= step;
              if (Math.abs(step) < 1e-14) {
                return e;
              }
            }
            throw new ArithmeticException("Kepler's equation did not converge");
          }

          /** The great-circle distance in km between two points given in degrees. */
          @Differentiable
          static double haversine(double lat1, double lon1, double lat2, double lon2) {
            final double phi1 = Math.toRadians(lat1), phi2 = Math.toRadians(lat2);
            final double dPhi = Math.toRadians(lat2 - lat1);
            final double dLambda = Math.toRadians(lon2 - lon1);
            final double a = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
            return 2 * EARTH_RADIUS_KM * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
          }

          /** The determinant of a 3x3 matrix by cofactor expansion along the first row. */
          @Differentiable
          static double determinant3(double[][] m) {
            if (m.length != 3 || m[0].length != 3) {
              throw new IllegalArgumentException("not a 3x3 matrix");
            }
            return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
          }

          /** The squared Mahalanobis distance (x - mean)' S^-1 (x - mean), by Cholesky. */
          @Differentiable
          static double mahalanobisSquared(double[][] covariance, double[] x, double[] mean) {
            final int n = x.length;
            final double[][] l = new double[n][n];
            for (int j = 0; j < n; j++) {
              double d = covariance[j][j];
              for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
              }
              if (d <= 0) {
                throw new IllegalArgumentException("covariance is not positive definite");
              }
              l[j][j] = Math.sqrt(d);
              for (int i = j + 1; i < n; i++) {
                double s = covariance[i][j];
                for (int k = 0; k < j; k++) {
                  s -= l[i][k] * l[j][k];
                }
                l[i][j] = s / l[j][j];
              }
            }
            final double[] z = new double[n];
            double q = 0;
            for (int i = 0; i < n; i++) {
              double s = x[i] - mean[i];
              for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
              }
              z[i] = s / l[i][i];
              q += z[i] * z[i];
            }
            return q;
          }

          /** The energy of a moving-average smoothing of a signal, its edges replicated. */
          @Differentiable
          static double movingAverageEnergy(double[] signal, int halfWidth) {
            final int n = signal.length;
            final double[] padded = new double[n + 2 * halfWidth];
            System.arraycopy(signal, 0, padded, halfWidth, n);
            Arrays.fill(padded, 0, halfWidth, signal[0]);
            Arrays.fill(padded, halfWidth + n, padded.length, signal[n - 1]);
            final int width = 2 * halfWidth + 1;
            double energy = 0;
            for (int i = 0; i < n; i++) {
              double sum = 0;
              for (int k = 0; k < width; k++) {
                sum += padded[i + k];
              }
              final double smoothed = sum / width;
              energy += smoothed * smoothed;
            }
            return energy;
          }
        }
        """;

  /** Incomplete gamma, an iterative solver, a transform likelihood, a penalized loss. */
  private static final String MORE = """
        package p;

        import dev.flatgrad.Differentiable;

        class More {
          private static final int MAX_ITERATIONS = 200;
          private static final double EPSILON = 1e-15;
          private static final double TINY = 1e-300;

          /** The regularized lower incomplete gamma P(a, x): a series, or Lentz's fraction. */
          @Differentiable
          static double regularizedGammaP(double a, double x) {
            if (Double.isNaN(a) || Double.isNaN(x) || a <= 0 || x < 0) {
              throw new IllegalArgumentException("need a > 0 and x >= 0");
            }
            if (x == 0) {
              return 0;
            }
            final double logPrefix = a * Math.log(x) - x - lgamma(a);
            if (x < a + 1) {
              double term = 1.0 / a;
              double sum = term;
              double ap = a;
              int n = 0;
              do {
                ap += 1;
                term *= x / ap;
                sum += term;
                if (++n > MAX_ITERATIONS) {
                  throw new ArithmeticException("series did not converge");
                }
              } while (Math.abs(term) > Math.abs(sum) * EPSILON);
              return sum * Math.exp(logPrefix);
            }
            double b = x + 1 - a;
            double c = 1 / TINY;
            double d = 1 / b;
            double h = d;
            for (int i = 1; i <= MAX_ITERATIONS; i++) {
              final double an = -i * (i - a);
              b += 2;
              d = an * d + b;
              if (Math.abs(d) < TINY) {
                d = TINY;
              }
              c = b + an / c;
              if (Math.abs(c) < TINY) {
                c = TINY;
              }
              d = 1 / d;
              final double delta = d * c;
              h *= delta;
              if (Math.abs(delta - 1) < EPSILON) {
                return 1 - Math.exp(logPrefix) * h;
              }
            }
            throw new ArithmeticException("continued fraction did not converge");
          }

          private static double lgamma(double x) {
            // Stirling's series after shifting x up past 8.
            double shift = 0;
            while (x < 8) {
              shift -= Math.log(x);
              x += 1;
            }
            final double inv = 1 / x;
            final double inv2 = inv * inv;
            return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI)
                + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
          }

          /** The sum of the solution of A x = b (A diagonally dominant), by Gauss–Seidel. */
          @Differentiable
          static double gaussSeidelSum(double[][] a, double[] b) {
            final int n = b.length;
            final double[] x = new double[n];
            for (int sweep = 0; sweep < 500; sweep++) {
              double change = 0;
              for (int i = 0; i < n; i++) {
                double s = b[i];
                for (int j = 0; j < n; j++) {
                  if (j != i) {
                    s -= a[i][j] * x[j];
                  }
                }
                final double updated = s / a[i][i];
                change = Math.max(change, Math.abs(updated - x[i]));
                x[i] = updated;
              }
              if (change < 1e-15) {
                break;
              }
            }
            double sum = 0;
            for (double v : x) {
              sum += v;
            }
            return sum;
          }

          /** The profile log-likelihood of a Box–Cox transform of positive data. */
          @Differentiable
          static double boxCoxLogLikelihood(double[] data, double lambda) {
            final int n = data.length;
            final double[] transformed = new double[n];
            double logSum = 0;
            for (int i = 0; i < n; i++) {
              if (data[i] <= 0) {
                throw new IllegalArgumentException("Box-Cox needs positive data");
              }
              transformed[i] = Math.abs(lambda) < 1e-10
                  ? Math.log(data[i])
                  : (Math.pow(data[i], lambda) - 1) / lambda;
              logSum += Math.log(data[i]);
            }
            double mean = 0;
            for (double t : transformed) {
              mean += t;
            }
            mean /= n;
            double ss = 0;
            for (double t : transformed) {
              ss += (t - mean) * (t - mean);
            }
            return -0.5 * n * Math.log(ss / n) + (lambda - 1) * logSum;
          }

          /** The elastic-net objective of a linear model: squared error, L1 and L2 penalties. */
          @Differentiable
          static double elasticNet(double[][] x, double[] y, double[] beta, double alpha,
              double l1Ratio) {
            double loss = 0;
            for (int i = 0; i < y.length; i++) {
              double r = y[i];
              for (int j = 0; j < beta.length; j++) {
                r -= x[i][j] * beta[j];
              }
              loss += r * r;
            }
            double l1 = 0;
            double l2 = 0;
            for (double b : beta) {
              l1 += Math.abs(b);
              l2 += b * b;
            }
            return loss / (2 * y.length) + alpha * (l1Ratio * l1 + 0.5 * (1 - l1Ratio) * l2);
          }
        }
        """;

  /** A Newton iteration written as a do-while whose condition reads what its body assigns. */
  private static final String IMPLIED = """
          package p;

          import dev.flatgrad.Differentiable;

          class ImpliedVolatility {
            /** The Black–Scholes implied volatility of a call price, by Newton on vega. */
            @Differentiable
            static double impliedVolatility(double price, double spot, double strike, double rate,
                double maturity) {
              double sigma = 0.2;
              double diff;
              int iterations = 0;
              do {
                final double sqrtT = Math.sqrt(maturity);
                final double d1 = (Math.log(spot / strike)
                    + (rate + 0.5 * sigma * sigma) * maturity) / (sigma * sqrtT);
                final double d2 = d1 - sigma * sqrtT;
                diff = spot * normal(d1) - strike * Math.exp(-rate * maturity) * normal(d2) - price;
                final double vega =
                    spot * Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI) * sqrtT;
                sigma -= diff / vega;
                if (++iterations > 100) {
                  throw new ArithmeticException("no implied volatility for price " + price);
                }
              } while (Math.abs(diff) > 1e-12);
              return sigma;
            }

            private static double normal(double x) {
              double sum = x;
              double term = x;
              for (int n = 1; n < 200; n++) {
                term *= -x * x / (2 * n);
                final double next = term / (2 * n + 1);
                sum += next;
                if (Math.abs(next) < 1e-17) {
                  break;
                }
              }
              return 0.5 + sum / Math.sqrt(2 * Math.PI);
            }
          }
          """;

  /** Dynamic programming and power iteration: a step's array allocated, then handed over. */
  private static final String HIDDEN_MARKOV = """
          package p;

          import dev.flatgrad.Differentiable;
          import java.util.Arrays;

          class HiddenMarkov {
            /** The log-likelihood of observations under a hidden Markov model (forward). */
            @Differentiable
            static double hmmLogLikelihood(double[] logInitial, double[][] logTransition,
                double[][] logEmission, int[] observations) {
              final int states = logInitial.length;
              double[] alpha = new double[states];
              for (int s = 0; s < states; s++) {
                alpha[s] = logInitial[s] + logEmission[s][observations[0]];
              }
              for (int t = 1; t < observations.length; t++) {
                double[] next = new double[states];
                Arrays.fill(next, Double.NEGATIVE_INFINITY);
                for (int j = 0; j < states; j++) {
                  for (int i = 0; i < states; i++) {
                    next[j] = logAdd(next[j], alpha[i] + logTransition[i][j]);
                  }
                  next[j] += logEmission[j][observations[t]];
                }
                alpha = next;
              }
              double total = Double.NEGATIVE_INFINITY;
              for (double a : alpha) {
                total = logAdd(total, a);
              }
              return total;
            }

            private static double logAdd(double a, double b) {
              if (a == Double.NEGATIVE_INFINITY) {
                return b;
              }
              if (b == Double.NEGATIVE_INFINITY) {
                return a;
              }
              return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
            }
          }
          """;

  private static final String POWER_ITERATION = """
          package p;

          import dev.flatgrad.Differentiable;
          import java.util.Arrays;

          class PowerIteration {
            /** The dominant eigenvalue of a symmetric matrix by power iteration. */
            @Differentiable
            static double dominantEigenvalue(double[][] a) {
              final int n = a.length;
              double[] v = new double[n];
              Arrays.fill(v, 1.0 / Math.sqrt(n));
              double lambda = 0;
              for (int iteration = 0; iteration < 1000; iteration++) {
                final double[] w = new double[n];
                for (int i = 0; i < n; i++) {
                  for (int j = 0; j < n; j++) {
                    w[i] += a[i][j] * v[j];
                  }
                }
                double norm = 0;
                for (double wi : w) {
                  norm += wi * wi;
                }
                norm = Math.sqrt(norm);
                double next = 0;
                for (int i = 0; i < n; i++) {
                  next += v[i] * w[i];
                }
                for (int i = 0; i < n; i++) {
                  w[i] /= norm;
                }
                v = w;
                if (Math.abs(next - lambda) < 1e-13 * Math.abs(next)) {
                  return next;
                }
                lambda = next;
              }
              return lambda;
            }
          }
          """;

  /** RK4 steps through helpers that return new arrays, one nested in another's argument. */
  private static final String OSCILLATOR = """
          package p;

          import dev.flatgrad.Differentiable;

          class Oscillator {
            /** x(T) of a damped oscillator x'' + 2 zeta omega x' + omega^2 x = 0 by RK4. */
            @Differentiable
            static double dampedOscillatorRk4(double omega, double damping, double x0, double v0,
                double duration, int steps) {
              final double dt = duration / steps;
              double[] y = {x0, v0};
              for (int s = 0; s < steps; s++) {
                final double[] k1 = oscillator(y, omega, damping);
                final double[] k2 = oscillator(axpy(0.5 * dt, k1, y), omega, damping);
                final double[] k3 = oscillator(axpy(0.5 * dt, k2, y), omega, damping);
                final double[] k4 = oscillator(axpy(dt, k3, y), omega, damping);
                final double[] next = new double[2];
                for (int i = 0; i < 2; i++) {
                  next[i] = y[i] + dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
                }
                System.arraycopy(next, 0, y, 0, 2);
              }
              return y[0];
            }

            private static double[] oscillator(double[] y, double omega, double damping) {
              return new double[] {y[1], -2 * damping * omega * y[1] - omega * omega * y[0]};
            }

            private static double[] axpy(double a, double[] x, double[] y) {
              final double[] r = new double[y.length];
              for (int i = 0; i < y.length; i++) {
                r[i] = y[i] + a * x[i];
              }
              return r;
            }
          }
          """;

  /** Signal processing: FIR and biquad filters, a DFT bin, an autocorrelation, resampling. */
  private static final String SIGNAL = """
          package p;

          import dev.flatgrad.Differentiable;

          class Signal {
            /** The energy of a signal through an FIR filter, zero before the first sample. */
            @Differentiable
            static double firOutputEnergy(double[] taps, double[] signal) {
              if (taps.length == 0) {
                throw new IllegalArgumentException("an FIR filter needs at least one tap");
              }
              double energy = 0;
              for (int n = 0; n < signal.length; n++) {
                double y = 0;
                for (int k = 0; k < taps.length; k++) {
                  if (n - k < 0) {
                    break;
                  }
                  y += taps[k] * signal[n - k];
                }
                energy += y * y;
              }
              return energy;
            }

            /** The energy of a biquad's output (direct form I) over a signal, from rest. */
            @Differentiable
            static double biquadOutputEnergy(double[] signal, double b0, double b1, double b2,
                double a1, double a2) {
              double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
              double energy = 0;
              for (final double x : signal) {
                final double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
                x2 = x1;
                x1 = x;
                y2 = y1;
                y1 = y;
                energy += y * y;
              }
              return energy;
            }

            /** The magnitude of a signal's discrete Fourier transform at a (fractional) bin. */
            @Differentiable
            static double dftMagnitude(double[] signal, double bin) {
              final int n = signal.length;
              double re = 0;
              double im = 0;
              for (int t = 0; t < n; t++) {
                final double angle = -2 * Math.PI * bin * t / n;
                re += signal[t] * Math.cos(angle);
                im += signal[t] * Math.sin(angle);
              }
              return Math.hypot(re, im);
            }

            /** The sample autocorrelation at a lag, over the lag-0 autocovariance. */
            @Differentiable
            static double autocorrelation(double[] x, int lag) {
              final int n = x.length;
              if (lag < 0 || lag >= n) {
                throw new IllegalArgumentException("lag " + lag + " out of range for " + n);
              }
              double mean = 0;
              for (double v : x) {
                mean += v;
              }
              mean /= n;
              double c0 = 0;
              double ck = 0;
              for (int t = 0; t < n; t++) {
                final double d = x[t] - mean;
                c0 += d * d;
                if (t + lag < n) {
                  ck += d * (x[t + lag] - mean);
                }
              }
              return ck / c0;
            }

            /** The signal at a fractional sample position by Catmull–Rom, the edges clamped. */
            @Differentiable
            static double fractionalSample(double[] signal, double position) {
              final int last = signal.length - 1;
              if (position < 0 || position > last) {
                throw new IllegalArgumentException("position " + position + " outside the signal");
              }
              final int i = Math.min((int) Math.floor(position), last - 1);
              final double t = position - i;
              final double p0 = signal[Math.max(i - 1, 0)];
              final double p1 = signal[i];
              final double p2 = signal[i + 1];
              final double p3 = signal[Math.min(i + 2, last)];
              return p1 + 0.5 * t * (p2 - p0 + t * (2 * p0 - 5 * p1 + 4 * p2 - p3
                  + t * (3 * (p1 - p2) + p3 - p0)));
            }
          }
          """;

  /** Physics: Euler steps with drag, velocity Verlet, a leapfrog two-body orbit. */
  private static final String PHYSICS = """
          package p;

          import dev.flatgrad.Differentiable;

          class Physics {
            private static final double GRAVITY = 9.80665;

            /** The range of a projectile with quadratic drag, by Euler steps until it lands. */
            @Differentiable
            static double projectileRange(double speed, double angleDegrees, double dragPerMass,
                double dt) {
              if (dt <= 0 || speed <= 0) {
                throw new IllegalArgumentException("speed and time step must be positive");
              }
              final double theta = Math.toRadians(angleDegrees);
              double x = 0;
              double y = 0;
              double vx = speed * Math.cos(theta);
              double vy = speed * Math.sin(theta);
              double previousX;
              double previousY;
              do {
                previousX = x;
                previousY = y;
                final double v = Math.sqrt(vx * vx + vy * vy);
                x += vx * dt;
                y += vy * dt;
                vx -= dragPerMass * v * vx * dt;
                vy -= (GRAVITY + dragPerMass * v * vy) * dt;
              } while (y > 0);
              // Where the last step crosses the ground, linearly.
              return previousX + (x - previousX) * previousY / (previousY - y);
            }

            /** The energy of a spring and mass after velocity-Verlet steps. */
            @Differentiable
            static double verletEnergy(double stiffness, double mass, double x0, double v0,
                double dt, int steps) {
              double x = x0;
              double v = v0;
              double a = springAcceleration(x, stiffness, mass);
              for (int i = 0; i < steps; i++) {
                x += v * dt + 0.5 * a * dt * dt;
                final double next = springAcceleration(x, stiffness, mass);
                v += 0.5 * (a + next) * dt;
                a = next;
              }
              return 0.5 * mass * v * v + 0.5 * stiffness * x * x;
            }

            private static double springAcceleration(double x, double stiffness, double mass) {
              return -stiffness / mass * x;
            }

            /** The specific energy of a two-body orbit {x, y, vx, vy} after leapfrog steps. */
            @Differentiable
            static double orbitEnergy(double[] state, double mu, double dt, int steps) {
              if (state.length != 4) {
                throw new IllegalArgumentException("state is {x, y, vx, vy}");
              }
              final double[] s = state.clone();
              for (int step = 0; step < steps; step++) {
                kick(s, mu, 0.5 * dt);
                s[0] += dt * s[2];
                s[1] += dt * s[3];
                kick(s, mu, 0.5 * dt);
              }
              final double r = Math.sqrt(s[0] * s[0] + s[1] * s[1]);
              return 0.5 * (s[2] * s[2] + s[3] * s[3]) - mu / r;
            }

            private static void kick(double[] s, double mu, double h) {
              final double r = Math.sqrt(s[0] * s[0] + s[1] * s[1]);
              final double factor = mu / (r * r * r);
              s[2] -= h * factor * s[0];
              s[3] -= h * factor * s[1];
            }
          }
          """;

  /** Neural-network layers and losses: GELU, layer norm, attention, an LSTM cell. */
  private static final String LAYERS = """
          package p;

          import dev.flatgrad.Differentiable;

          class Layers {
            private static final double SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);
            private static final double GELU_CUBIC = 0.044715;
            private static final double LAYER_NORM_EPSILON = 1e-5;

            /** GELU by its tanh approximation. */
            @Differentiable
            static double gelu(double x) {
              final double inner = SQRT_TWO_OVER_PI * (x + GELU_CUBIC * x * x * x);
              return 0.5 * x * (1 + Math.tanh(inner));
            }

            /** The squared error of a layer normalization of x, against a target. */
            @Differentiable
            static double layerNormSquaredError(double[] x, double[] gamma, double[] beta,
                double[] target) {
              final int n = x.length;
              double mean = 0;
              for (double v : x) {
                mean += v;
              }
              mean /= n;
              double variance = 0;
              for (double v : x) {
                final double d = v - mean;
                variance += d * d;
              }
              variance /= n;
              final double inverseStd = 1 / Math.sqrt(variance + LAYER_NORM_EPSILON);
              double loss = 0;
              for (int i = 0; i < n; i++) {
                final double y = gamma[i] * (x[i] - mean) * inverseStd + beta[i];
                final double e = y - target[i];
                loss += e * e;
              }
              return loss;
            }

            /** The squared error of softmax(Q K' / sqrt(d)) V against a target. */
            @Differentiable
            static double attentionSquaredError(double[][] q, double[][] k, double[][] v,
                double[][] target) {
              final int d = q[0].length;
              final double scale = 1 / Math.sqrt(d);
              double loss = 0;
              for (int i = 0; i < q.length; i++) {
                final double[] scores = new double[k.length];
                for (int j = 0; j < k.length; j++) {
                  double dot = 0;
                  for (int c = 0; c < d; c++) {
                    dot += q[i][c] * k[j][c];
                  }
                  scores[j] = dot * scale;
                }
                softmaxInPlace(scores);
                for (int c = 0; c < v[0].length; c++) {
                  double out = 0;
                  for (int j = 0; j < v.length; j++) {
                    out += scores[j] * v[j][c];
                  }
                  final double e = out - target[i][c];
                  loss += e * e;
                }
              }
              return loss;
            }

            private static void softmaxInPlace(double[] z) {
              double max = Double.NEGATIVE_INFINITY;
              for (double value : z) {
                max = Math.max(max, value);
              }
              double sum = 0;
              for (int i = 0; i < z.length; i++) {
                z[i] = Math.exp(z[i] - max);
                sum += z[i];
              }
              for (int i = 0; i < z.length; i++) {
                z[i] /= sum;
              }
            }

            /**
             * The sum of an LSTM cell's next hidden state; the rows of the weights (over x, then
             * h) and bias are the input, forget, candidate and output gates in turn.
             */
            @Differentiable
            static double lstmHiddenSum(double[][] weights, double[] bias, double[] x,
                double[] h, double[] c) {
              final int hidden = h.length;
              final double[] xh = new double[x.length + hidden];
              System.arraycopy(x, 0, xh, 0, x.length);
              System.arraycopy(h, 0, xh, x.length, hidden);
              final double[] gates = new double[4 * hidden];
              for (int g = 0; g < 4 * hidden; g++) {
                double z = bias[g];
                for (int j = 0; j < xh.length; j++) {
                  z += weights[g][j] * xh[j];
                }
                switch (g / hidden) {
                  case 2:
                    gates[g] = Math.tanh(z);
                    break;
                  default:
                    gates[g] = sigmoid(z);
                }
              }
              double sum = 0;
              for (int u = 0; u < hidden; u++) {
                final double cell = gates[hidden + u] * c[u] + gates[u] * gates[2 * hidden + u];
                sum += gates[3 * hidden + u] * Math.tanh(cell);
              }
              return sum;
            }

            private static double sigmoid(double z) {
              return 1 / (1 + Math.exp(-z));
            }

            /** Cross-entropy against a one-hot label smoothed over all classes. */
            @Differentiable
            static double labelSmoothedCrossEntropy(double[] logits, int label,
                double smoothing) {
              if (smoothing < 0 || smoothing >= 1) {
                throw new IllegalArgumentException("smoothing must be in [0, 1): " + smoothing);
              }
              final int classes = logits.length;
              double max = logits[0];
              for (int i = 1; i < classes; i++) {
                if (logits[i] > max) {
                  max = logits[i];
                }
              }
              double sum = 0;
              for (double z : logits) {
                sum += Math.exp(z - max);
              }
              final double logNormalizer = max + Math.log(sum);
              double loss = 0;
              for (int i = 0; i < classes; i++) {
                final double target = (i == label ? 1 - smoothing : 0) + smoothing / classes;
                loss -= target * (logits[i] - logNormalizer);
              }
              return loss;
            }

            /** The mean binary focal loss of logits against labels 0 and 1. */
            @Differentiable
            static double focalLoss(double[] logits, int[] labels, double gamma, double alpha) {
              double loss = 0;
              for (int i = 0; i < logits.length; i++) {
                final double p = 1 / (1 + Math.exp(-logits[i]));
                final boolean positive = labels[i] == 1;
                final double pt = positive ? p : 1 - p;
                final double weight = positive ? alpha : 1 - alpha;
                loss -= weight * Math.pow(1 - pt, gamma) * Math.log(Math.max(pt, 1e-12));
              }
              return loss / logits.length;
            }
          }
          """;

  /** Geometry: the shoelace area, a point-to-segment distance, a circumradius, arc length. */
  private static final String GEOMETRY = """
          package p;

          import dev.flatgrad.Differentiable;

          class Geometry {
            private static final double[] GAUSS_NODES = {
              -0.9061798459386640, -0.5384693101056831, 0.0, 0.5384693101056831,
              0.9061798459386640};
            private static final double[] GAUSS_WEIGHTS = {
              0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665,
              0.2369268850561891};

            /** The area of a simple polygon by the shoelace formula. */
            @Differentiable
            static double polygonArea(double[] xs, double[] ys) {
              final int n = xs.length;
              if (n < 3 || ys.length != n) {
                throw new IllegalArgumentException("a polygon needs three vertices or more");
              }
              double twice = 0;
              for (int i = 0; i < n; i++) {
                final int j = (i + 1) % n;
                twice += xs[i] * ys[j] - xs[j] * ys[i];
              }
              return Math.abs(twice) / 2;
            }

            /** The distance from the point p to the segment from a to b. */
            @Differentiable
            static double pointSegmentDistance(double px, double py, double ax, double ay,
                double bx, double by) {
              final double dx = bx - ax;
              final double dy = by - ay;
              final double lengthSquared = dx * dx + dy * dy;
              if (lengthSquared == 0) {
                return Math.hypot(px - ax, py - ay);
              }
              double t = ((px - ax) * dx + (py - ay) * dy) / lengthSquared;
              t = t < 0 ? 0 : t > 1 ? 1 : t;
              return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
            }

            /** The circumradius of a triangle, its vertices the rows {x, y}: abc / (4 area). */
            @Differentiable
            static double circumradius(double[][] vertices) {
              final double a = distance(vertices[1], vertices[2]);
              final double b = distance(vertices[0], vertices[2]);
              final double c = distance(vertices[0], vertices[1]);
              final double s = 0.5 * (a + b + c);
              final double area = Math.sqrt(s * (s - a) * (s - b) * (s - c));
              if (area == 0) {
                throw new ArithmeticException("degenerate triangle");
              }
              return a * b * c / (4 * area);
            }

            private static double distance(double[] p, double[] q) {
              return Math.hypot(p[0] - q[0], p[1] - q[1]);
            }

            /** The arc length of y = a x^2 + b x over [x0, x1], by composite Gauss–Legendre. */
            @Differentiable
            static double parabolaArcLength(double a, double b, double x0, double x1,
                int panels) {
              final double h = (x1 - x0) / panels;
              double length = 0;
              for (int p = 0; p < panels; p++) {
                final double mid = x0 + (p + 0.5) * h;
                for (int k = 0; k < GAUSS_NODES.length; k++) {
                  final double x = mid + 0.5 * h * GAUSS_NODES[k];
                  final double slope = 2 * a * x + b;
                  length += GAUSS_WEIGHTS[k] * 0.5 * h * Math.sqrt(1 + slope * slope);
                }
              }
              return length;
            }
          }
          """;

  /** Optimization: Adam steps, bisection polished by Newton, Armijo backtracking. */
  private static final String OPTIMIZATION = """
          package p;

          import dev.flatgrad.Differentiable;

          class Optimization {
            private static final double BETA1 = 0.9;
            private static final double BETA2 = 0.999;
            private static final double EPSILON = 1e-8;

            /** The loss sum (w - c)^2 after Adam steps from a start, stopping if it settles. */
            @Differentiable
            static double adamLoss(double[] start, double[] center, double learningRate,
                int steps) {
              final int n = start.length;
              final double[] w = start.clone();
              final double[] m = new double[n];
              final double[] v = new double[n];
              training:
              for (int t = 1; t <= steps; t++) {
                final double[] g = new double[n];
                double squaredNorm = 0;
                for (int i = 0; i < n; i++) {
                  g[i] = 2 * (w[i] - center[i]);
                  squaredNorm += g[i] * g[i];
                }
                if (squaredNorm < 1e-24) {
                  break training;
                }
                for (int i = 0; i < n; i++) {
                  m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
                  v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
                  final double mHat = m[i] / (1 - Math.pow(BETA1, t));
                  final double vHat = v[i] / (1 - Math.pow(BETA2, t));
                  w[i] -= learningRate * mHat / (Math.sqrt(vHat) + EPSILON);
                }
              }
              double loss = 0;
              for (int i = 0; i < n; i++) {
                loss += (w[i] - center[i]) * (w[i] - center[i]);
              }
              return loss;
            }

            /** The x with x^3 + x = y: bisection on a grown bracket, then one Newton step. */
            @Differentiable
            static double solveCubic(double y) {
              double lo = -1;
              double hi = 1;
              while (cubic(lo) > y) {
                lo *= 2;
              }
              while (cubic(hi) < y) {
                hi *= 2;
              }
              while (hi - lo > 1e-10) {
                final double mid = 0.5 * (lo + hi);
                if (cubic(mid) < y) {
                  lo = mid;
                } else {
                  hi = mid;
                }
              }
              final double x = 0.5 * (lo + hi);
              return x - (cubic(x) - y) / (3 * x * x + 1);
            }

            private static double cubic(double x) {
              return x * x * x + x;
            }

            /** Rosenbrock's function after one steepest-descent step with Armijo backtracking. */
            @Differentiable
            static double armijoStep(double x, double y, double initialStep) {
              final double f0 = rosenbrock(x, y);
              final double gx = -400 * x * (y - x * x) - 2 * (1 - x);
              final double gy = 200 * (y - x * x);
              final double slope = -(gx * gx + gy * gy);
              double alpha = initialStep;
              int halvings = 0;
              while (rosenbrock(x - alpha * gx, y - alpha * gy) > f0 + 1e-4 * alpha * slope) {
                alpha *= 0.5;
                if (++halvings > 60) {
                  throw new ArithmeticException("no sufficient decrease from " + x + ", " + y);
                }
              }
              return rosenbrock(x - alpha * gx, y - alpha * gy);
            }

            private static double rosenbrock(double x, double y) {
              return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
            }
          }
          """;

  /** Statistics: Pearson's r, a Poisson GLM deviance, Gamma and Beta by log-gamma. */
  private static final String GLM = """
          package p;

          import dev.flatgrad.Differentiable;

          class Glm {
            private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

            /** Pearson's correlation coefficient, two passes. */
            @Differentiable
            static double pearson(double[] x, double[] y) {
              final int n = x.length;
              if (n != y.length || n < 2) {
                throw new IllegalArgumentException("need two paired samples of length >= 2");
              }
              double meanX = 0;
              double meanY = 0;
              for (int i = 0; i < n; i++) {
                meanX += x[i];
                meanY += y[i];
              }
              meanX /= n;
              meanY /= n;
              double sxy = 0;
              double sxx = 0;
              double syy = 0;
              for (int i = 0; i < n; i++) {
                final double dx = x[i] - meanX;
                final double dy = y[i] - meanY;
                sxy += dx * dy;
                sxx += dx * dx;
                syy += dy * dy;
              }
              return sxy / Math.sqrt(sxx * syy);
            }

            /** The deviance of a Poisson GLM with the log link. */
            @Differentiable
            static double poissonDeviance(double[][] design, int[] counts, double[] beta) {
              double deviance = 0;
              for (int i = 0; i < counts.length; i++) {
                double eta = 0;
                for (int j = 0; j < beta.length; j++) {
                  eta += design[i][j] * beta[j];
                }
                final double mu = Math.exp(eta);
                final int y = counts[i];
                deviance += 2 * ((y == 0 ? 0 : y * Math.log(y / mu)) - (y - mu));
              }
              return deviance;
            }

            /** The log density of the Gamma distribution with a shape and a rate. */
            @Differentiable
            static double gammaLogDensity(double x, double shape, double rate) {
              if (x <= 0 || shape <= 0 || rate <= 0) {
                throw new IllegalArgumentException("x, shape and rate must be positive");
              }
              return shape * Math.log(rate) + (shape - 1) * Math.log(x) - rate * x
                  - logGamma(shape);
            }

            /** log B(a, b) = log Gamma(a) + log Gamma(b) - log Gamma(a + b). */
            @Differentiable
            static double logBeta(double a, double b) {
              if (a <= 0 || b <= 0) {
                throw new IllegalArgumentException("a and b must be positive");
              }
              return logGamma(a) + logGamma(b) - logGamma(a + b);
            }

            /** Stirling's series, after Gamma(x + 1) = x Gamma(x) has lifted x to 10. */
            private static double logGamma(double x) {
              double product = 1;
              while (x < 10) {
                product *= x;
                x++;
              }
              final double z = 1 / (x * x);
              final double series = (1.0 / 12 - z * (1.0 / 360 - z / 1260)) / x;
              return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series - Math.log(product);
            }
          }
          """;

  /** Rates and path-dependent payoffs: an Asian call on one path, CIR and Vasicek bonds. */
  private static final String RATES = """
          package p;

          import dev.flatgrad.Differentiable;

          class Rates {
            /** The discounted payoff of an arithmetic-average Asian call on one path of shocks. */
            @Differentiable
            static double asianCallOnPath(double spot, double strike, double rate,
                double volatility, double maturity, double[] shocks) {
              final int n = shocks.length;
              final double dt = maturity / n;
              final double drift = (rate - 0.5 * volatility * volatility) * dt;
              final double diffusion = volatility * Math.sqrt(dt);
              double price = spot;
              double sum = 0;
              for (double z : shocks) {
                price *= Math.exp(drift + diffusion * z);
                sum += price;
              }
              final double average = sum / n;
              return Math.exp(-rate * maturity) * Math.max(average - strike, 0);
            }

            /** The Cox–Ingersoll–Ross zero-coupon bond price. */
            @Differentiable
            static double cirBondPrice(double shortRate, double kappa, double theta,
                double sigma, double maturity) {
              final double gamma = Math.sqrt(kappa * kappa + 2 * sigma * sigma);
              final double growth = Math.expm1(gamma * maturity);
              final double denominator = (gamma + kappa) * growth + 2 * gamma;
              final double b = 2 * growth / denominator;
              final double a = Math.pow(
                  2 * gamma * Math.exp(0.5 * (kappa + gamma) * maturity) / denominator,
                  2 * kappa * theta / (sigma * sigma));
              return a * Math.exp(-b * shortRate);
            }

            /** The Vasicek zero-coupon bond price. */
            @Differentiable
            static double vasicekBondPrice(double shortRate, double speed, double longTermMean,
                double sigma, double maturity) {
              if (speed <= 0) {
                throw new IllegalArgumentException("mean reversion must be positive: " + speed);
              }
              final double b = (1 - Math.exp(-speed * maturity)) / speed;
              final double logA = (longTermMean - sigma * sigma / (2 * speed * speed))
                  * (b - maturity) - sigma * sigma * b * b / (4 * speed);
              return Math.exp(logA - b * shortRate);
            }
          }
          """;

  /** Quaternion products nested in a call, at the top level of the body. */
  private static final String QUATERNIONS = """
          package p;

          import dev.flatgrad.Differentiable;

          class Quaternions {
            /** A component of v rotated by q / |q|, q = {w, x, y, z}, as q v q*. */
            @Differentiable
            static double rotatedComponent(double[] q, double[] v, int axis) {
              double norm = 0;
              for (double c : q) {
                norm += c * c;
              }
              norm = Math.sqrt(norm);
              final double[] u = new double[4];
              for (int i = 0; i < 4; i++) {
                u[i] = q[i] / norm;
              }
              final double[] pure = {0, v[0], v[1], v[2]};
              final double[] conjugate = {u[0], -u[1], -u[2], -u[3]};
              final double[] rotated = multiply(multiply(u, pure), conjugate);
              return rotated[axis + 1];
            }

            private static double[] multiply(double[] a, double[] b) {
              return new double[] {
                a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
                a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
                a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
                a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0]};
            }
          }
          """;

  /** Crank–Nicolson steps, each taking the array a tridiagonal solver makes and returns. */
  private static final String HEAT_EQUATION = """
          package p;

          import dev.flatgrad.Differentiable;
          import java.util.Arrays;

          class HeatEquation {
            /** The heat in the middle of a rod after Crank–Nicolson steps, ends held at zero. */
            @Differentiable
            static double crankNicolsonMidpoint(double[] initial, double diffusivity, double dt,
                double dx, int steps) {
              final int n = initial.length;
              final double r = diffusivity * dt / (dx * dx);
              final double[] lower = new double[n];
              final double[] diag = new double[n];
              final double[] upper = new double[n];
              Arrays.fill(lower, -0.5 * r);
              Arrays.fill(diag, 1 + r);
              Arrays.fill(upper, -0.5 * r);
              double[] u = initial.clone();
              for (int step = 0; step < steps; step++) {
                final double[] rhs = new double[n];
                for (int i = 0; i < n; i++) {
                  final double left = i > 0 ? u[i - 1] : 0.0;
                  final double right = i < n - 1 ? u[i + 1] : 0.0;
                  rhs[i] = 0.5 * r * left + (1 - r) * u[i] + 0.5 * r * right;
                }
                u = solveTridiagonal(lower, diag, upper, rhs);
              }
              return u[n / 2];
            }

            /** Thomas's algorithm; lower[0] and upper[n - 1] are not read. */
            private static double[] solveTridiagonal(double[] lower, double[] diag,
                double[] upper, double[] rhs) {
              final int n = diag.length;
              final double[] c = new double[n];
              final double[] d = new double[n];
              c[0] = upper[0] / diag[0];
              d[0] = rhs[0] / diag[0];
              for (int i = 1; i < n; i++) {
                final double m = diag[i] - lower[i] * c[i - 1];
                c[i] = upper[i] / m;
                d[i] = (rhs[i] - lower[i] * d[i - 1]) / m;
              }
              final double[] x = new double[n];
              x[n - 1] = d[n - 1];
              for (int i = n - 2; i >= 0; i--) {
                x[i] = d[i] - c[i] * x[i + 1];
              }
              return x;
            }
          }
          """;

  private static ArrayGradientCheck special;
  private static ArrayGradientCheck finance;
  private static ArrayGradientCheck statistics;
  private static ArrayGradientCheck learning;
  private static ArrayGradientCheck numerics;
  private static ArrayGradientCheck more;
  private static ArrayGradientCheck implied;
  private static ArrayGradientCheck hiddenMarkov;
  private static ArrayGradientCheck powerIteration;
  private static ArrayGradientCheck oscillator;
  private static ArrayGradientCheck quaternions;
  private static ArrayGradientCheck heatEquation;
  private static ArrayGradientCheck signals;
  private static ArrayGradientCheck physics;
  private static ArrayGradientCheck layers;
  private static ArrayGradientCheck geometry;
  private static ArrayGradientCheck optimization;
  private static ArrayGradientCheck glm;
  private static ArrayGradientCheck rates;

  @BeforeAll
  static void compile() {
    special = ArrayGradientCheck.of(GeneratedCode.compile("p.SpecialFunctions", SPECIAL),
        "p.SpecialFunctions");
    finance = ArrayGradientCheck.of(GeneratedCode.compile("p.Finance", FINANCE), "p.Finance");
    statistics = ArrayGradientCheck.of(GeneratedCode.compile("p.Statistics", STATISTICS),
        "p.Statistics");
    learning = ArrayGradientCheck.of(GeneratedCode.compile("p.Learning", LEARNING),
        "p.Learning");
    numerics = ArrayGradientCheck.of(GeneratedCode.compile("p.Numerics", NUMERICS),
        "p.Numerics");
    more = ArrayGradientCheck.of(GeneratedCode.compile("p.More", MORE), "p.More");
    implied = ArrayGradientCheck.of(
        GeneratedCode.compile("p.ImpliedVolatility", IMPLIED), "p.ImpliedVolatility");
    hiddenMarkov = ArrayGradientCheck.of(
        GeneratedCode.compile("p.HiddenMarkov", HIDDEN_MARKOV), "p.HiddenMarkov");
    powerIteration = ArrayGradientCheck.of(
        GeneratedCode.compile("p.PowerIteration", POWER_ITERATION), "p.PowerIteration");
    oscillator = ArrayGradientCheck.of(
        GeneratedCode.compile("p.Oscillator", OSCILLATOR), "p.Oscillator");
    quaternions = ArrayGradientCheck.of(
        GeneratedCode.compile("p.Quaternions", QUATERNIONS), "p.Quaternions");
    heatEquation = ArrayGradientCheck.of(
        GeneratedCode.compile("p.HeatEquation", HEAT_EQUATION), "p.HeatEquation");
    signals = ArrayGradientCheck.of(GeneratedCode.compile("p.Signal", SIGNAL), "p.Signal");
    physics = ArrayGradientCheck.of(GeneratedCode.compile("p.Physics", PHYSICS), "p.Physics");
    layers = ArrayGradientCheck.of(GeneratedCode.compile("p.Layers", LAYERS), "p.Layers");
    geometry = ArrayGradientCheck.of(GeneratedCode.compile("p.Geometry", GEOMETRY), "p.Geometry");
    optimization = ArrayGradientCheck.of(
        GeneratedCode.compile("p.Optimization", OPTIMIZATION), "p.Optimization");
    glm = ArrayGradientCheck.of(GeneratedCode.compile("p.Glm", GLM), "p.Glm");
    rates = ArrayGradientCheck.of(GeneratedCode.compile("p.Rates", RATES), "p.Rates");
  }

  /** Gradient and tangent against differences; Hessian-vector product unless {@code kinked}. */
  private static void checkAll(ArrayGradientCheck check, String className, String method,
      boolean kinked, Object... arguments) {
    check.check(method, arguments);
    if (!kinked) {
      SecondOrderTest.checkHessianVector(check.code(), className, method, arguments);
    }
  }

  private static double gradient(ArrayGradientCheck check, String method, String parameter,
      Object... arguments) {
    return (double) check.gradient(method, arguments).get(parameter);
  }

  private static double[] gradientArray(ArrayGradientCheck check, String method,
      String parameter, Object... arguments) {
    return (double[]) check.gradient(method, arguments).get(parameter);
  }

  /** The second derivative of a one-argument method, from its Hessian-vector product. */
  private static double secondDerivative(ArrayGradientCheck check, String className,
      String method, double x) {
    Record product = (Record) check.code().invokeMethodWith(className + "Grad",
        method + "HessianVector", x, 1.0);
    return (double) GeneratedCode.components(product).get("dot_x");
  }

  /** The standard normal density. */
  private static double phi(double x) {
    return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  }

  /** The standard normal distribution function by Simpson's rule on phi, for closed forms. */
  private static double bigPhi(double x) {
    int n = 20_000;
    double h = x / n;
    double sum = phi(0) + phi(x);
    for (int i = 1; i < n; i++) {
      sum += (i % 2 == 0 ? 2 : 4) * phi(i * h);
    }
    return 0.5 + sum * h / 3;
  }

  // ---------------------------------------------------------------- special functions

  @Test
  void logGammaByLanczos() {
    for (double x : new double[] {0.3, 2.7, 7.5}) {
      checkAll(special, "p.SpecialFunctions", "logGamma", false, x);
    }
    assertThat(special.value("logGamma", 0.5)).isWithin(1e-13).of(0.5 * Math.log(Math.PI));
    // psi(1) = -gamma, psi(1/2) = -gamma - 2 ln 2, psi(2) = 1 - gamma.
    assertThat(gradient(special, "logGamma", "x", 1.0)).isWithin(1e-12).of(-EULER_GAMMA);
    assertThat(gradient(special, "logGamma", "x", 0.5)).isWithin(1e-12)
        .of(-EULER_GAMMA - 2 * Math.log(2));
    assertThat(gradient(special, "logGamma", "x", 2.0)).isWithin(1e-12).of(1 - EULER_GAMMA);
    // trigamma(1) = pi^2 / 6.
    assertThat(secondDerivative(special, "p.SpecialFunctions", "logGamma", 1.0))
        .isWithin(1e-9).of(Math.PI * Math.PI / 6);
  }

  @Test
  void digammaByRecurrenceAndAsymptoticSeries() {
    for (double x : new double[] {1.3, -0.4, 12.0}) {
      checkAll(special, "p.SpecialFunctions", "digamma", false, x);
    }
    assertThat(special.value("digamma", 1.0)).isWithin(1e-12).of(-EULER_GAMMA);
    // trigamma(1) = pi^2 / 6, trigamma(1/2) = pi^2 / 2.
    assertThat(gradient(special, "digamma", "x", 1.0)).isWithin(1e-10)
        .of(Math.PI * Math.PI / 6);
    assertThat(gradient(special, "digamma", "x", 0.5)).isWithin(1e-10)
        .of(Math.PI * Math.PI / 2);
  }

  @Test
  void erfBySeriesAndContinuedFraction() {
    for (double x : new double[] {0.7, -1.9, 3.1, -2.8}) {
      checkAll(special, "p.SpecialFunctions", "erf", false, x);
      double expected = 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
      assertThat(gradient(special, "erf", "x", x)).isWithin(1e-12).of(expected);
    }
  }

  @Test
  void erfcByRationalApproximation() {
    for (double x : new double[] {0.4, -1.2, 2.3}) {
      checkAll(special, "p.SpecialFunctions", "erfc", false, x);
      // The approximation's own derivative: close to the true one, not equal.
      double expected = -2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
      assertThat(gradient(special, "erfc", "x", x)).isWithin(2e-6).of(expected);
    }
  }

  @Test
  void normalDistributionFunction() {
    for (double x : new double[] {-0.3, 1.2, 4.0, -3.9}) {
      checkAll(special, "p.SpecialFunctions", "normalCdf", false, x);
      assertThat(gradient(special, "normalCdf", "x", x)).isWithin(1e-12).of(phi(x));
    }
  }

  @Test
  void studentTLogDensity() {
    checkAll(special, "p.SpecialFunctions", "studentTLogDensity", false, 0.7, 3.5, 0.2, 1.3);
    checkAll(special, "p.SpecialFunctions", "studentTLogDensity", false, -2.0, 1.0, 0.5, 0.8);
    // At nu = 1: d/dx = -2 z / (s (1 + z^2)), and with psi(1) - psi(1/2) = 2 ln 2,
    // d/dnu = ln 2 - 1/2 - log1p(z^2) / 2 + z^2 / (1 + z^2).
    double z = (-2.0 - 0.5) / 0.8;
    Map<String, Object> g = special.gradient("studentTLogDensity", -2.0, 1.0, 0.5, 0.8);
    assertThat((double) g.get("x")).isWithin(1e-12).of(-2 * z / (0.8 * (1 + z * z)));
    assertThat((double) g.get("degreesOfFreedom")).isWithin(1e-10)
        .of(Math.log(2) - 0.5 - 0.5 * Math.log1p(z * z) + z * z / (1 + z * z));
  }

  // ---------------------------------------------------------------- finance

  @Test
  void blackScholesDeltaAndVega() {
    double[][] points = {{100, 95, 0.03, 0.25, 0.5}, {80, 100, 0.01, 0.4, 2}};
    for (double[] p : points) {
      checkAll(finance, "p.Finance", "blackScholesCall", false, p[0], p[1], p[2], p[3], p[4]);
      double d1 = (Math.log(p[0] / p[1]) + (p[2] + 0.5 * p[3] * p[3]) * p[4])
          / (p[3] * Math.sqrt(p[4]));
      Map<String, Object> g =
          finance.gradient("blackScholesCall", p[0], p[1], p[2], p[3], p[4]);
      // The closed forms hold for the exact N; the method's N is good to 7.5e-8, its slope to
      // about 1e-6, and the two slopes' errors no longer cancel: 4e-6 off at the first point.
      assertThat((double) g.get("spot")).isWithin(2e-5).of(bigPhi(d1));
      assertThat((double) g.get("volatility")).isWithin(1e-4)
          .of(p[0] * phi(d1) * Math.sqrt(p[4]));
    }
  }

  @Test
  void americanPutOnABinomialTree() {
    // An odd number of steps: with 50, the middle leaf is at the strike, on the kink of max.
    checkAll(finance, "p.Finance", "americanPut", true, 100.0, 100.0, 0.05, 0.3, 1.0, 51);
    checkAll(finance, "p.Finance", "americanPut", true, 90.0, 100.0, 0.03, 0.2, 0.5, 40);
  }

  @Test
  void nelsonSiegelYield() {
    checkAll(finance, "p.Finance", "nelsonSiegel", false, 0.04, -0.02, 0.01, 1.5, 3.0);
    checkAll(finance, "p.Finance", "nelsonSiegel", false, 0.03, 0.01, -0.02, 2.0, 0.5);
  }

  @Test
  void bondPriceFromYield() {
    checkAll(finance, "p.Finance", "bondPrice", false, 0.05, 0.04, 100.0, 10, 2);
    checkAll(finance, "p.Finance", "bondPrice", false, 0.031, 0.06, 1000.0, 5, 1);
    // The price is linear in the face value.
    double price = finance.value("bondPrice", 0.05, 0.04, 100.0, 10, 2);
    assertThat(gradient(finance, "bondPrice", "face", 0.05, 0.04, 100.0, 10, 2))
        .isWithin(1e-12).of(price / 100.0);
  }

  @Test
  void exponentialMovingAverage() {
    double[] prices = {100, 101.5, 99.8, 102.2, 103.0};
    checkAll(finance, "p.Finance", "exponentialMovingAverage", false, prices, 0.3);
    checkAll(finance, "p.Finance", "exponentialMovingAverage", false, prices, 0.85);
    double[] g = gradientArray(finance, "exponentialMovingAverage", "prices", prices, 0.3);
    assertThat(g[4]).isWithin(1e-15).of(0.3);
    assertThat(g[0]).isWithin(1e-15).of(Math.pow(0.7, 4));
  }

  @Test
  void internalRateOfReturnByNewton() {
    double[] flows = {-100, 30, 40, 50, 20};
    checkAll(finance, "p.Finance", "internalRateOfReturn", false, flows, 0.1);
    checkAll(finance, "p.Finance", "internalRateOfReturn", false,
        new double[] {-50, 10, 10, 60}, 0.05);
    // Implicit function theorem: dr/dc_t = -(1 + r)^-t / NPV'(r).
    double r = finance.value("internalRateOfReturn", flows, 0.1);
    double slope = 0;
    for (int t = 0; t < flows.length; t++) {
      slope -= t * flows[t] * Math.pow(1 + r, -t - 1);
    }
    double[] g = gradientArray(finance, "internalRateOfReturn", "cashFlows", flows, 0.1);
    for (int t = 0; t < flows.length; t++) {
      assertThat(g[t]).isWithin(1e-10).of(-Math.pow(1 + r, -t) / slope);
    }
    assertThat(gradient(finance, "internalRateOfReturn", "guess", flows, 0.1))
        .isWithin(1e-10).of(0.0);
  }

  @Test
  void impliedVolatilityByNewtonInADoWhile() {
    // Prices of calls at volatilities 0.3 and 0.55, from the closed form.
    double[][] points = {{100, 95, 0.03, 0.5, 0.3}, {80, 100, 0.01, 2, 0.55}};
    for (double[] p : points) {
      double price = callPrice(p[0], p[1], p[2], p[3], p[4]);
      checkAll(implied, "p.ImpliedVolatility", "impliedVolatility", false, price, p[0], p[1],
          p[2], p[3]);
      // Implicit function theorem: d sigma / d price = 1 / vega at the solution.
      double sigma = implied.value("impliedVolatility", price, p[0], p[1], p[2], p[3]);
      assertThat(sigma).isWithin(1e-10).of(p[4]);
      double d1 = (Math.log(p[0] / p[1]) + (p[2] + 0.5 * sigma * sigma) * p[3])
          / (sigma * Math.sqrt(p[3]));
      assertThat(gradient(implied, "impliedVolatility", "price", price, p[0], p[1], p[2], p[3]))
          .isWithin(1e-9).of(1 / (p[0] * phi(d1) * Math.sqrt(p[3])));
    }
  }

  private static double callPrice(double spot, double strike, double rate, double maturity,
      double sigma) {
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * sigma * sigma) * maturity)
        / (sigma * Math.sqrt(maturity));
    double d2 = d1 - sigma * Math.sqrt(maturity);
    return spot * bigPhi(d1) - strike * Math.exp(-rate * maturity) * bigPhi(d2);
  }

  @Test
  void hiddenMarkovForwardAlgorithm() {
    double[] logInitial = {Math.log(0.6), Math.log(0.4)};
    double[][] logTransition = {{Math.log(0.7), Math.log(0.3)}, {Math.log(0.2), Math.log(0.8)}};
    double[][] logEmission = {{Math.log(0.5), Math.log(0.4), Math.log(0.1)},
        {Math.log(0.1), Math.log(0.3), Math.log(0.6)}};
    int[] observations = {0, 1, 2, 2, 1};
    checkAll(hiddenMarkov, "p.HiddenMarkov", "hmmLogLikelihood", false, logInitial,
        logTransition, logEmission, observations);
    Map<String, Object> g = hiddenMarkov.gradient("hmmLogLikelihood", logInitial,
        logTransition, logEmission, observations);
    // d log L / d log pi_s is the posterior of the first state: the entries sum to 1; those of
    // the emissions are the expected emission counts: they sum to the number of observations.
    double[] initial = (double[]) g.get("logInitial");
    assertThat(initial[0] + initial[1]).isWithin(1e-12).of(1.0);
    double emissions = 0;
    for (double[] row : (double[][]) g.get("logEmission")) {
      for (double entry : row) {
        emissions += entry;
      }
    }
    assertThat(emissions).isWithin(1e-12).of(observations.length);
  }

  @Test
  void powerIterationEigenvalue() {
    double[][] a = {{4, 1, 0.5}, {1, 3, 0.25}, {0.5, 0.25, 1}};
    checkAll(powerIteration, "p.PowerIteration", "dominantEigenvalue", true, (Object) a);
    // d lambda / d a_ij = v_i v_j for the unit eigenvector v (a symmetric, lambda simple).
    double[] v = {1, 1, 1};
    for (int iteration = 0; iteration < 2000; iteration++) {
      double[] w = new double[3];
      double norm = 0;
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          w[i] += a[i][j] * v[j];
        }
        norm += w[i] * w[i];
      }
      for (int i = 0; i < 3; i++) {
        v[i] = w[i] / Math.sqrt(norm);
      }
    }
    double[][] g = (double[][]) powerIteration.gradient("dominantEigenvalue", (Object) a)
        .get("a");
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        // The iteration stops when lambda settles to 1e-13; its vector, which converges at half
        // that rate, is then good to about 3e-7, and so is the derivative through it.
        assertThat(g[i][j]).isWithin(1e-6).of(v[i] * v[j]);
      }
    }
  }

  @Test
  void rungeKuttaThroughHelpersThatReturnArrays() {
    checkAll(oscillator, "p.Oscillator", "dampedOscillatorRk4", false, 2.0, 0.1, 1.0, -0.5,
        1.5, 40);
    // x(T) = e^(-zeta w T) (x0 cos(wd T) + (v0 + zeta w x0) / wd sin(wd T)), wd = w sqrt(1 -
    // zeta^2); RK4 with 4,000 steps is exact to about 1e-13 here.
    double w = 2.0;
    double zeta = 0.1;
    double time = 1.5;
    double wd = w * Math.sqrt(1 - zeta * zeta);
    double decay = Math.exp(-zeta * w * time);
    Map<String, Object> g = oscillator.gradient("dampedOscillatorRk4", w, zeta, 1.0, -0.5, time,
        4000);
    assertThat((double) g.get("x0")).isWithin(1e-9)
        .of(decay * (Math.cos(wd * time) + zeta * w / wd * Math.sin(wd * time)));
    assertThat((double) g.get("v0")).isWithin(1e-9).of(decay * Math.sin(wd * time) / wd);
  }

  @Test
  void quaternionRotationThroughNestedProducts() {
    double[] q = {0.9, 0.2, -0.3, 0.4};
    double[] v = {1.0, -2.0, 0.5};
    for (int axis = 0; axis < 3; axis++) {
      checkAll(quaternions, "p.Quaternions", "rotatedComponent", false, q, v, axis);
    }
    // d (R v)_axis / d v is row axis of the rotation matrix of q / |q|.
    double norm = Math.sqrt(0.81 + 0.04 + 0.09 + 0.16);
    double w = q[0] / norm;
    double x = q[1] / norm;
    double y = q[2] / norm;
    double z = q[3] / norm;
    double[][] rotation = {
        {1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)},
        {2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)},
        {2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)}};
    for (int axis = 0; axis < 3; axis++) {
      double[] g = gradientArray(quaternions, "rotatedComponent", "v", q, v, axis);
      for (int k = 0; k < 3; k++) {
        assertThat(g[k]).isWithin(1e-14).of(rotation[axis][k]);
      }
    }
  }

  @Test
  void crankNicolsonThroughATridiagonalSolver() {
    double[] initial = {0.0, 0.4, 1.0, 0.7, 0.2, 0.0, 0.1};
    checkAll(heatEquation, "p.HeatEquation", "crankNicolsonMidpoint", false, initial, 0.8,
        0.01, 0.1, 5);
    // The midpoint is linear in the initial heat: the gradient dotted with it is the value.
    double value = heatEquation.value("crankNicolsonMidpoint", initial, 0.8, 0.01, 0.1, 5);
    double[] g = gradientArray(heatEquation, "crankNicolsonMidpoint", "initial", initial, 0.8,
        0.01, 0.1, 5);
    double dot = 0;
    for (int i = 0; i < initial.length; i++) {
      dot += g[i] * initial[i];
    }
    assertThat(dot).isWithin(1e-14).of(value);
  }

  // ---------------------------------------------------------------- statistics

  @Test
  void welfordSampleVariance() {
    double[] data = {1.5, -0.3, 2.2, 0.9, 4.1};
    checkAll(statistics, "p.Statistics", "sampleVariance", false, (Object) data);
    checkAll(statistics, "p.Statistics", "sampleVariance", false,
        (Object) new double[] {10.0, 10.5});
    double mean = (1.5 - 0.3 + 2.2 + 0.9 + 4.1) / 5;
    double[] g = gradientArray(statistics, "sampleVariance", "data", (Object) data);
    for (int i = 0; i < data.length; i++) {
      assertThat(g[i]).isWithin(1e-12).of(2 * (data[i] - mean) / 4);
    }
  }

  @Test
  void kahanSum() {
    double[] values = {1e8, 0.1, -3.5, 2.25, 1e-3};
    checkAll(statistics, "p.Statistics", "kahanSum", false, (Object) values);
    for (double g : gradientArray(statistics, "kahanSum", "values", (Object) values)) {
      assertThat(g).isEqualTo(1.0);
    }
  }

  @Test
  void kernelDensityWithAKernelChosenBySwitch() {
    double[] samples = {-1.2, 0.3, 0.8, 2.5, 1.1};
    checkAll(statistics, "p.Statistics", "kernelDensity", false, samples, 0.6, 0.4, 0);
    checkAll(statistics, "p.Statistics", "kernelDensity", false, samples, 0.9, 1.7, 0);
    checkAll(statistics, "p.Statistics", "kernelDensity", true, samples, 0.7, 0.35, 1);
  }

  @Test
  void weightedLeastSquaresResidual() {
    double[][] design = {{1, 0.5}, {1, -1.2}, {1, 2.0}, {1, 0.1}};
    double[] y = {1.1, -0.4, 3.2, 0.7};
    double[] w = {1.0, 0.5, 2.0, 1.5};
    double[] beta = {0.3, 1.2};
    checkAll(statistics, "p.Statistics", "weightedResidualSumOfSquares", false, design, y, w,
        beta);
    // d/dbeta = -2 X' W r.
    double[] g =
        gradientArray(statistics, "weightedResidualSumOfSquares", "beta", design, y, w, beta);
    for (int j = 0; j < 2; j++) {
      double expected = 0;
      for (int i = 0; i < 4; i++) {
        double r = y[i] - design[i][0] * beta[0] - design[i][1] * beta[1];
        expected -= 2 * design[i][j] * w[i] * r;
      }
      assertThat(g[j]).isWithin(1e-12).of(expected);
    }
  }

  @Test
  void huberLoss() {
    double[] predicted = {0.5, 2.0, -1.0, 3.3};
    double[] actual = {0.2, 0.1, -0.4, 3.0};
    checkAll(statistics, "p.Statistics", "huberLoss", true, predicted, actual, 1.0);
    checkAll(statistics, "p.Statistics", "huberLoss", true, predicted, actual, 0.45);
    double[] g = gradientArray(statistics, "huberLoss", "predicted", predicted, actual, 1.0);
    for (int i = 0; i < 4; i++) {
      double r = predicted[i] - actual[i];
      assertThat(g[i]).isWithin(1e-15).of(Math.max(-1, Math.min(1, r)) / 4);
    }
  }

  @Test
  void quantileOfSortedCopy() {
    double[] data = {3.1, -0.5, 2.2, 7.4, 0.9, 1.6};
    checkAll(statistics, "p.Statistics", "quantile", false, data, 0.3);
    checkAll(statistics, "p.Statistics", "quantile", false, data, 0.85);
    // position 0.3 * 5 = 1.5: halfway between the 2nd and 3rd smallest, 0.9 and 1.6.
    double[] g = gradientArray(statistics, "quantile", "data", data, 0.3);
    assertThat(g).isEqualTo(new double[] {0, 0, 0, 0, 0.5, 0.5});
  }

  // ---------------------------------------------------------------- machine learning

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  @Test
  void logisticRegressionLoss() {
    double[][] x = {{0.5, 1.2}, {-1.0, 0.3}, {2.0, -0.7}, {0.1, 0.1}};
    int[] labels = {1, 0, 1, 0};
    double[] w = {0.8, -0.4};
    checkAll(learning, "p.Learning", "logisticLoss", false, x, labels, w, 0.2, 0.1);
    checkAll(learning, "p.Learning", "logisticLoss", false, x, labels,
        new double[] {-3.0, 5.0}, -1.0, 0.0);
    double[] g = gradientArray(learning, "logisticLoss", "weights", x, labels, w, 0.2, 0.1);
    for (int j = 0; j < 2; j++) {
      double expected = 0.1 * w[j];
      for (int i = 0; i < 4; i++) {
        double m = 0.2 + w[0] * x[i][0] + w[1] * x[i][1];
        expected += (sigmoid(m) - labels[i]) * x[i][j] / 4;
      }
      assertThat(g[j]).isWithin(1e-12).of(expected);
    }
  }

  @Test
  void softmaxCrossEntropyAndLogSumExp() {
    double[] logits = {1.5, -0.2, 3.1, 0.4};
    checkAll(learning, "p.Learning", "softmaxCrossEntropy", false, logits, 2);
    checkAll(learning, "p.Learning", "softmaxCrossEntropy", false, logits, 1);
    checkAll(learning, "p.Learning", "logSumExp", false, (Object) logits);
    checkAll(learning, "p.Learning", "logSumExp", false,
        (Object) new double[] {-700, -701.5, -699.2});
    double sum = 0;
    for (double z : logits) {
      sum += Math.exp(z);
    }
    double[] ce = gradientArray(learning, "softmaxCrossEntropy", "logits", logits, 1);
    double[] lse = gradientArray(learning, "logSumExp", "values", (Object) logits);
    for (int k = 0; k < 4; k++) {
      double p = Math.exp(logits[k]) / sum;
      assertThat(ce[k]).isWithin(1e-12).of(p - (k == 1 ? 1 : 0));
      assertThat(lse[k]).isWithin(1e-12).of(p);
    }
  }

  @Test
  void cosineSimilarity() {
    double[] a = {1.0, 2.0, -0.5};
    double[] b = {0.3, -1.1, 2.0};
    checkAll(learning, "p.Learning", "cosineSimilarity", false, a, b);
    checkAll(learning, "p.Learning", "cosineSimilarity", false, b, new double[] {4, 4, 1});
  }

  @Test
  void networkMeanSquaredError() {
    double[][] hiddenWeights = {{0.3, -0.8}, {1.1, 0.4}, {-0.6, 0.9}};
    double[] hiddenBias = {0.1, -0.2, 0.05};
    double[] outputWeights = {0.7, -1.3, 0.5};
    double[][] inputs = {{0.5, 1.0}, {-1.5, 0.2}, {0.3, -0.8}};
    double[] targets = {0.4, -0.1, 0.9};
    checkAll(learning, "p.Learning", "networkMeanSquaredError", false, hiddenWeights,
        hiddenBias, outputWeights, 0.2, inputs, targets);
  }

  // ---------------------------------------------------------------- numerics

  @Test
  void hornerPolynomial() {
    double[] c = {1.0, -2.0, 0.5, 3.0};
    checkAll(numerics, "p.Numerics", "polyval", false, c, 0.7);
    checkAll(numerics, "p.Numerics", "polyval", false, c, -1.3);
    double x = 0.7;
    assertThat(gradient(numerics, "polyval", "x", c, x)).isWithin(1e-12)
        .of(-2.0 + 2 * 0.5 * x + 3 * 3.0 * x * x);
  }

  @Test
  void chebyshevSeriesByClenshaw() {
    double[] c = {0.5, -1.0, 0.25, 0.75, 0.1};
    checkAll(numerics, "p.Numerics", "chebyshevSeries", false, c, -1.0, 3.0, 0.4);
    checkAll(numerics, "p.Numerics", "chebyshevSeries", false, c, 0.0, 2.0, 1.9);
    // T3(y) = 4 y^3 - 3 y with y = (2x - a - b) / (b - a).
    double[] t3 = {0, 0, 0, 1};
    double y = (2 * 0.4 - 2.0) / 4.0;
    assertThat(gradient(numerics, "chebyshevSeries", "x", t3, -1.0, 3.0, 0.4))
        .isWithin(1e-12).of((12 * y * y - 3) * 2 / 4.0);
  }

  @Test
  void naturalCubicSpline() {
    double[] knots = {0.0, 0.7, 1.5, 2.6, 3.0};
    double[] values = {1.0, -0.4, 0.8, 2.1, 1.7};
    checkAll(numerics, "p.Numerics", "naturalCubicSpline", false, knots, values, 1.1);
    checkAll(numerics, "p.Numerics", "naturalCubicSpline", false, knots, values, 2.8);
    // The spline of constant data is constant: the weights on the values sum to one.
    double sum = 0;
    for (double g : gradientArray(numerics, "naturalCubicSpline", "values", knots, values,
        1.1)) {
      sum += g;
    }
    assertThat(sum).isWithin(1e-12).of(1.0);
  }

  @Test
  void linearInterpolationByBinarySearch() {
    double[] knots = {0.0, 1.0, 2.5, 4.0};
    double[] values = {2.0, -1.0, 0.5, 3.0};
    checkAll(numerics, "p.Numerics", "interpolateLinear", false, knots, values, 1.6);
    checkAll(numerics, "p.Numerics", "interpolateLinear", false, knots, values, 0.2);
    double[] g = gradientArray(numerics, "interpolateLinear", "values", knots, values, 1.6);
    assertThat(g[1]).isWithin(1e-15).of(0.6);
    assertThat(g[2]).isWithin(1e-15).of(0.4);
  }

  @Test
  void linearInterpolationOnAUniformGrid() {
    double[] table = {1.0, 0.5, -0.25, 2.0, 1.5};
    checkAll(numerics, "p.Numerics", "interpolateUniform", false, table, 0.0, 0.5, 0.8);
    checkAll(numerics, "p.Numerics", "interpolateUniform", false, table, -1.0, 0.75, 1.7);
    assertThat(gradient(numerics, "interpolateUniform", "x", table, 0.0, 0.5, 0.8))
        .isWithin(1e-12).of((-0.25 - 0.5) / 0.5);
  }

  @Test
  void cubicHermiteReproducesACubic() {
    double[] xs = {0.0, 0.8, 1.5, 2.4};
    double[] ys = new double[4];
    double[] slopes = new double[4];
    for (int i = 0; i < 4; i++) {
      double x = xs[i];
      ys[i] = x * x * x - 2 * x + 1;
      slopes[i] = 3 * x * x - 2;
    }
    checkAll(numerics, "p.Numerics", "cubicHermite", false, xs, ys, slopes, 1.1);
    checkAll(numerics, "p.Numerics", "cubicHermite", false, xs, ys, slopes, 2.0);
    assertThat(gradient(numerics, "cubicHermite", "x", xs, ys, slopes, 1.1)).isWithin(1e-12)
        .of(3 * 1.1 * 1.1 - 2);
  }

  @Test
  void simpsonsRule() {
    checkAll(numerics, "p.Numerics", "simpsonGaussian", false, -0.5, 1.2, 0.8, 200);
    checkAll(numerics, "p.Numerics", "simpsonGaussian", false, 0.3, 2.0, 1.5, 64);
    // The fundamental theorem of calculus, up to the rule's error.
    Map<String, Object> g = numerics.gradient("simpsonGaussian", -0.5, 1.2, 0.8, 200);
    assertThat((double) g.get("b")).isWithin(1e-8).of(Math.exp(-1.2 * 1.2 / (2 * 0.64)));
    assertThat((double) g.get("a")).isWithin(1e-8).of(-Math.exp(-0.25 / (2 * 0.64)));
  }

  @Test
  void trapezoidRuleUntilConverged() {
    checkAll(numerics, "p.Numerics", "trapezoidUntilConverged", false, 0.0, 2.0, 1.5);
    checkAll(numerics, "p.Numerics", "trapezoidUntilConverged", false, -0.5, 1.0, 3.0);
    assertThat(gradient(numerics, "trapezoidUntilConverged", "b", 0.0, 2.0, 1.5))
        .isWithin(1e-6).of(Math.exp(-2.0) * Math.cos(3.0));
  }

  @Test
  void keplersEquationByNewton() {
    checkAll(numerics, "p.Numerics", "eccentricAnomaly", false, 1.2, 0.3);
    checkAll(numerics, "p.Numerics", "eccentricAnomaly", false, 2.5, 0.9);
    for (double[] p : new double[][] {{1.2, 0.3}, {2.5, 0.9}}) {
      double e = numerics.value("eccentricAnomaly", p[0], p[1]);
      Map<String, Object> g = numerics.gradient("eccentricAnomaly", p[0], p[1]);
      double denominator = 1 - p[1] * Math.cos(e);
      assertThat((double) g.get("meanAnomaly")).isWithin(1e-12).of(1 / denominator);
      assertThat((double) g.get("eccentricity")).isWithin(1e-12)
          .of(Math.sin(e) / denominator);
    }
  }

  @Test
  void haversineDistance() {
    checkAll(numerics, "p.Numerics", "haversine", false, 48.85, 2.35, 40.71, -74.01);
    checkAll(numerics, "p.Numerics", "haversine", false, 10.0, 20.0, 20.0, 20.0);
    // Along a meridian the distance is R times the latitude difference in radians.
    assertThat(gradient(numerics, "haversine", "lat2", 10.0, 20.0, 20.0, 20.0))
        .isWithin(1e-9).of(6371.0088 * Math.PI / 180);
  }

  @Test
  void determinantByCofactors() {
    double[][] m = {{2.0, -1.0, 0.5}, {0.3, 1.5, -2.0}, {1.0, 0.7, 3.0}};
    checkAll(numerics, "p.Numerics", "determinant3", false, (Object) m);
    double det = numerics.value("determinant3", (Object) m);
    double[][] g = (double[][]) numerics.gradient("determinant3", (Object) m).get("m");
    // d det / dM is the cofactor matrix: M' G = det I.
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double product = 0;
        for (int k = 0; k < 3; k++) {
          product += m[k][i] * g[k][j];
        }
        assertThat(product).isWithin(1e-12).of(i == j ? det : 0.0);
      }
    }
  }

  @Test
  void mahalanobisDistanceByCholesky() {
    double[][] s = {{4.0, 1.2, -0.5}, {1.2, 2.0, 0.3}, {-0.5, 0.3, 1.5}};
    double[] x = {1.0, -0.5, 2.0};
    double[] mean = {0.2, 0.1, -0.3};
    checkAll(numerics, "p.Numerics", "mahalanobisSquared", false, s, x, mean);
    // d/dx = 2 S^-1 (x - mean): S times half the gradient is x - mean.
    double[] g = gradientArray(numerics, "mahalanobisSquared", "x", s, x, mean);
    for (int i = 0; i < 3; i++) {
      double product = 0;
      for (int k = 0; k < 3; k++) {
        product += s[i][k] * g[k] / 2;
      }
      assertThat(product).isWithin(1e-12).of(x[i] - mean[i]);
    }
  }

  @Test
  void movingAverageWithArraycopyAndFill() {
    double[] signal = {0.5, -1.0, 2.0, 1.5, 0.3, -0.7};
    checkAll(numerics, "p.Numerics", "movingAverageEnergy", false, signal, 1);
    checkAll(numerics, "p.Numerics", "movingAverageEnergy", false, signal, 2);
  }

  @Test
  void regularizedIncompleteGamma() {
    checkAll(more, "p.More", "regularizedGammaP", false, 2.5, 1.3);
    checkAll(more, "p.More", "regularizedGammaP", false, 2.5, 4.0);
    checkAll(more, "p.More", "regularizedGammaP", false, 0.7, 0.2);
    // d/dx P(a, x) = x^(a-1) e^-x / Gamma(a), Gamma(5/2) = 3 sqrt(pi) / 4; P(1, x) = 1 - e^-x.
    for (double x : new double[] {1.3, 4.0}) {
      assertThat(gradient(more, "regularizedGammaP", "x", 2.5, x)).isWithin(1e-10)
          .of(Math.pow(x, 1.5) * Math.exp(-x) / (0.75 * Math.sqrt(Math.PI)));
    }
    // (Its log-gamma is Stirling's series shifted past 8, good to about 1e-11.)
    assertThat(more.value("regularizedGammaP", 1.0, 0.6)).isWithin(1e-10)
        .of(1 - Math.exp(-0.6));
  }

  @Test
  void gaussSeidelSolve() {
    double[][] a = {{4.0, 1.0, -0.5}, {0.5, 3.0, 1.0}, {-1.0, 0.5, 5.0}};
    double[] b = {1.0, -2.0, 0.7};
    checkAll(more, "p.More", "gaussSeidelSum", false, a, b);
    // The sum of A^-1 b: its gradient g in b solves A' g = (1, 1, 1).
    double[] g = gradientArray(more, "gaussSeidelSum", "b", a, b);
    for (int j = 0; j < 3; j++) {
      double product = 0;
      for (int i = 0; i < 3; i++) {
        product += a[i][j] * g[i];
      }
      assertThat(product).isWithin(1e-12).of(1.0);
    }
  }

  @Test
  void boxCoxLogLikelihood() {
    double[] data = {0.8, 2.5, 1.3, 4.2, 0.4, 3.1};
    checkAll(more, "p.More", "boxCoxLogLikelihood", false, data, 0.4);
    checkAll(more, "p.More", "boxCoxLogLikelihood", false, data, -0.7);
  }

  @Test
  void elasticNetObjective() {
    double[][] x = {{1.0, 0.5, -0.3}, {0.2, -1.0, 0.8}, {1.5, 0.3, 0.1}};
    double[] y = {0.7, -0.2, 1.4};
    double[] beta = {0.4, -0.6, 0.25};
    checkAll(more, "p.More", "elasticNet", false, x, y, beta, 0.1, 0.3);
    checkAll(more, "p.More", "elasticNet", false, x, y, new double[] {-1, 2, 0.5}, 0.5, 0.9);
    double l1 = 0.4 + 0.6 + 0.25;
    double l2 = 0.16 + 0.36 + 0.0625;
    assertThat(gradient(more, "elasticNet", "alpha", x, y, beta, 0.1, 0.3)).isWithin(1e-12)
        .of(0.3 * l1 + 0.5 * 0.7 * l2);
  }

  // ---------------------------------------------------------------- signal processing

  @Test
  void firFilterEnergy() {
    double[] taps = {0.5, 0.3, -0.2};
    double[] x = {1.0, -0.5, 2.0, 0.7, -1.2};
    checkAll(signals, "p.Signal", "firOutputEnergy", false, taps, x);
    checkAll(signals, "p.Signal", "firOutputEnergy", false, new double[] {1.2, -0.8}, x);
    // dE/dh_k = 2 sum_n y_n x_(n-k), with y = h * x.
    double[] g = gradientArray(signals, "firOutputEnergy", "taps", taps, x);
    for (int k = 0; k < taps.length; k++) {
      double expected = 0;
      for (int n = k; n < x.length; n++) {
        double y = 0;
        for (int j = 0; j <= Math.min(n, taps.length - 1); j++) {
          y += taps[j] * x[n - j];
        }
        expected += 2 * y * x[n - k];
      }
      assertThat(g[k]).isWithin(1e-12).of(expected);
    }
  }

  @Test
  void biquadFilterEnergy() {
    double[] x = {1.0, 0.0, -0.5, 0.8, 0.3, -1.1, 0.4};
    checkAll(signals, "p.Signal", "biquadOutputEnergy", false, x, 0.2, 0.4, 0.2, -0.6, 0.25);
    checkAll(signals, "p.Signal", "biquadOutputEnergy", false, x, 1.0, -1.5, 0.7, 0.3, -0.1);
    // The output is linear in (b0, b1, b2): the energy is homogeneous of degree 2 in them.
    Map<String, Object> g =
        signals.gradient("biquadOutputEnergy", x, 0.2, 0.4, 0.2, -0.6, 0.25);
    double energy = signals.value("biquadOutputEnergy", x, 0.2, 0.4, 0.2, -0.6, 0.25);
    double euler = 0.2 * (double) g.get("b0") + 0.4 * (double) g.get("b1")
        + 0.2 * (double) g.get("b2");
    assertThat(euler).isWithin(1e-12).of(2 * energy);
  }

  @Test
  void dftMagnitudeAtOneBin() {
    double[] x = {0.5, 1.2, -0.3, 0.8, -1.0, 0.1, 0.6, -0.4};
    checkAll(signals, "p.Signal", "dftMagnitude", false, x, 1.3);
    checkAll(signals, "p.Signal", "dftMagnitude", false, x, 3.0);
    // d|X| / dx_t = (Re X cos a_t + Im X sin a_t) / |X|, a_t = -2 pi k t / n.
    double re = 0;
    double im = 0;
    for (int t = 0; t < 8; t++) {
      re += x[t] * Math.cos(-2 * Math.PI * 3.0 * t / 8);
      im += x[t] * Math.sin(-2 * Math.PI * 3.0 * t / 8);
    }
    double[] g = gradientArray(signals, "dftMagnitude", "signal", x, 3.0);
    for (int t = 0; t < 8; t++) {
      double a = -2 * Math.PI * 3.0 * t / 8;
      assertThat(g[t]).isWithin(1e-12)
          .of((re * Math.cos(a) + im * Math.sin(a)) / Math.hypot(re, im));
    }
  }

  @Test
  void autocorrelationAtALag() {
    double[] x = {0.3, 1.4, -0.2, 0.9, 2.1, -0.7, 0.5};
    checkAll(signals, "p.Signal", "autocorrelation", false, x, 1);
    checkAll(signals, "p.Signal", "autocorrelation", false, x, 3);
    // Invariant to shifting and scaling x: the gradient sums to 0 and is orthogonal to x.
    double[] g = gradientArray(signals, "autocorrelation", "x", x, 1);
    double sum = 0;
    double dot = 0;
    for (int t = 0; t < x.length; t++) {
      sum += g[t];
      dot += g[t] * x[t];
    }
    assertThat(sum).isWithin(1e-12).of(0.0);
    assertThat(dot).isWithin(1e-12).of(0.0);
  }

  @Test
  void fractionalSampleByCatmullRom() {
    double[] x = {0.5, 1.2, -0.3, 0.8, -1.0, 0.1};
    checkAll(signals, "p.Signal", "fractionalSample", false, x, 2.5);
    checkAll(signals, "p.Signal", "fractionalSample", false, x, 0.3);
    // Halfway between samples the weights are (-1, 9, 9, -1) / 16.
    assertThat(gradientArray(signals, "fractionalSample", "signal", x, 2.5))
        .usingTolerance(1e-15).containsExactly(0, -0.0625, 0.5625, 0.5625, -0.0625, 0)
        .inOrder();
  }

  // ---------------------------------------------------------------- physics

  @Test
  void projectileRangeByEulerSteps() {
    // The range is kinked in dt where the landing moves to another step, and between kinks it
    // bends the sharper the more steps there are: at dt = 0.01 (343 steps) a difference of
    // 1e-6 already crosses a kink; at 0.0101 it is 1.5e-5 off for the curvature alone. At 0.05
    // the gradient's differences at 1e-5 miss the Hessian-vector product by 2e-5 (relative),
    // and close in on it as h^2 (4e-7 at 1e-6): checked at the second point only.
    checkAll(physics, "p.Physics", "projectileRange", true, 30.0, 40.0, 0.01, 0.05);
    checkAll(physics, "p.Physics", "projectileRange", false, 12.0, 65.0, 0.002, 0.03);
    // Without drag, Euler's heights are y_n = n dt vy - g dt^2 n (n - 1) / 2: the flight lasts
    // T = 2 vy / g + dt, and the range vx T, up to the interpolation's O(dt^2); the slope of
    // that error is O(dt), as the landing sweeps through the last step (4e-4 here).
    double theta = Math.toRadians(40.0);
    double g = 9.80665;
    double dt = 1e-3;
    assertThat(gradient(physics, "projectileRange", "speed", 30.0, 40.0, 0.0, dt))
        .isWithin(1e-3).of(Math.cos(theta) * (4 * 30.0 * Math.sin(theta) / g + dt));
  }

  @Test
  void springEnergyByVelocityVerlet() {
    checkAll(physics, "p.Physics", "verletEnergy", false, 4.0, 1.5, 0.8, -0.3, 0.05, 40);
    checkAll(physics, "p.Physics", "verletEnergy", false, 9.0, 0.5, -1.0, 2.0, 0.01, 100);
    // Verlet keeps the energy k x0^2 / 2 + m v0^2 / 2 to O(dt^2).
    Map<String, Object> g = physics.gradient("verletEnergy", 4.0, 1.5, 0.8, -0.3, 1e-3, 2000);
    assertThat((double) g.get("x0")).isWithin(1e-5).of(4.0 * 0.8);
    assertThat((double) g.get("v0")).isWithin(1e-5).of(1.5 * -0.3);
    assertThat((double) g.get("stiffness")).isWithin(1e-5).of(0.5 * 0.8 * 0.8);
  }

  @Test
  void twoBodyOrbitByLeapfrog() {
    checkAll(physics, "p.Physics", "orbitEnergy", false, new double[] {1.0, 0.0, 0.0, 1.1},
        1.0, 0.01, 200);
    checkAll(physics, "p.Physics", "orbitEnergy", false, new double[] {0.8, 0.6, -0.6, 0.8},
        1.1, 0.02, 100);
    // With no steps, E = |v|^2 / 2 - mu / r.
    double[] s = {0.7, 0.4, -0.5, 0.9};
    double r = Math.hypot(0.7, 0.4);
    Map<String, Object> g = physics.gradient("orbitEnergy", s, 1.3, 0.02, 0);
    double[] expected = {1.3 * 0.7 / (r * r * r), 1.3 * 0.4 / (r * r * r), -0.5, 0.9};
    double[] state = (double[]) g.get("state");
    for (int i = 0; i < 4; i++) {
      assertThat(state[i]).isWithin(1e-12).of(expected[i]);
    }
    assertThat((double) g.get("mu")).isWithin(1e-12).of(-1 / r);
  }

  // ---------------------------------------------------------------- neural-network layers

  @Test
  void geluByTanh() {
    for (double x : new double[] {0.7, -1.3, 2.4}) {
      checkAll(layers, "p.Layers", "gelu", false, x);
      double c = Math.sqrt(2 / Math.PI);
      double th = Math.tanh(c * (x + 0.044715 * x * x * x));
      assertThat(gradient(layers, "gelu", "x", x)).isWithin(1e-12)
          .of(0.5 * (1 + th) + 0.5 * x * (1 - th * th) * c * (1 + 3 * 0.044715 * x * x));
    }
  }

  @Test
  void layerNormalization() {
    double[] x = {0.5, -1.2, 2.0, 0.3};
    double[] gamma = {1.0, 0.8, 1.2, 0.9};
    double[] beta = {0.1, -0.2, 0.0, 0.3};
    double[] target = {0.4, -1.0, 1.5, 0.2};
    checkAll(layers, "p.Layers", "layerNormSquaredError", false, x, gamma, beta, target);
    checkAll(layers, "p.Layers", "layerNormSquaredError", false,
        new double[] {3.0, 3.1, 2.7, 3.4}, gamma, beta, target);
    // The normalization removes the mean: the gradient in x sums to zero.
    double sum = 0;
    for (double g : gradientArray(layers, "layerNormSquaredError", "x", x, gamma, beta,
        target)) {
      sum += g;
    }
    assertThat(sum).isWithin(1e-12).of(0.0);
  }

  @Test
  void scaledDotProductAttention() {
    double[][] q = {{0.5, -0.3, 0.8}, {1.0, 0.2, -0.4}};
    double[][] k = {{0.2, 0.7, -0.1}, {-0.6, 0.3, 0.9}, {0.4, -0.8, 0.5}};
    double[][] v = {{1.0, -0.5}, {0.3, 0.8}, {-0.7, 0.2}};
    double[][] target = {{0.1, 0.2}, {-0.3, 0.4}};
    checkAll(layers, "p.Layers", "attentionSquaredError", false, q, k, v, target);
    checkAll(layers, "p.Layers", "attentionSquaredError", false, k, q, q, k);
    // Moving every key by the same vector shifts a query's scores alike; softmax ignores it.
    double[][] g = (double[][]) layers.gradient("attentionSquaredError", q, k, v, target)
        .get("k");
    for (int c = 0; c < 3; c++) {
      assertThat(g[0][c] + g[1][c] + g[2][c]).isWithin(1e-12).of(0.0);
    }
  }

  @Test
  void lstmCellStep() {
    double[][] w = new double[8][4];
    double[] bias = new double[8];
    for (int g = 0; g < 8; g++) {
      bias[g] = 0.1 * Math.cos(g);
      for (int j = 0; j < 4; j++) {
        w[g][j] = 0.6 * Math.sin(1.3 * g + 0.7 * j + 0.2);
      }
    }
    double[] x = {0.5, -0.8};
    double[] h = {0.2, -0.1};
    double[] c = {0.7, -0.4};
    checkAll(layers, "p.Layers", "lstmHiddenSum", false, w, bias, x, h, c);
    checkAll(layers, "p.Layers", "lstmHiddenSum", false, w, bias, h, x, new double[] {-1, 2});
    // d/dc_u = o_u (1 - tanh^2 cell_u) f_u.
    double[] xh = {0.5, -0.8, 0.2, -0.1};
    double[] gates = new double[8];
    for (int g = 0; g < 8; g++) {
      double z = bias[g];
      for (int j = 0; j < 4; j++) {
        z += w[g][j] * xh[j];
      }
      gates[g] = g / 2 == 2 ? Math.tanh(z) : sigmoid(z);
    }
    double[] dc = gradientArray(layers, "lstmHiddenSum", "c", w, bias, x, h, c);
    for (int u = 0; u < 2; u++) {
      double tanhCell = Math.tanh(gates[2 + u] * c[u] + gates[u] * gates[4 + u]);
      assertThat(dc[u]).isWithin(1e-12).of(gates[6 + u] * (1 - tanhCell * tanhCell)
          * gates[2 + u]);
    }
  }

  @Test
  void crossEntropyWithLabelSmoothing() {
    double[] logits = {1.5, -0.2, 3.1, 0.4};
    checkAll(layers, "p.Layers", "labelSmoothedCrossEntropy", false, logits, 2, 0.1);
    checkAll(layers, "p.Layers", "labelSmoothedCrossEntropy", false, logits, 0, 0.3);
    double sum = 0;
    for (double z : logits) {
      sum += Math.exp(z);
    }
    double[] g = gradientArray(layers, "labelSmoothedCrossEntropy", "logits", logits, 0, 0.3);
    for (int k = 0; k < 4; k++) {
      double target = (k == 0 ? 0.7 : 0) + 0.3 / 4;
      assertThat(g[k]).isWithin(1e-12).of(Math.exp(logits[k]) / sum - target);
    }
  }

  @Test
  void binaryFocalLoss() {
    double[] logits = {1.2, -0.4, 2.5, -1.8, 0.3};
    int[] labels = {1, 0, 1, 0, 0};
    checkAll(layers, "p.Layers", "focalLoss", false, logits, labels, 2.0, 0.25);
    checkAll(layers, "p.Layers", "focalLoss", false, logits, labels, 0.5, 0.6);
    // With gamma = 0, weighted cross-entropy: -alpha (1 - p) / n, or (1 - alpha) p / n.
    double[] g = gradientArray(layers, "focalLoss", "logits", logits, labels, 0.0, 0.25);
    for (int i = 0; i < 5; i++) {
      double p = sigmoid(logits[i]);
      assertThat(g[i]).isWithin(1e-12)
          .of(labels[i] == 1 ? -0.25 * (1 - p) / 5 : 0.75 * p / 5);
    }
  }

  // ---------------------------------------------------------------- geometry

  @Test
  void shoelacePolygonArea() {
    double[] xs = {0.0, 4.0, 5.0, 1.5, -0.5};
    double[] ys = {0.0, -0.5, 3.0, 4.2, 2.0};
    checkAll(geometry, "p.Geometry", "polygonArea", false, xs, ys);
    checkAll(geometry, "p.Geometry", "polygonArea", false, ys, xs);
    // Counter-clockwise: dA/dx_i = (y_(i+1) - y_(i-1)) / 2, dA/dy_i = (x_(i-1) - x_(i+1)) / 2.
    Map<String, Object> g = geometry.gradient("polygonArea", xs, ys);
    double[] gx = (double[]) g.get("xs");
    double[] gy = (double[]) g.get("ys");
    for (int i = 0; i < 5; i++) {
      int next = (i + 1) % 5;
      int previous = (i + 4) % 5;
      assertThat(gx[i]).isWithin(1e-15).of((ys[next] - ys[previous]) / 2);
      assertThat(gy[i]).isWithin(1e-15).of((xs[previous] - xs[next]) / 2);
    }
  }

  @Test
  void distanceFromAPointToASegment() {
    checkAll(geometry, "p.Geometry", "pointSegmentDistance", false, 1.0, 2.0, 0.0, 0.0, 3.0,
        1.0);
    checkAll(geometry, "p.Geometry", "pointSegmentDistance", false, 4.5, 2.0, 0.0, 0.0, 3.0,
        1.0);
    // Inside the segment: the unit normal; past its end: the unit vector from that end.
    Map<String, Object> inside =
        geometry.gradient("pointSegmentDistance", 1.0, 2.0, 0.0, 0.0, 3.0, 1.0);
    assertThat((double) inside.get("px")).isWithin(1e-12).of(-1 / Math.sqrt(10));
    assertThat((double) inside.get("py")).isWithin(1e-12).of(3 / Math.sqrt(10));
    Map<String, Object> past =
        geometry.gradient("pointSegmentDistance", 4.5, 2.0, 0.0, 0.0, 3.0, 1.0);
    assertThat((double) past.get("px")).isWithin(1e-12).of(1.5 / Math.hypot(1.5, 1.0));
    assertThat((double) past.get("bx")).isWithin(1e-12).of(-1.5 / Math.hypot(1.5, 1.0));
  }

  @Test
  void triangleCircumradius() {
    double[][] triangle = {{0.0, 0.0}, {3.0, 0.5}, {1.0, 2.5}};
    checkAll(geometry, "p.Geometry", "circumradius", false, (Object) triangle);
    checkAll(geometry, "p.Geometry", "circumradius", false,
        (Object) new double[][] {{-1.0, 0.2}, {2.0, -0.3}, {0.4, 0.9}});
    // Invariant to translation (each coordinate's gradients sum to 0), homogeneous of degree 1.
    double[][] g = (double[][]) geometry.gradient("circumradius", (Object) triangle)
        .get("vertices");
    double euler = 0;
    for (int c = 0; c < 2; c++) {
      assertThat(g[0][c] + g[1][c] + g[2][c]).isWithin(1e-12).of(0.0);
      for (int i = 0; i < 3; i++) {
        euler += g[i][c] * triangle[i][c];
      }
    }
    assertThat(euler).isWithin(1e-12).of(geometry.value("circumradius", (Object) triangle));
  }

  @Test
  void parabolaArcLengthByGaussLegendre() {
    checkAll(geometry, "p.Geometry", "parabolaArcLength", false, 0.8, -0.5, 0.0, 1.5, 8);
    checkAll(geometry, "p.Geometry", "parabolaArcLength", false, -0.3, 1.2, -1.0, 2.0, 4);
    // The fundamental theorem of calculus, up to the rule's error; a line exactly:
    // d/db (x1 - x0) sqrt(1 + b^2) = 2 * 0.75 / 1.25.
    double slope = 2 * 0.8 * 1.5 - 0.5;
    assertThat(gradient(geometry, "parabolaArcLength", "x1", 0.8, -0.5, 0.0, 1.5, 8))
        .isWithin(1e-9).of(Math.sqrt(1 + slope * slope));
    assertThat(gradient(geometry, "parabolaArcLength", "b", 0.0, 0.75, 0.0, 2.0, 1))
        .isWithin(1e-14).of(1.2);
  }

  // ---------------------------------------------------------------- optimization

  @Test
  void lossAfterAdamSteps() {
    double[] start = {1.5, -0.7, 0.3};
    double[] center = {0.2, 0.4, -0.1};
    checkAll(optimization, "p.Optimization", "adamLoss", false, start, center, 0.05, 30);
    checkAll(optimization, "p.Optimization", "adamLoss", false, start, center, 0.1, 10);
    // Adam only sees w - c: moving the start and the center together changes nothing.
    Map<String, Object> g = optimization.gradient("adamLoss", start, center, 0.05, 30);
    double[] gs = (double[]) g.get("start");
    double[] gc = (double[]) g.get("center");
    for (int i = 0; i < 3; i++) {
      assertThat(gs[i] + gc[i]).isWithin(1e-12).of(0.0);
    }
  }

  @Test
  void bisectionPolishedByNewton() {
    // The bisection's bracket is piecewise constant in y: no Hessian through it.
    checkAll(optimization, "p.Optimization", "solveCubic", true, 2.5);
    checkAll(optimization, "p.Optimization", "solveCubic", true, -7.3);
    for (double y : new double[] {2.5, -7.3}) {
      double x = optimization.value("solveCubic", y);
      assertThat(x * x * x + x).isWithin(1e-12).of(y);
      assertThat(gradient(optimization, "solveCubic", "y", y)).isWithin(1e-9)
          .of(1 / (3 * x * x + 1));
    }
  }

  @Test
  void armijoBacktrackingStep() {
    checkAll(optimization, "p.Optimization", "armijoStep", false, -1.2, 1.0, 1.0);
    checkAll(optimization, "p.Optimization", "armijoStep", false, 0.5, 0.4, 0.01);
  }

  // ---------------------------------------------------------------- generalized linear models

  @Test
  void pearsonCorrelation() {
    double[] x = {1.0, 2.5, 0.3, 4.1, 2.2};
    double[] y = {0.8, 2.0, 0.9, 3.0, 1.1};
    checkAll(glm, "p.Glm", "pearson", false, x, y);
    checkAll(glm, "p.Glm", "pearson", false, y, new double[] {-1.0, 0.5, 2.0, -0.3, 0.1});
    // dr/dy_i = dx_i / sqrt(sxx syy) - r dy_i / syy, with deviations from the means.
    double mx = (1.0 + 2.5 + 0.3 + 4.1 + 2.2) / 5;
    double my = (0.8 + 2.0 + 0.9 + 3.0 + 1.1) / 5;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (int i = 0; i < 5; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
      sxy += (x[i] - mx) * (y[i] - my);
    }
    double r = sxy / Math.sqrt(sxx * syy);
    double[] g = gradientArray(glm, "pearson", "y", x, y);
    for (int i = 0; i < 5; i++) {
      assertThat(g[i]).isWithin(1e-12)
          .of((x[i] - mx) / Math.sqrt(sxx * syy) - r * (y[i] - my) / syy);
    }
  }

  @Test
  void poissonRegressionDeviance() {
    double[][] design = {{1, 0.5}, {1, -1.0}, {1, 1.5}, {1, 0.2}, {1, -0.4}};
    int[] counts = {2, 0, 5, 1, 0};
    double[] beta = {0.3, 0.6};
    checkAll(glm, "p.Glm", "poissonDeviance", false, design, counts, beta);
    checkAll(glm, "p.Glm", "poissonDeviance", false, design, counts, new double[] {-0.5, 1.1});
    // The score: dD/dbeta_j = -2 sum_i (y_i - mu_i) x_ij.
    double[] g = gradientArray(glm, "poissonDeviance", "beta", design, counts, beta);
    for (int j = 0; j < 2; j++) {
      double expected = 0;
      for (int i = 0; i < 5; i++) {
        double mu = Math.exp(design[i][0] * beta[0] + design[i][1] * beta[1]);
        expected -= 2 * (counts[i] - mu) * design[i][j];
      }
      assertThat(g[j]).isWithin(1e-12).of(expected);
    }
  }

  @Test
  void gammaLogDensity() {
    // Not at integer shapes: there the helper lifts x to 10 or to 11, and its value jumps by
    // the difference of Stirling's errors, about 6e-11.
    checkAll(glm, "p.Glm", "gammaLogDensity", false, 1.7, 2.3, 0.8);
    checkAll(glm, "p.Glm", "gammaLogDensity", false, 0.4, 0.6, 3.0);
    // d/dx = (k - 1) / x - rate, d/drate = k / rate - x, d/dk = log(rate x) - psi(k),
    // psi(2) = 1 - gamma.
    Map<String, Object> g = glm.gradient("gammaLogDensity", 1.7, 2.0, 0.8);
    assertThat((double) g.get("x")).isWithin(1e-12).of(1 / 1.7 - 0.8);
    assertThat((double) g.get("rate")).isWithin(1e-12).of(2.0 / 0.8 - 1.7);
    assertThat((double) g.get("shape")).isWithin(1e-9)
        .of(Math.log(0.8 * 1.7) - (1 - EULER_GAMMA));
  }

  @Test
  void logBetaFunction() {
    checkAll(glm, "p.Glm", "logBeta", false, 2.2, 3.1);
    checkAll(glm, "p.Glm", "logBeta", false, 0.5, 1.7);
    // B(2, 3) = 1! 2! / 4! = 1 / 12, B(1/2, 1/2) = pi; d/da = psi(2) - psi(5) = -13 / 12.
    assertThat(glm.value("logBeta", 2.0, 3.0)).isWithin(1e-10).of(-Math.log(12));
    assertThat(glm.value("logBeta", 0.5, 0.5)).isWithin(1e-10).of(Math.log(Math.PI));
    assertThat(gradient(glm, "logBeta", "a", 2.0, 3.0)).isWithin(1e-9).of(-13.0 / 12);
  }

  // ---------------------------------------------------------------- interest rates

  @Test
  void asianCallOnAFixedPath() {
    double[] shocks = {0.3, -1.1, 0.8, 0.2, -0.4, 1.5};
    checkAll(rates, "p.Rates", "asianCallOnPath", false, 100.0, 95.0, 0.03, 0.25, 1.0, shocks);
    checkAll(rates, "p.Rates", "asianCallOnPath", false, 50.0, 45.0, 0.01, 0.4, 0.5, shocks);
    // In the money, the price e^(-rT) (A - K) has d/dspot = e^(-rT) A / spot and
    // d/dstrike = -e^(-rT).
    double value = rates.value("asianCallOnPath", 100.0, 95.0, 0.03, 0.25, 1.0, shocks);
    double discount = Math.exp(-0.03);
    Map<String, Object> g =
        rates.gradient("asianCallOnPath", 100.0, 95.0, 0.03, 0.25, 1.0, shocks);
    assertThat((double) g.get("spot")).isWithin(1e-12).of((value + 95.0 * discount) / 100.0);
    assertThat((double) g.get("strike")).isWithin(1e-15).of(-discount);
  }

  @Test
  void coxIngersollRossBondPrice() {
    checkAll(rates, "p.Rates", "cirBondPrice", false, 0.03, 0.5, 0.04, 0.1, 5.0);
    checkAll(rates, "p.Rates", "cirBondPrice", false, 0.06, 1.2, 0.05, 0.2, 1.5);
    // P = A e^(-B r): dP/dr = -B P, B = 2 (e^(gamma T) - 1) / ((gamma + kappa)(e^(gamma T) - 1)
    // + 2 gamma), gamma = sqrt(kappa^2 + 2 sigma^2).
    double gamma = Math.sqrt(0.25 + 2 * 0.01);
    double e = Math.exp(gamma * 5.0) - 1;
    double b = 2 * e / ((gamma + 0.5) * e + 2 * gamma);
    double price = rates.value("cirBondPrice", 0.03, 0.5, 0.04, 0.1, 5.0);
    assertThat(gradient(rates, "cirBondPrice", "shortRate", 0.03, 0.5, 0.04, 0.1, 5.0))
        .isWithin(1e-12).of(-b * price);
  }

  @Test
  void vasicekBondPrice() {
    checkAll(rates, "p.Rates", "vasicekBondPrice", false, 0.03, 0.5, 0.04, 0.01, 5.0);
    checkAll(rates, "p.Rates", "vasicekBondPrice", false, 0.06, 1.2, 0.05, 0.02, 1.5);
    // dP/dr = -B P and dP/d(mean) = (B - T) P, B = (1 - e^(-aT)) / a.
    double b = (1 - Math.exp(-0.5 * 5.0)) / 0.5;
    double price = rates.value("vasicekBondPrice", 0.03, 0.5, 0.04, 0.01, 5.0);
    Map<String, Object> g = rates.gradient("vasicekBondPrice", 0.03, 0.5, 0.04, 0.01, 5.0);
    assertThat((double) g.get("shortRate")).isWithin(1e-12).of(-b * price);
    assertThat((double) g.get("longTermMean")).isWithin(1e-12).of((b - 5.0) * price);
  }

  // ---------------------------------------------------------------- rejected, and the reach

  /** A method of the corpus that flatgrad rejects, the line of the error marked {@code //!}. */
  record Rejected(String name, String className, String source, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Methods written as the rest were, which flatgrad rejects with a positioned error. */
  static final List<Rejected> STILL_REJECTED = List.of();

  static Stream<Rejected> stillRejected() {
    return STILL_REJECTED.stream();
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("stillRejected")
  void stillRejectedWithAPositionedError(Rejected rejected) {
    Compilation compilation =
        GeneratedCode.compileOnly("p." + rejected.className(), rejected.source());
    List<String> lines = rejected.source().lines().toList();
    int marked = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(MarkedSource.MARKER)) {
        marked = i + 1;
      }
    }
    List<Diagnostic<? extends javax.tools.JavaFileObject>> errors = compilation.errors();
    assertWithMessage("%s no longer fails: move it to the compiled corpus and raise "
        + "COMPILED_AT_LEAST", rejected.name()).that(errors).isNotEmpty();
    assertWithMessage("errors for %s", rejected.name()).that(errors).hasSize(1);
    assertThat(errors.get(0).getMessage(null)).contains(rejected.message());
    assertThat(errors.get(0).getLineNumber()).isEqualTo(marked);
  }

  @Test
  void measuredReach() {
    int compiled = 0;
    for (String source : List.of(SPECIAL, FINANCE, STATISTICS, LEARNING, NUMERICS, MORE,
        IMPLIED, HIDDEN_MARKOV, POWER_ITERATION, OSCILLATOR, SIGNAL, PHYSICS, LAYERS, GEOMETRY,
        OPTIMIZATION, GLM, RATES, QUATERNIONS, HEAT_EQUATION)) {
      compiled += source.split("@Differentiable\n", -1).length - 1;
    }
    int total = compiled + STILL_REJECTED.size();
    // Measured when the corpus was written: 40 of 44 compiled unchanged (91 %); all 44 since
    // do-while conditions read what the body assigns, arrays are handed over, and helpers that
    // return new arrays are inlined inside loops, nested in arguments too. 30 methods added
    // later (signal processing, physics, network layers, geometry, optimization, GLMs, rate
    // models): 28 compiled unchanged, 72 of 74 in all (97 %); all 74 since nested helper calls
    // compile at the top level of a body too, and u = solve(...) copies the helper's array.
    assertThat(total).isEqualTo(74);
    assertWithMessage("methods of the corpus that compile, of %s", total).that(compiled)
        .isAtLeast(COMPILED_AT_LEAST);
  }
}
