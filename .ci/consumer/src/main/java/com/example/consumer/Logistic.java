package com.example.consumer;

import dev.flatgrad.Differentiable;

/** A user's model: the logistic loss of one example with label 1. */
public final class Logistic {

  private Logistic() {}

  /** {@code log(1 + exp(-(w . x + b)))}. */
  @Differentiable(wrt = {"w", "b"})
  public static double loss(double[] w, double b, double[] x) {
    double z = b;
    for (int i = 0; i < w.length; i++) {
      z += w[i] * x[i];
    }
    return Math.log1p(Math.exp(-z));
  }
}
