package dev.flatgrad.examples;

import dev.flatgrad.Differentiable;

/**
 * Softmax cross-entropy on a custom derivative: {@code logSumExp} is computed stably by shifting
 * by the maximum, and its gradient, the softmax, is given by hand instead of derived.
 */
final class Softmax {

  private Softmax() {}

  /**
   * {@code log Σ exp(x[i])}, shifted by the maximum so that {@code exp} never overflows. flatgrad
   * does not read this body (an enhanced {@code for} is fine here): wherever a gradient needs it,
   * the generated code calls {@link #logSumExpPullback}.
   */
  @Differentiable(pullback = "logSumExpPullback")
  static double logSumExp(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double xi : x) {
      max = Math.max(max, xi);
    }
    double sum = 0;
    for (double xi : x) {
      sum += Math.exp(xi - max);
    }
    return max + Math.log(sum);
  }

  /**
   * The pullback of {@code logSumExp}: its parameters, then the upstream gradient, then one array
   * per differentiated array parameter. It adds {@code upstream × softmax(x)} into {@code gradX}
   * and returns the value.
   */
  static double logSumExpPullback(double[] x, double upstream, double[] gradX) {
    double lse = logSumExp(x);
    for (int i = 0; i < x.length; i++) {
      gradX[i] += upstream * Math.exp(x[i] - lse);
    }
    return lse;
  }

  /** The cross-entropy of {@code softmax(logits)} against the class {@code label}. */
  @Differentiable(wrt = "logits")
  static double crossEntropy(double[] logits, int label) {
    return logSumExp(logits) - logits[label];
  }
}
