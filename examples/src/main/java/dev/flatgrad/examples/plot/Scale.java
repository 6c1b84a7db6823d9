package dev.flatgrad.examples.plot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A linear map from data values to pixels, with round-numbered ticks for its axis. */
record Scale(double min, double max, double pixelMin, double pixelMax) {

  /** The pixel coordinate of {@code value}. */
  double pixel(double value) {
    return pixelMin + (value - min) / (max - min) * (pixelMax - pixelMin);
  }

  /** The data value at pixel coordinate {@code pixel}. */
  double value(double pixel) {
    return min + (pixel - pixelMin) / (pixelMax - pixelMin) * (max - min);
  }

  /** About five ticks at multiples of 1, 2 or 5 times a power of ten, within the range. */
  List<Double> ticks() {
    // Decimal arithmetic: 3 × 0.2 is 0.6 here, not 0.6000000000000001.
    BigDecimal step = BigDecimal.valueOf(step());
    List<Double> ticks = new ArrayList<>();
    long first = (long) Math.ceil(min / step.doubleValue() - 1e-9);
    for (long k = first; ; k++) {
      double tick = step.multiply(BigDecimal.valueOf(k)).doubleValue();
      if (tick > max + step.doubleValue() * 1e-9) {
        return ticks;
      }
      ticks.add(tick);
    }
  }

  /** A tick's text, with as many decimals as the step needs. */
  String format(double tick) {
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step()) + 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", tick);
  }

  private double step() {
    double rough = (max - min) / 5;
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    double fraction = rough / power;
    return power * (fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10);
  }
}
