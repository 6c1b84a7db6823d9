package dev.flatgrad.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Path;

/** Training loss per epoch (left axis) and accuracy (right axis) as a PNG. */
public final class LossCurvePlot {

  private static final Color LOSS = Palette.strong(0);
  private static final Color ACCURACY = Palette.strong(1);

  private LossCurvePlot() {}

  /** Plots {@code loss[e]} and {@code accuracy[e]} of epochs {@code 1 .. loss.length}. */
  public static void write(Path file, String title, double[] loss, double[] accuracy)
      throws IOException {
    if (loss.length != accuracy.length || loss.length == 0) {
      throw new IllegalArgumentException("one loss and one accuracy per epoch, at least one");
    }
    Chart chart = new Chart(860, 520, 80, 60, 80, 70);
    Scale x = chart.xScale(0, niceEnd(loss.length));
    Scale lossScale = chart.yScale(0, niceEnd(max(loss)));
    Scale accuracyScale = chart.yScale(0, 1);

    chart.grid(x, accuracyScale);
    line(chart, x, lossScale, loss, LOSS);
    line(chart, x, accuracyScale, accuracy, ACCURACY);
    chart.frame();
    chart.title(title);
    chart.bottomAxis(x, "epoch");
    chart.sideAxis(lossScale, "mean cross-entropy loss", true, LOSS);
    chart.sideAxis(accuracyScale, "training accuracy", false, ACCURACY);
    legend(chart, loss[loss.length - 1], accuracy[accuracy.length - 1]);
    chart.save(file);
  }

  private static void line(Chart chart, Scale x, Scale y, double[] values, Color color) {
    Path2D.Double path = new Path2D.Double();
    for (int e = 0; e < values.length; e++) {
      double px = x.pixel(e + 1);
      double py = y.pixel(values[e]);
      if (e == 0) {
        path.moveTo(px, py);
      } else {
        path.lineTo(px, py);
      }
    }
    Graphics2D g = chart.graphics();
    g.setColor(color);
    g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(path);
  }

  /** A box in the upper right corner, where the falling loss leaves room. */
  private static void legend(Chart chart, double finalLoss, double finalAccuracy) {
    Graphics2D g = chart.graphics();
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    FontMetrics metrics = g.getFontMetrics();
    String[] texts = {
      String.format(java.util.Locale.ROOT, "loss (final %.3f)", finalLoss),
      String.format(java.util.Locale.ROOT, "accuracy (final %.1f%%)", 100 * finalAccuracy)};
    Color[] colors = {LOSS, ACCURACY};
    int width = 0;
    for (String text : texts) {
      width = Math.max(width, metrics.stringWidth(text));
    }
    int lineHeight = metrics.getHeight() + 4;
    Rectangle area = chart.area();
    int boxWidth = width + 48;
    int boxHeight = texts.length * lineHeight + 12;
    int left = area.x + area.width - boxWidth - 14;
    int top = area.y + area.height / 2 - boxHeight / 2;
    g.setColor(Color.WHITE);
    g.fillRoundRect(left, top, boxWidth, boxHeight, 8, 8);
    g.setColor(new Color(0xBB, 0xBB, 0xBB));
    g.setStroke(new BasicStroke(1f));
    g.drawRoundRect(left, top, boxWidth, boxHeight, 8, 8);
    for (int i = 0; i < texts.length; i++) {
      int baseline = top + 6 + (i + 1) * lineHeight - 6;
      g.setColor(colors[i]);
      g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      int lineY = baseline - metrics.getAscent() / 2 + 1;
      g.drawLine(left + 10, lineY, left + 34, lineY);
      g.setColor(Chart.TEXT);
      g.drawString(texts[i], left + 40, baseline);
    }
  }

  /** A round number at or above {@code value}: where the axis ends. */
  private static double niceEnd(double value) {
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static double max(double[] values) {
    double max = Double.NEGATIVE_INFINITY;
    for (double value : values) {
      if (Double.isFinite(value)) {
        max = Math.max(max, value);
      }
    }
    return max > 0 ? max : 1;
  }
}
