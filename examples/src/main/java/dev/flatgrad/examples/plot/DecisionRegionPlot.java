package dev.flatgrad.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A classifier's decision regions over a square of the plane, each pixel tinted with the class
 * it predicts there, and the labelled training points on top.
 */
public final class DecisionRegionPlot {

  /** A trained classifier: the class it predicts at {@code (x, y)}. */
  @FunctionalInterface
  public interface Classifier {
    int classify(double x, double y);
  }

  private DecisionRegionPlot() {}

  /**
   * Plots {@code classifier} over {@code [-extent, extent]²} with {@code points} coloured by
   * {@code labels}.
   */
  public static void write(Path file, String title, Classifier classifier, double extent,
      double[][] points, int[] labels) throws IOException {
    Chart chart = new Chart(680, 700, 70, 60, 30, 70);
    Scale x = chart.xScale(-extent, extent);
    Scale y = chart.yScale(-extent, extent);
    regions(chart, x, y, classifier);
    points(chart, x, y, points, labels);
    chart.frame();
    chart.title(title);
    chart.bottomAxis(x, "x");
    chart.sideAxis(y, "y", true, Chart.TEXT);
    chart.save(file);
  }

  /** One prediction per pixel, at the pixel's centre. */
  private static void regions(Chart chart, Scale x, Scale y, Classifier classifier) {
    Rectangle area = chart.area();
    for (int py = area.y; py < area.y + area.height; py++) {
      double vy = y.value(py + 0.5);
      for (int px = area.x; px < area.x + area.width; px++) {
        int label = classifier.classify(x.value(px + 0.5), vy);
        chart.image().setRGB(px, py, Palette.pale(label).getRGB());
      }
    }
  }

  private static void points(Chart chart, Scale x, Scale y, double[][] points, int[] labels) {
    Graphics2D g = chart.graphics();
    g.setStroke(new BasicStroke(1.2f));
    double radius = 4.5;
    for (int n = 0; n < points.length; n++) {
      Ellipse2D.Double dot = new Ellipse2D.Double(x.pixel(points[n][0]) - radius,
          y.pixel(points[n][1]) - radius, 2 * radius, 2 * radius);
      g.setColor(Palette.strong(labels[n]));
      g.fill(dot);
      g.setColor(Color.WHITE);
      g.draw(dot);
    }
  }
}
