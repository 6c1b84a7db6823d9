package dev.flatgrad.handwritten;

/** A nested class with an instance method taking a record: {@code Outer_InnerGrad}'s user. */
public final class Outer {

  private Outer() {}

  /** A parameter record: {@code w} and {@code bias} are differentiated, {@code power} is data. */
  public record Params(double[] w, double bias, int power) {}

  /** The receiver's field is read as data. */
  public static final class Inner {
    final double scale;

    public Inner(double scale) {
      this.scale = scale;
    }

    /** {@code scale (w . x + bias)^power}. */
    double loss(Params p, double[] x) {
      double z = p.bias();
      for (int i = 0; i < x.length; i++) {
        z += p.w()[i] * x[i];
      }
      return scale * Math.pow(z, p.power());
    }
  }
}
