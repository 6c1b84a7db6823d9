package dev.flatgrad.examples;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

/**
 * Logistic regression, the one-neuron classifier: {@code p(class 1 | x) = sigmoid(w·x + b)},
 * fitted by full-batch gradient descent on its mean cross-entropy, with the gradient flatgrad
 * generates as {@code LogisticRegressionGrad.loss}.
 */
final class LogisticRegression {

  private LogisticRegression() {}

  /**
   * The mean cross-entropy {@code -[y log p + (1 - y) log(1 - p)]}, written with softplus so it
   * stays finite however confident the model is: with {@code z = w·x + b}, it is {@code
   * softplus(z) - y z}.
   */
  @Differentiable(wrt = {"w", "b"})
  static double loss(double[] w, double b, double[][] inputs, int[] labels) {
    double total = 0;
    for (int n = 0; n < inputs.length; n++) {
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * inputs[n][j];
      }
      total += Activations.softplus(z) - labels[n] * z;
    }
    return total / inputs.length;
  }

  /** The probability of class 1 for {@code input}. */
  static double probability(double[] w, double b, double[] input) {
    double z = b;
    for (int j = 0; j < w.length; j++) {
      z += w[j] * input[j];
    }
    return Activations.sigmoid(z);
  }

  /** The fitted weights {@code w} and bias {@code b}, and how the fit went. */
  record Fit(double[] w, double b, double loss, double accuracy) {}

  /** Gradient descent from zero weights: {@code steps} steps of size {@code rate}. */
  static Fit fit(Dataset data, int steps, double rate) {
    double[] w = new double[data.inputs()[0].length];
    double b = 0;
    for (int step = 0; step < steps; step++) {
      LogisticRegressionGrad.Loss g = LogisticRegressionGrad.loss(w, b, data.inputs(),
          data.labels());
      for (int j = 0; j < w.length; j++) {
        w[j] -= rate * g.w()[j];
      }
      b -= rate * g.b();
    }
    return new Fit(w, b, loss(w, b, data.inputs(), data.labels()), accuracy(w, b, data));
  }

  static double accuracy(double[] w, double b, Dataset data) {
    int correct = 0;
    for (int n = 0; n < data.size(); n++) {
      int predicted = probability(w, b, data.inputs()[n]) >= 0.5 ? 1 : 0;
      if (predicted == data.labels()[n]) {
        correct++;
      }
    }
    return (double) correct / data.size();
  }
}
