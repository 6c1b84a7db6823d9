package dev.flatgrad.examples.plot;

import java.awt.Color;

/** Class colours: a strong one for points and lines, a pale one for regions. */
final class Palette {

  private static final Color[] STRONG = {
    new Color(0x1F, 0x77, 0xB4), // blue
    new Color(0xFF, 0x7F, 0x0E), // orange
    new Color(0x2C, 0xA0, 0x2C), // green
    new Color(0xD6, 0x27, 0x28), // red
    new Color(0x94, 0x67, 0xBD), // purple
  };

  private Palette() {}

  static Color strong(int index) {
    return STRONG[index % STRONG.length];
  }

  /** {@link #strong} mixed with white, pale enough for points to stand out on it. */
  static Color pale(int index) {
    Color c = strong(index);
    double white = 0.78;
    return new Color(
        (int) Math.round(c.getRed() * (1 - white) + 255 * white),
        (int) Math.round(c.getGreen() * (1 - white) + 255 * white),
        (int) Math.round(c.getBlue() * (1 - white) + 255 * white));
  }
}
