package dev.flatgrad.benchmarks;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;
import dev.flatgrad.benchmarks.support.Inputs;
import java.util.SplittableRandom;

/**
 * Kernel 9, gradbench's {@code lstm} (from Microsoft's ADBench): a stack of {@code l} LSTM layers
 * with <em>diagonal</em> weights (ADBench's quirk) reads a text of {@code c} characters, each
 * character as its {@code b} bits, and predicts the next character's bits; the loss is the mean
 * over all steps and bits of {@code −ygold · (ypred − logsumexp(ypred))}, where ADBench's
 * logsumexp adds 2 inside the log. Differentiated: {@code mainParams} ({@code 2l × 4b}: per layer
 * a row of weights and a row of biases for the forget, input, output and change gates) and {@code
 * extraParams} ({@code 3 × b}: input weight, output weight, output bias). The initial {@code state}
 * ({@code 2l × b}: per layer the hidden and the cell row) and the text are data.
 *
 * <p>Sizes: {@code l = 2}, {@code c = 1024}, {@code b = 14}, gradbench's smallest workload
 * ({@code lstm_l2_c1024}; it also runs l = 4 and c = 4096), 266 parameters. Parameters and state
 * uniform in [0, 1) as gradbench's generator draws them; the text is random characters below
 * 2^14 written as bits, since ADBench's text file is not available here.
 */
public final class Lstm {

  public static final int LAYERS = 2;
  public static final int CHARS = 1024;
  public static final int BITS = 14;

  private Lstm() {}

  @Differentiable(wrt = {"mainParams", "extraParams"})
  public static double lstm(double[][] mainParams, double[][] extraParams, double[][] state,
      double[][] sequence) {
    int l = mainParams.length / 2;
    int b = extraParams[0].length;
    double[][] hidden = new double[l][b];
    double[][] cell = new double[l][b];
    for (int layer = 0; layer < l; layer++) {
      for (int i = 0; i < b; i++) {
        hidden[layer][i] = state[2 * layer][i];
        cell[layer][i] = state[2 * layer + 1][i];
      }
    }
    double[] input = new double[b];
    double[] ypred = new double[b];
    double total = 0;
    int count = 0;
    for (int t = 0; t < sequence.length - 1; t++) {
      for (int i = 0; i < b; i++) {
        input[i] = sequence[t][i] * extraParams[0][i];
      }
      lstmModel(mainParams[0], mainParams[1], hidden[0], cell[0], input);
      for (int layer = 1; layer < l; layer++) {
        lstmModel(mainParams[2 * layer], mainParams[2 * layer + 1], hidden[layer], cell[layer],
            hidden[layer - 1]);
      }
      double sum = 0;
      for (int i = 0; i < b; i++) {
        ypred[i] = hidden[l - 1][i] * extraParams[1][i] + extraParams[2][i];
        sum += Math.exp(ypred[i]);
      }
      double lse = Math.log(sum + 2);
      for (int i = 0; i < b; i++) {
        total += sequence[t + 1][i] * (ypred[i] - lse);
      }
      count += b;
    }
    return -total / count;
  }

  /**
   * One layer's step: gates from the layer's input and its previous hidden state, each through
   * its own diagonal weight; updates {@code hidden} and {@code cell} in place.
   */
  static void lstmModel(double[] weight, double[] bias, double[] hidden, double[] cell,
      double[] input) {
    int b = hidden.length;
    for (int i = 0; i < b; i++) {
      double forget = Activations.sigmoid(input[i] * weight[i] + bias[i]);
      double ingate = Activations.sigmoid(hidden[i] * weight[b + i] + bias[b + i]);
      double outgate = Activations.sigmoid(input[i] * weight[2 * b + i] + bias[2 * b + i]);
      double change = Math.tanh(hidden[i] * weight[3 * b + i] + bias[3 * b + i]);
      cell[i] = cell[i] * forget + ingate * change;
      hidden[i] = outgate * Math.tanh(cell[i]);
    }
  }

  /** The parameters, the initial state and the text. */
  public static final class Data {
    public final double[][] mainParams;
    public final double[][] extraParams;
    public final double[][] state;
    public final double[][] sequence;

    public Data(long seed) {
      this(seed, LAYERS, CHARS, BITS);
    }

    public Data(long seed, int layers, int chars, int bits) {
      SplittableRandom random = Inputs.random(seed);
      mainParams = Inputs.uniform(random, 2 * layers, 4 * bits, 0, 1);
      extraParams = Inputs.uniform(random, 3, bits, 0, 1);
      state = Inputs.uniform(random, 2 * layers, bits, 0, 1);
      sequence = new double[chars][bits];
      for (int t = 0; t < chars; t++) {
        int character = random.nextInt(1 << bits);
        for (int i = 0; i < bits; i++) {
          sequence[t][i] = (character >> (bits - 1 - i)) & 1;
        }
      }
    }
  }
}
