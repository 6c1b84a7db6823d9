package dev.flatgrad.examples;

import java.util.Random;

/**
 * Minibatch stochastic gradient descent for {@link SpiralMlp}, with the gradients flatgrad
 * generated: each epoch shuffles the data, and for each minibatch adds the generated gradient of
 * the batch loss into a buffer and steps the weights against it.
 */
final class MlpTrainer {

  /** How training went after one epoch, on the whole training set. */
  record Epoch(int number, double loss, double accuracy, double elapsedSeconds) {}

  /** Called after each epoch, e.g. to print progress. */
  @FunctionalInterface
  interface Listener {
    void epochDone(Epoch epoch);
  }

  /**
   * Everything that defines a run; the same settings give the same run. The learning rate
   * decays linearly from {@code learningRate} to a tenth of it, so late steps settle into a
   * minimum instead of rattling around it.
   */
  record Settings(int hidden, int batchSize, double learningRate, int epochs, long seed) {

    double learningRate(int epoch) {
      double progress = (epoch - 1.0) / Math.max(1, epochs - 1);
      return learningRate * (1 - 0.9 * progress);
    }
  }

  private final Settings settings;

  MlpTrainer(Settings settings) {
    this.settings = settings;
  }

  /** Trains a fresh network on {@code data} and returns its weights. */
  MlpParameters train(Dataset data, Listener listener) {
    Random random = new Random(settings.seed());
    int features = data.inputs()[0].length;
    MlpParameters weights = MlpParameters.random(features, settings.hidden(), data.classes(),
        random);
    MlpParameters gradient = MlpParameters.zerosLike(weights);
    int[] order = identity(data.size());
    long start = System.nanoTime();
    for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
      shuffle(order, random);
      for (int from = 0; from < order.length; from += settings.batchSize()) {
        int size = Math.min(settings.batchSize(), order.length - from);
        double[][] inputs = new double[size][];
        int[] labels = new int[size];
        for (int k = 0; k < size; k++) {
          inputs[k] = data.inputs()[order[from + k]];
          labels[k] = data.labels()[order[from + k]];
        }
        gradient.fill(0);
        lossAndGradient(weights, inputs, labels, gradient);
        weights.descend(gradient, settings.learningRate(epoch));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      listener.epochDone(new Epoch(epoch, weights.loss(data), weights.accuracy(data), seconds));
    }
    return weights;
  }

  /**
   * The batch loss, with its gradient added into {@code gradient}: the one place training calls
   * generated code, through its {@code Accumulate} entry point, which adds into the arrays it is
   * given instead of allocating gradient arrays. (It still allocates what the loss itself
   * allocates: the local arrays {@code h} and {@code y}, and their adjoints.)
   */
  static double lossAndGradient(MlpParameters weights, double[][] inputs, int[] labels,
      MlpParameters gradient) {
    // Adds this minibatch's gradient into the buffer; no gradient arrays are allocated.
    return SpiralMlpGrad.lossAccumulate(weights.Wh, weights.bh, weights.Wy, weights.by, inputs,
        labels, gradient.Wh, gradient.bh, gradient.Wy, gradient.by);
  }

  private static int[] identity(int size) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    return order;
  }

  /** Fisher–Yates, from the run's own generator so runs repeat exactly. */
  private static void shuffle(int[] order, Random random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }
}
