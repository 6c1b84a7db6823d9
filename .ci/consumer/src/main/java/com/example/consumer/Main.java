package com.example.consumer;

import dev.flatgrad.GradCheck;

/**
 * Calls the generated gradient and checks it against the closed form: for {@code L = log(1 +
 * exp(-z))}, {@code z = w . x + b}, {@code dL/dw = -sigmoid(-z) x} and {@code dL/db =
 * -sigmoid(-z)}; then {@link GradCheck} against finite differences. Throws (so the build or the
 * {@code java} command fails) on any mismatch.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    double[] w = {0.5, -1.25, 2.0};
    double b = 0.3;
    double[] x = {1.5, 0.75, -0.4};

    LogisticGrad.Loss g = LogisticGrad.loss(w, b, x);

    double z = b + w[0] * x[0] + w[1] * x[1] + w[2] * x[2];
    double factor = -1 / (1 + Math.exp(z));
    check("value", g.value(), Logistic.loss(w, b, x));
    check("dL/db", g.b(), factor);
    for (int i = 0; i < w.length; i++) {
      check("dL/dw[" + i + "]", g.w()[i], factor * x[i]);
    }
    System.out.println("consumer: LogisticGrad.loss matches the closed form: value " + g.value()
        + ", dL/db " + g.b());

    // The one-call check a user runs: generated gradient against finite differences of loss.
    GradCheck.Result check = GradCheck.method(Logistic.class, "loss").atRandom(1, w, b, x);
    System.out.print(check);
    if (!check.passes(1e-6)) {
      throw new AssertionError("GradCheck failed:\n" + check);
    }
  }

  private static void check(String what, double generated, double expected) {
    if (!(Math.abs(generated - expected) <= 1e-14 * Math.max(1, Math.abs(expected)))) {
      throw new AssertionError(what + ": generated " + generated + ", closed form " + expected);
    }
  }
}
