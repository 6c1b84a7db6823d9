package dev.flatgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one-call {@link GradCheck#method} on gradients flatgrad generated for the examples: it
 * finds {@code LectureGrad.tanhMlp}, matches its components to the parameters by the names in
 * the class file ({@code wrt} leaves out the data array {@code x}), and checks each against
 * finite differences of {@code Lecture.tanhMlp} itself.
 */
class GradCheckMethodTest {

  private final double[][] wh = {{1, -1}, {0.5, 2}, {-1.5, 0.5}, {0.3, 0.3}};
  private final double[] bh = {0, 0.1, -0.1, 0.2};
  private final double[][] wy = {{1, -2, 0.5, 0.1}, {-1, 1, 1, -0.4}, {0.5, 0.5, -1, 0.9}};
  private final double[] by = {0.1, 0, -0.1};
  private final double[] x = {0.5, -0.25};

  @Test
  void tanhMlpAtTheLectureInputs() {
    GradCheck.Result result = GradCheck.method(Lecture.class, "tanhMlp").at(wh, bh, wy, by, x, 1);

    assertTrue(result.passes(1e-6), result::toString);
    assertEquals(List.of("Wh", "bh", "Wy", "by"),
        result.parameters().stream().map(GradCheck.ParameterError::name).toList());
    assertEquals(8 + 4 + 12 + 3, result.entries());
  }

  @Test
  void tanhMlpAndTheSpiralLossAtRandomPoints() {
    for (long seed = 1; seed <= 3; seed++) {
      GradCheck.Result mlp = GradCheck.method(Lecture.class, "tanhMlp")
          .atRandom(seed, wh, bh, wy, by, x, 2);
      assertTrue(mlp.passes(1e-6), mlp::toString);
    }
    double[][] inputs = {{0.5, -0.25}, {-1, 0.75}, {0.1, 0.2}};
    int[] labels = {0, 2, 1};
    GradCheck.Result spiral = GradCheck.method(SpiralMlp.class, "loss")
        .atRandom(42, wh, bh, wy, by, inputs, labels);
    assertTrue(spiral.passes(1e-6), spiral::toString);
  }
}
