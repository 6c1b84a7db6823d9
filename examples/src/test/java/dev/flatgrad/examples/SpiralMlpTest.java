package dev.flatgrad.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.GradCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The minibatch tanh MLP: its generated gradient, and training with it on the spiral. */
class SpiralMlpTest {

  private static final Dataset SPIRAL = Dataset.spiral(
      TrainingDemo.POINTS_PER_ARM, 3, 0.2, TrainingDemo.DATA_SEED);

  private final MlpParameters weights = MlpParameters.random(2, 16, 3, new Random(3));
  private final double[][] inputs = Arrays.copyOfRange(SPIRAL.inputs(), 90, 110);
  private final int[] labels = Arrays.copyOfRange(SPIRAL.labels(), 90, 110);

  @Test
  void valueIsTheUsersMethodBitForBit() {
    assertEquals(
        SpiralMlp.loss(weights.Wh, weights.bh, weights.Wy, weights.by, inputs, labels),
        SpiralMlpGrad.loss(weights.Wh, weights.bh, weights.Wy, weights.by, inputs, labels)
            .value(),
        0);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    var g = SpiralMlpGrad.loss(weights.Wh, weights.bh, weights.Wy, weights.by, inputs, labels);
    GradCheck.Result result = GradCheck.of(a ->
            SpiralMlp.loss(a.matrix(0), a.vector(1), a.matrix(2), a.vector(3), inputs, labels))
        .matrix("Wh", weights.Wh, g.Wh())
        .vector("bh", weights.bh, g.bh())
        .matrix("Wy", weights.Wy, g.Wy())
        .vector("by", weights.by, g.by())
        .run();
    assertTrue(result.passes(1e-6), result::toString);
    assertEquals(weights.count(), result.entries());
  }

  @Test
  void recordOfWeightsGetsTheSameGradientAsTheFourArrays() {
    var w = new SpiralMlp.Weights(weights.Wh, weights.bh, weights.Wy, weights.by);
    var g = SpiralMlpGrad.loss(weights.Wh, weights.bh, weights.Wy, weights.by, inputs, labels);
    SpiralMlpGrad.RecordLoss r = SpiralMlpGrad.recordLoss(w, inputs, labels);
    assertEquals(g.value(), r.value(), 0);
    assertTrue(Arrays.deepEquals(g.Wh(), r.w().Wh()));
    assertArrayEquals(g.bh(), r.w().bh(), 0);
    assertTrue(Arrays.deepEquals(g.Wy(), r.w().Wy()));
    assertArrayEquals(g.by(), r.w().by(), 0);
    // The accumulating entry point adds into a sink record's arrays.
    MlpParameters buffer = MlpParameters.zerosLike(weights);
    buffer.fill(1);
    var sink = new SpiralMlp.Weights(buffer.Wh, buffer.bh, buffer.Wy, buffer.by);
    SpiralMlpGrad.recordLossAccumulate(w, inputs, labels, sink);
    for (int i = 0; i < g.by().length; i++) {
      assertEquals(1 + g.by()[i], buffer.by[i], 1e-15);
    }
  }

  @Test
  void lossAndGradientAddsIntoTheBuffer() {
    MlpParameters buffer = MlpParameters.zerosLike(weights);
    buffer.fill(1);
    double loss = MlpTrainer.lossAndGradient(weights, inputs, labels, buffer);
    var g = SpiralMlpGrad.loss(weights.Wh, weights.bh, weights.Wy, weights.by, inputs, labels);
    assertEquals(g.value(), loss, 0);
    for (int i = 0; i < g.by().length; i++) {
      assertEquals(1 + g.by()[i], buffer.by[i], 1e-15);
    }
  }

  @Test
  void generatedGradientLeavesItsArgumentsAlone() {
    double[][] wh = deepCopy(weights.Wh);
    double[][] batch = deepCopy(inputs);
    SpiralMlpGrad.loss(weights.Wh, weights.bh, weights.Wy, weights.by, inputs, labels);
    for (int i = 0; i < wh.length; i++) {
      assertArrayEquals(wh[i], weights.Wh[i], 0);
    }
    for (int i = 0; i < batch.length; i++) {
      assertArrayEquals(batch[i], inputs[i], 0);
    }
  }

  /** What the demo promises, with the demo's own settings: at least 95% on the spiral. */
  @Test
  void demoTrainingReaches95PercentAndRepeatsExactly() {
    List<MlpTrainer.Epoch> first = new ArrayList<>();
    MlpParameters trained = new MlpTrainer(TrainingDemo.SPIRAL_TRAINING).train(SPIRAL, first::add);
    MlpTrainer.Epoch last = first.get(first.size() - 1);
    assertEquals(TrainingDemo.SPIRAL_TRAINING.epochs(), first.size());
    assertTrue(last.accuracy() >= 0.95, "final accuracy " + last.accuracy());
    assertTrue(last.loss() < first.get(0).loss() / 3, "the loss fell: " + first);
    assertEquals(last.accuracy(), trained.accuracy(SPIRAL), 0);

    List<MlpTrainer.Epoch> second = new ArrayList<>();
    new MlpTrainer(TrainingDemo.SPIRAL_TRAINING).train(SPIRAL, second::add);
    assertEquals(last.loss(), second.get(second.size() - 1).loss(), 0, "same seed, same run");
  }

  @Test
  void learningRateDecaysLinearlyToATenth() {
    MlpTrainer.Settings settings = new MlpTrainer.Settings(8, 10, 0.5, 11, 0);
    assertEquals(0.5, settings.learningRate(1), 1e-15);
    assertEquals(0.275, settings.learningRate(6), 1e-15);
    assertEquals(0.05, settings.learningRate(11), 1e-15);
  }

  private static double[][] deepCopy(double[][] matrix) {
    return Arrays.stream(matrix).map(double[]::clone).toArray(double[][]::new);
  }
}
