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

  /**
   * Seed 001, "Backprop with Matrices": {@code y = x w} for {@code x} of shape N×D and {@code w}
   * of shape D×M, with the upstream gradient {@code dL/dy} given as data. The loss {@code L = Σ
   * dL/dy ⊙ y} has exactly that upstream gradient, so the generated gradient is the slide's
   * {@code dL/dx = (dL/dy) wᵀ} and {@code dL/dw = xᵀ (dL/dy)}. (The slide's {@code y}, {@code
   * [[13, 9, -2, -6], [5, 2, 17, 1]]}, is illustrative: {@code x w} of its matrices is {@code
   * [[-1, -1, 2, 6], [5, 2, 11, 7]]}. The gradient formulas do not depend on {@code y}.)
   */
  @Differentiable(wrt = {"x", "w"})
  static double matrixMultiply(double[][] x, double[][] w, double[][] upstream) {
    double[][] y = new double[x.length][w[0].length];
    for (int n = 0; n < x.length; n++) {
      for (int m = 0; m < w[0].length; m++) {
        for (int d = 0; d < w.length; d++) {
          y[n][m] += x[n][d] * w[d][m];
        }
      }
    }
    double L = 0;
    for (int n = 0; n < y.length; n++) {
      for (int m = 0; m < y[n].length; m++) {
        L += upstream[n][m] * y[n][m];
      }
    }
    return L;
  }

  /**
   * Seed 002, "Example: Tanh MLP", for one example {@code x} of class {@code label}: {@code h̃ =
   * Wʰ x + bʰ}, {@code h = tanh(h̃)}, {@code ỹ = Wʸ h + bʸ}, {@code ŷ = SoftMax(ỹ)} and the
   * cross-entropy {@code -log ŷ[label]}. The lecture derives its gradient by hand: {@code δʸ = ŷ
   * - y}, {@code ∂ℓ/∂Wʸ = δʸ hᵀ}, {@code δʰ = (1 - h²) ⊙ (Wʸᵀ δʸ)}, {@code ∂ℓ/∂Wʰ = δʰ xᵀ}.
   * {@link SpiralMlp#loss} is the same network over a minibatch.
   */
  @Differentiable(wrt = {"Wh", "bh", "Wy", "by"})
  static double tanhMlp(double[][] Wh, double[] bh, double[][] Wy, double[] by, double[] x,
      int label) {
    double[] h = new double[bh.length];
    for (int i = 0; i < bh.length; i++) {
      double hTilde = bh[i];
      for (int j = 0; j < x.length; j++) {
        hTilde += Wh[i][j] * x[j];
      }
      h[i] = Math.tanh(hTilde);
    }
    double[] yTilde = new double[by.length];
    for (int i = 0; i < by.length; i++) {
      yTilde[i] = by[i];
      for (int j = 0; j < h.length; j++) {
        yTilde[i] += Wy[i][j] * h[j];
      }
    }
    // -log SoftMax(ỹ)[label] = log Σ exp(ỹ) - ỹ[label]
    double sum = 0;
    for (int i = 0; i < yTilde.length; i++) {
      sum += Math.exp(yTilde[i]);
    }
    return Math.log(sum) - yTilde[label];
  }
}
