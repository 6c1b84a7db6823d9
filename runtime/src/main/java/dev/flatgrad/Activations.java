package dev.flatgrad;

/**
 * Activation functions that flatgrad knows the derivatives of.
 *
 * <p>They are ordinary Java methods: a {@code @Differentiable} method calls them, and the code
 * flatgrad generates calls the very same methods for the forward pass, so values agree to the bit.
 */
public final class Activations {

  private Activations() {}

  /**
   * The logistic function {@code 1 / (1 + e^-x)}. Its derivative is {@code s (1 - s)}.
   *
   * @param x the argument
   * @return {@code 1 / (1 + e^-x)}, in (0, 1)
   */
  public static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  /**
   * The rectifier {@code max(0, x)}. Its derivative is taken as 0 at 0.
   *
   * @param x the argument
   * @return {@code x} if positive, else 0
   */
  public static double relu(double x) {
    return x > 0 ? x : 0.0;
  }

  /**
   * The softplus {@code log(1 + e^x)}, a smooth rectifier, computed without overflow for large
   * {@code x}. Its derivative is {@code sigmoid(x)}.
   *
   * @param x the argument
   * @return {@code log(1 + e^x)}
   */
  public static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }

  /**
   * The leaky rectifier. Its derivative is 1 where {@code x > 0}, else {@code slope} (also at 0).
   *
   * @param x the argument
   * @param slope the slope for {@code x <= 0}
   * @return {@code x} where {@code x > 0}, else {@code slope * x}
   */
  public static double leakyRelu(double x, double slope) {
    return x > 0 ? x : slope * x;
  }
}
