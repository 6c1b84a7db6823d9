package dev.flatgrad.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A PNG chart drawn with Java2D: a title, a plot area, and axes with round-numbered ticks. It
 * needs no display (it draws into a {@link BufferedImage}), so it works headless.
 */
final class Chart {

  static final Color TEXT = new Color(0x33, 0x33, 0x33);
  private static final Color GRID = new Color(0xE6, 0xE6, 0xE6);
  private static final Color FRAME = new Color(0x99, 0x99, 0x99);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 17);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private final BufferedImage image;
  private final Graphics2D g;
  private final Rectangle area;

  /** A white {@code width × height} image whose plot area leaves the given margins. */
  Chart(int width, int height, int left, int top, int right, int bottom) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    area = new Rectangle(left, top, width - left - right, height - top - bottom);
  }

  Graphics2D graphics() {
    return g;
  }

  Rectangle area() {
    return area;
  }

  BufferedImage image() {
    return image;
  }

  /** A horizontal scale over the plot area. */
  Scale xScale(double min, double max) {
    return new Scale(min, max, area.x, area.x + area.width);
  }

  /** A vertical scale over the plot area, growing upwards. */
  Scale yScale(double min, double max) {
    return new Scale(min, max, area.y + area.height, area.y);
  }

  void title(String text) {
    g.setFont(TITLE);
    g.setColor(TEXT);
    FontMetrics metrics = g.getFontMetrics();
    g.drawString(text, area.x + (area.width - metrics.stringWidth(text)) / 2f,
        area.y - 18f);
  }

  /** Light grid lines at the ticks of both scales, under everything else. */
  void grid(Scale x, Scale y) {
    g.setColor(GRID);
    g.setStroke(new BasicStroke(1f));
    for (double tick : x.ticks()) {
      int px = (int) Math.round(x.pixel(tick));
      g.drawLine(px, area.y, px, area.y + area.height);
    }
    for (double tick : y.ticks()) {
      int py = (int) Math.round(y.pixel(tick));
      g.drawLine(area.x, py, area.x + area.width, py);
    }
  }

  void frame() {
    g.setColor(FRAME);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(area.x, area.y, area.width, area.height);
  }

  /** Ticks and their numbers under the plot area, and the axis label under them. */
  void bottomAxis(Scale x, String label) {
    g.setFont(TICK);
    FontMetrics metrics = g.getFontMetrics();
    int base = area.y + area.height;
    for (double tick : x.ticks()) {
      float px = (float) x.pixel(tick);
      g.setColor(FRAME);
      g.drawLine(Math.round(px), base, Math.round(px), base + 5);
      g.setColor(TEXT);
      String text = x.format(tick);
      g.drawString(text, px - metrics.stringWidth(text) / 2f, base + 8 + metrics.getAscent());
    }
    g.setFont(LABEL);
    g.setColor(TEXT);
    FontMetrics labelMetrics = g.getFontMetrics();
    g.drawString(label, area.x + (area.width - labelMetrics.stringWidth(label)) / 2f,
        base + 30 + labelMetrics.getAscent());
  }

  /** Ticks and numbers beside the plot area, left or right, and the label turned sideways. */
  void sideAxis(Scale y, String label, boolean left, Color color) {
    g.setFont(TICK);
    FontMetrics metrics = g.getFontMetrics();
    int edge = left ? area.x : area.x + area.width;
    int widest = 0;
    for (double tick : y.ticks()) {
      float py = (float) y.pixel(tick);
      g.setColor(FRAME);
      g.drawLine(edge, Math.round(py), edge + (left ? -5 : 5), Math.round(py));
      g.setColor(color);
      String text = y.format(tick);
      int width = metrics.stringWidth(text);
      widest = Math.max(widest, width);
      float tx = left ? edge - 8 - width : edge + 8;
      g.drawString(text, tx, py + metrics.getAscent() / 2f - 1);
    }
    g.setFont(LABEL);
    FontMetrics labelMetrics = g.getFontMetrics();
    AffineTransform saved = g.getTransform();
    float cx = left ? edge - 16 - widest : edge + 16 + widest + labelMetrics.getAscent();
    float cy = area.y + area.height / 2f;
    g.rotate(-Math.PI / 2, cx, cy);
    g.setColor(color);
    g.drawString(label, cx - labelMetrics.stringWidth(label) / 2f, cy);
    g.setTransform(saved);
  }

  /** Writes the chart as a PNG, creating the directory if needed. */
  void save(Path file) throws IOException {
    g.dispose();
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer available");
    }
  }
}
