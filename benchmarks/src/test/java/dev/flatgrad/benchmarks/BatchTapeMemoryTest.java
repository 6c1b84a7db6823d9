package dev.flatgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flatgrad.Tape;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gradient of a batch loss needs one example's worth of tape, not the batch's: the
 * 16-64-4 MLP's loss over 200,000 examples (26 MB of inputs) runs in a 64 MB heap, where saving
 * each example's 64 hidden units would take over 100 MB of tape. It runs in a JVM of its own,
 * started with {@code -Xmx64m}.
 */
class BatchTapeMemoryTest {

  static final int EXAMPLES = 200_000;

  /** At most what one example's activations (64 hidden, 4 outputs) take, doubled by growth. */
  static final int ONE_EXAMPLE = 2 * (Mlp.HIDDEN + Mlp.CLASSES);

  @Test
  void theGradientOfA200000ExampleBatchRunsInA64MegabyteHeap() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
        + "java";
    Process process = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), BatchGradient.class.getName()))
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    assertEquals(0, process.exitValue(), output);
  }

  /**
   * The child JVM: the gradient, its value checked; then the tape's size after a 10,000-example
   * batch, whose tape the thread keeps (saving each example would need 760,000 doubles).
   */
  public static final class BatchGradient {
    public static void main(String[] args) {
      SplittableRandom random = new SplittableRandom(200_000);
      double[][] w1 = matrix(random, Mlp.HIDDEN, Mlp.INPUTS, 0.25);
      double[] b1 = matrix(random, 1, Mlp.HIDDEN, 0.1)[0];
      double[][] w2 = matrix(random, Mlp.CLASSES, Mlp.HIDDEN, 0.125);
      double[] b2 = matrix(random, 1, Mlp.CLASSES, 0.1)[0];
      double[][] x = matrix(random, EXAMPLES, Mlp.INPUTS, 1);
      int[] labels = new int[EXAMPLES];
      for (int n = 0; n < EXAMPLES; n++) {
        labels[n] = random.nextInt(Mlp.CLASSES);
      }
      var gradient = MlpGrad.loss(w1, b1, w2, b2, x, labels);
      double value = Mlp.loss(w1, b1, w2, b2, x, labels);
      if (Double.doubleToLongBits(gradient.value()) != Double.doubleToLongBits(value)) {
        fail("value " + gradient.value() + ", the user's method gives " + value);
      }
      if (!Double.isFinite(gradient.w1()[3][5]) || gradient.b2()[0] == 0) {
        fail("gradient not computed: " + gradient.w1()[3][5] + ", " + gradient.b2()[0]);
      }
      // A tape over 2^20 entries is let go when the call returns: look at one that is kept.
      int part = 10_000;
      MlpGrad.loss(w1, b1, w2, b2, java.util.Arrays.copyOf(x, part),
          java.util.Arrays.copyOf(labels, part));
      int tape = Tape.forThread().doubles().length;
      if (tape > ONE_EXAMPLE) {
        fail("the thread's tape grew to " + tape + " doubles; one example's worth is "
            + ONE_EXAMPLE);
      }
      System.out.println("tape " + tape + " doubles, heap "
          + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
    }

    private static void fail(String message) {
      System.out.println(message);
      System.exit(1);
    }

    private static double[][] matrix(SplittableRandom random, int rows, int columns,
        double scale) {
      double[][] m = new double[rows][columns];
      for (double[] row : m) {
        for (int j = 0; j < columns; j++) {
          row[j] = scale * random.nextGaussian();
        }
      }
      return m;
    }
  }
}
