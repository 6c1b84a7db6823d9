package dev.flatgrad.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plots are valid PNGs, drawn headless. */
class PlotTest {

  @TempDir
  Path directory;

  @Test
  void runsHeadless() {
    assertTrue(GraphicsEnvironment.isHeadless(), "surefire sets java.awt.headless=true");
  }

  @Test
  void lossCurveIsAReadablePng() throws IOException {
    Path file = directory.resolve("nested/loss.png");
    LossCurvePlot.write(file, "loss", new double[] {1.0, 0.6, 0.3, 0.2},
        new double[] {0.4, 0.7, 0.9, 0.95});
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image);
    assertEquals(860, image.getWidth());
  }

  @Test
  void decisionRegionsAreTintedByTheClassifier() throws IOException {
    Path file = directory.resolve("regions.png");
    // Class 0 left of x = 0, class 1 right of it.
    DecisionRegionPlot.write(file, "regions", (x, y) -> x < 0 ? 0 : 1, 1.0,
        new double[][] {{0.5, 0.5}}, new int[] {1});
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image);
    int middle = image.getHeight() / 2;
    assertEquals(Palette.pale(0).getRGB(), image.getRGB(100, middle));
    assertEquals(Palette.pale(1).getRGB(), image.getRGB(image.getWidth() - 60, middle + 100));
  }

  @Test
  void ticksAreRoundNumbers() {
    assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), new Scale(0, 1, 0, 100).ticks());
    assertEquals(List.of(0.0, 10.0, 20.0, 30.0, 40.0, 50.0), new Scale(0, 50, 0, 100).ticks());
    assertEquals("0.5", new Scale(0, 1, 0, 100).format(0.5));
    assertEquals("20", new Scale(0, 50, 0, 100).format(20));
  }

  @Test
  void lossCurveNeedsOneAccuracyPerEpoch() {
    assertThrows(IllegalArgumentException.class, () -> LossCurvePlot.write(
        directory.resolve("x.png"), "t", new double[] {1}, new double[] {1, 2}));
  }
}
