package dev.flatgrad.benchmarks.support;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * Arrays of inputs as Hipparchus forward-mode variables, numbered consecutively, and the gradient
 * of the result read back into arrays in the same order.
 */
public final class ForwardArrays {

  private final int parameters;
  private int next;

  /** For a function of {@code parameters} inputs in all. */
  public ForwardArrays(int parameters) {
    this.parameters = parameters;
  }

  public int parameters() {
    return parameters;
  }

  public Gradient constant(double value) {
    return Gradient.constant(parameters, value);
  }

  public Gradient variable(double value) {
    return Gradient.variable(parameters, next++, value);
  }

  public Gradient[] variables(double[] values) {
    Gradient[] variables = new Gradient[values.length];
    for (int i = 0; i < values.length; i++) {
      variables[i] = variable(values[i]);
    }
    return variables;
  }

  public Gradient[][] variables(double[][] values) {
    Gradient[][] variables = new Gradient[values.length][];
    for (int i = 0; i < values.length; i++) {
      variables[i] = variables(values[i]);
    }
    return variables;
  }

  /** Copies {@code gradient[from...]} into {@code out}; returns the index after the last copied. */
  public static int copy(double[] gradient, int from, double[] out) {
    System.arraycopy(gradient, from, out, 0, out.length);
    return from + out.length;
  }

  public static int copy(double[] gradient, int from, double[][] out) {
    for (double[] row : out) {
      from = copy(gradient, from, row);
    }
    return from;
  }
}
