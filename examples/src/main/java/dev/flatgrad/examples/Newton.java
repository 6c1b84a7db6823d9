package dev.flatgrad.examples;

import dev.flatgrad.Differentiable;

/**
 * Newton's method on the Rosenbrock function, with the gradient and the Hessian both generated:
 * each step solves {@code H Δ = -∇f}, and converges quadratically near the minimum at (1, 1).
 */
public final class Newton {

  private Newton() {}

  /** Rosenbrock's banana-shaped valley: minimum 0 at (1, 1). */
  @Differentiable
  static double rosenbrock(double x, double y) {
    double a = 1 - x;
    double b = y - x * x;
    return a * a + 100 * b * b;
  }

  /** The point Newton's method reaches from {@code (x, y)} when the gradient vanishes. */
  static double[] minimize(double x, double y, int maxSteps, StepListener listener) {
    for (int step = 1; step <= maxSteps; step++) {
      NewtonGrad.Rosenbrock gradient = NewtonGrad.rosenbrock(x, y);
      double[][] h = NewtonGrad.rosenbrockHessian(x, y);
      // Solve the 2x2 system H d = -g by Cramer's rule.
      double determinant = h[0][0] * h[1][1] - h[0][1] * h[1][0];
      double dx = (-gradient.x() * h[1][1] + gradient.y() * h[0][1]) / determinant;
      double dy = (-gradient.y() * h[0][0] + gradient.x() * h[1][0]) / determinant;
      x += dx;
      y += dy;
      double norm = Math.hypot(gradient.x(), gradient.y());
      listener.step(step, x, y, rosenbrock(x, y), norm);
      if (Math.hypot(dx, dy) < 1e-12) {
        break;
      }
    }
    return new double[] {x, y};
  }

  /** Told of each step: where it went, the value there, and the gradient's norm before it. */
  @FunctionalInterface
  interface StepListener {
    void step(int step, double x, double y, double value, double gradientNorm);
  }

  public static void main(String[] args) {
    System.out.println("Newton's method on Rosenbrock from (-1.2, 1), generated Hessian:");
    double[] minimum = minimize(-1.2, 1, 50, (step, x, y, value, norm) ->
        System.out.printf("step %2d: (%.12f, %.12f)  f = %.3e  |grad| before = %.3e%n",
            step, x, y, value, norm));
    System.out.printf("minimum near (%.9f, %.9f)%n", minimum[0], minimum[1]);
  }
}
