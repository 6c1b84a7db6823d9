package dev.flatgrad.examples;

import dev.flatgrad.Differentiable;

/** A loop whose reverse pass needs the values it overwrote: a recurrent cell over a sequence. */
final class Recurrent {

  private Recurrent() {}

  /** The last state of {@code h = tanh(w·h + u·x[t])} over the sequence {@code x}, from 0. */
  @Differentiable
  static double rnn(double w, double u, double[] x) {
    double h = 0;
    for (int t = 0; t < x.length; t++) {
      h = Math.tanh(w * h + u * x[t]);
    }
    return h;
  }
}
