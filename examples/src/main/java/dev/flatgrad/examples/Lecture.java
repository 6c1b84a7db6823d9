package dev.flatgrad.examples;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

/**
 * The worked examples of the lectures flatgrad comes from, written as a user writes them: plain
 * Java in the lectures' flat style, one named local per node of the computation graph.
 *
 * <p>flatgrad generates {@code LectureGrad} from this class, with one method per example that
 * returns the value and the gradient.
 */
final class Lecture {

  private Lecture() {}

  /**
   * Seed 000 ("Backpropagation is easy"): {@code f(a, b) = (a + b)(b + 1)}, decomposed as in the
   * workshop. {@code b} reaches {@code e} along two paths, whose gradients add up: at {@code (2, 1)}
   * the value is 6 and the gradient {@code [2, 5]}.
   */
  @Differentiable
  static double twoPaths(double a, double b) {
    double c = a + b;
    double d = b + 1;
    double e = c * d;
    return e;
  }

  /**
   * Seed 001, "Backpropagation: a simple example": {@code f(x, y, z) = (x + y)z}. At {@code (-2, 5,
   * -4)} the value is -12 and the gradient {@code (-4, -4, 3)}.
   */
  @Differentiable
  static double simple(double x, double y, double z) {
    double q = x + y;
    double f = q * z;
    return f;
  }

  /**
   * Seed 001, "Backprop Implementation: Flat code": a sigmoid neuron with weights {@code (w0, w1)},
   * bias {@code w2} and inputs {@code (x0, x1)}. At {@code w = (2, -3, -3)}, {@code x = (-1, -2)}
   * the value is 0.73 and the gradients are w0 -0.20, x0 0.39, w1 -0.39, x1 -0.59, w2 0.20.
   */
  @Differentiable
  static double neuron(double w0, double x0, double w1, double x1, double w2) {
    double s0 = w0 * x0;
    double s1 = w1 * x1;
    double s2 = s0 + s1;
    double s3 = s2 + w2;
    double L = Activations.sigmoid(s3);
    return L;
  }

  /**
   * Seed 004, "Autodifferentiation in reverse mode": {@code f(x1, x2) = x1² + (x1 - x2)^a - log(x1²
   * + x2²)} with {@code a = 1}, as the straight-line program {@code z1 … z7}. At {@code (2, 1)} the
   * value is about 3.390562 and the gradient {@code (4.2, -1.4)}.
   */
  @Differentiable
  static double straightLine(double x1, double x2) {
    double a = 1;
    double z1 = x1 * x1;
    double z2 = x2 * x2;
    double z3 = x1 - x2;
    double z4 = Math.pow(z3, a);
    double z5 = z1 + z2;
    double z6 = Math.log(z5);
    double z7 = z1 + z4 - z6;
    return z7;
  }
}
