package dev.flatgrad.benchmarks;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

/**
 * Kernel 1, the seed 001 sigmoid neuron ("Backprop Implementation: Flat code"): five scalar
 * inputs, five operations. At {@code w = (2, -3, -3)}, {@code x = (-1, -2)} the value is 0.73 and
 * the gradient {@code (-0.20, 0.39, -0.39, -0.59, 0.20)}.
 */
public final class Neuron {

  private Neuron() {}

  @Differentiable
  public static double neuron(double w0, double x0, double w1, double x1, double w2) {
    double s0 = w0 * x0;
    double s1 = w1 * x1;
    double s2 = s0 + s1;
    double s3 = s2 + w2;
    double L = Activations.sigmoid(s3);
    return L;
  }
}
