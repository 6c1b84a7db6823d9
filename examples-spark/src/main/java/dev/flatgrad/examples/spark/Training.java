package dev.flatgrad.examples.spark;

import dev.flatgrad.examples.Dataset;
import java.util.List;
import java.util.function.Function;

/**
 * Full-batch training on the driver: each step asks for the batch gradient (from {@link
 * SparkGradients} or {@link LocalGradients}, the same code either way) and updates the weights
 * here. One step is one pass over the data: an epoch.
 */
public final class Training {

  private Training() {}

  /** The batch gradient of the logistic regression's loss at {@code (w, b)}. */
  @FunctionalInterface
  public interface LogisticGradients {
    LogisticGradient at(double[] w, double b);
  }

  /** Fitted logistic regression weights, the loss at the last step, and the accuracy. */
  public record LogisticFit(double[] w, double b, double loss, double accuracy) {}

  /**
   * Gradient descent from zero weights, {@code steps} steps of size {@code rate}: the examples'
   * {@code LogisticRegression.fit}.
   */
  public static LogisticFit logistic(LogisticGradients gradient, Dataset data, int steps,
      double rate) {
    double[] w = new double[data.inputs()[0].length];
    double b = 0;
    double loss = Double.NaN;
    for (int step = 0; step < steps; step++) {
      LogisticGradient g = gradient.at(w, b);
      for (int j = 0; j < w.length; j++) {
        w[j] -= rate * g.w[j];
      }
      b -= rate * g.b;
      loss = g.value;
    }
    return new LogisticFit(w, b, loss, logisticAccuracy(w, b, data));
  }

  /** Predicts class 1 where {@code sigmoid(w·x + b) >= 0.5}, that is where {@code w·x + b >= 0}. */
  static double logisticAccuracy(double[] w, double b, Dataset data) {
    int correct = 0;
    for (int n = 0; n < data.size(); n++) {
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * data.inputs()[n][j];
      }
      if ((z >= 0 ? 1 : 0) == data.labels()[n]) {
        correct++;
      }
    }
    return (double) correct / data.size();
  }

  /** The trained MLP and the loss at its last step. */
  public record MlpFit(MlpWeights weights, double loss) {}

  /**
   * Adam (Kingma and Ba; β₁ = 0.9, β₂ = 0.999, ε = 1e-8) with step size {@code rate}, from
   * {@code start}, which it updates in place. Full-batch steps need far fewer of them with Adam
   * than with plain gradient descent, and on Spark every step is a job.
   */
  public static MlpFit mlp(Function<MlpWeights, MlpGradient> gradient, MlpWeights start,
      int steps, double rate) {
    List<double[]> weights = start.arrays();
    List<double[]> m = MlpWeights.zerosLike(start).arrays();
    List<double[]> v = MlpWeights.zerosLike(start).arrays();
    double loss = Double.NaN;
    for (int step = 1; step <= steps; step++) {
      MlpGradient g = gradient.apply(start);
      List<double[]> grads = g.sinks.arrays();
      double correction1 = 1 - Math.pow(0.9, step);
      double correction2 = 1 - Math.pow(0.999, step);
      for (int a = 0; a < weights.size(); a++) {
        double[] w = weights.get(a);
        double[] dw = grads.get(a);
        double[] ma = m.get(a);
        double[] va = v.get(a);
        for (int i = 0; i < w.length; i++) {
          ma[i] = 0.9 * ma[i] + 0.1 * dw[i];
          va[i] = 0.999 * va[i] + 0.001 * dw[i] * dw[i];
          w[i] -= rate * (ma[i] / correction1) / (Math.sqrt(va[i] / correction2) + 1e-8);
        }
      }
      loss = g.value;
    }
    return new MlpFit(start, loss);
  }
}
