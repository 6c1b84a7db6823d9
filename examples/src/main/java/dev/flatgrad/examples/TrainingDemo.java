package dev.flatgrad.examples;

import dev.flatgrad.GradCheck;
import dev.flatgrad.examples.plot.DecisionRegionPlot;
import dev.flatgrad.examples.plot.LossCurvePlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains two classifiers with the gradients flatgrad generated, prints their progress and draws
 * them: a logistic regression on two Gaussian blobs, and seed 002's tanh MLP on a 3-class spiral.
 *
 * <p>Run from the repository root with {@code mvn -B -q -Pdemo verify -DskipTests}. The one
 * argument is the examples module's build directory (default {@code examples/target}); the
 * pictures go to its {@code plots} directory.
 */
public final class TrainingDemo {

  /** Seeds, sizes and rates: fixed, so every run prints the same numbers but the times. */
  static final MlpTrainer.Settings SPIRAL_TRAINING =
      new MlpTrainer.Settings(64, 10, 0.5, 50, 1);
  static final int POINTS_PER_ARM = 100;
  static final long DATA_SEED = 7;

  private TrainingDemo() {}

  public static void main(String[] args) throws IOException {
    // Plots are drawn into images, never on screen: no display needed.
    System.setProperty("java.awt.headless", "true");
    Path target = Path.of(args.length > 0 ? args[0] : "examples/target");
    Path plots = target.resolve("plots");
    Path generated = target.resolve("generated-sources/annotations/dev/flatgrad/examples");

    logisticRegression(plots);
    System.out.println();
    spiral(plots);
    if (Files.isDirectory(generated)) { // the Maven layout; plain javac puts them elsewhere
      System.out.println();
      println("generated code:     %s", shown(generated.resolve("SpiralMlpGrad.java")));
      println("                    %s", shown(generated.resolve("LogisticRegressionGrad.java")));
      println("computation graphs: %s", shown(generated.resolve("*.dot")));
    }
  }

  private static void logisticRegression(Path plots) throws IOException {
    Dataset blobs = Dataset.twoBlobs(100, 1.6, DATA_SEED);
    int steps = 100;
    println("logistic regression on two Gaussian blobs (%d points): %d steps of gradient descent",
        blobs.size(), steps);
    long start = System.nanoTime();
    LogisticRegression.Fit fit = LogisticRegression.fit(blobs, steps, 1.0);
    println("  loss %.4f  accuracy %.3f  w = (%.3f, %.3f)  b = %.3f  in %.2f s", fit.loss(),
        fit.accuracy(), fit.w()[0], fit.w()[1], fit.b(), seconds(start));
    Path regions = plots.resolve("logistic-regions.png");
    DecisionRegionPlot.write(regions, String.format(Locale.ROOT,
            "Logistic regression: decision regions (accuracy %.1f%%)", 100 * fit.accuracy()),
        (x, y) -> LogisticRegression.probability(fit.w(), fit.b(), new double[] {x, y}) >= 0.5
            ? 1 : 0,
        3, blobs.inputs(), blobs.labels());
    println("  plot: %s", shown(regions));
  }

  private static void spiral(Path plots) throws IOException {
    Dataset spiral = Dataset.spiral(POINTS_PER_ARM, 3, 0.2, DATA_SEED);
    MlpTrainer.Settings settings = SPIRAL_TRAINING;
    println("tanh MLP (seed 002) on a 3-class spiral (%d points): %d hidden units,"
        + " minibatch SGD, batch %d, %d epochs", spiral.size(), settings.hidden(),
        settings.batchSize(), settings.epochs());
    gradientCheck(spiral, settings);

    List<MlpTrainer.Epoch> epochs = new ArrayList<>();
    MlpParameters weights = new MlpTrainer(settings).train(spiral, epoch -> {
      epochs.add(epoch);
      println("  epoch %3d/%d  loss %.4f  accuracy %.3f  elapsed %5.2f s", epoch.number(),
          settings.epochs(), epoch.loss(), epoch.accuracy(), epoch.elapsedSeconds());
    });
    MlpTrainer.Epoch last = epochs.get(epochs.size() - 1);
    println("final training accuracy: %.3f (loss %.4f, %d epochs in %.2f s)", last.accuracy(),
        last.loss(), last.number(), last.elapsedSeconds());

    Path curve = plots.resolve("spiral-loss.png");
    LossCurvePlot.write(curve, "Tanh MLP on the spiral: minibatch SGD with flatgrad gradients",
        epochs.stream().mapToDouble(MlpTrainer.Epoch::loss).toArray(),
        epochs.stream().mapToDouble(MlpTrainer.Epoch::accuracy).toArray());
    Path regions = plots.resolve("spiral-regions.png");
    DecisionRegionPlot.write(regions, String.format(Locale.ROOT,
            "Tanh MLP: decision regions (training accuracy %.1f%%)", 100 * last.accuracy()),
        (x, y) -> weights.predict(new double[] {x, y}), 1.1, spiral.inputs(), spiral.labels());
    println("plots: %s", shown(curve));
    println("       %s", shown(regions));
  }

  /** Before training: the generated gradient against finite differences, on one minibatch. */
  private static void gradientCheck(Dataset data, MlpTrainer.Settings settings) {
    MlpParameters w = MlpParameters.random(2, settings.hidden(), data.classes(),
        new Random(settings.seed()));
    double[][] inputs = Arrays.copyOf(data.inputs(), settings.batchSize());
    int[] labels = Arrays.copyOf(data.labels(), settings.batchSize());
    SpiralMlpGrad.Loss g = SpiralMlpGrad.loss(w.Wh, w.bh, w.Wy, w.by, inputs, labels);
    GradCheck.Result check = GradCheck.of(a ->
            SpiralMlp.loss(a.matrix(0), a.vector(1), a.matrix(2), a.vector(3), inputs, labels))
        .matrix("Wh", w.Wh, g.Wh())
        .vector("bh", w.bh, g.bh())
        .matrix("Wy", w.Wy, g.Wy())
        .vector("by", w.by, g.by())
        .run();
    println("gradient check of SpiralMlpGrad.loss against finite differences: worst relative"
        + " error %.1e over %d weights", check.worstRelativeError(), check.entries());
  }

  /** {@code path} relative to the working directory when it is inside it. */
  private static String shown(Path path) {
    Path here = Path.of("").toAbsolutePath();
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  // Locale.ROOT: a decimal point whatever the machine's locale.
  private static void println(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
