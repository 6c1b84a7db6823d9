package dev.flatgrad.handwritten;

/** Hand-written gradient of {@link Outer.Inner#loss}, shaped as flatgrad generates it. */
public final class Outer_InnerGrad {

  private Outer_InnerGrad() {}

  /** The value and gradient record of {@code loss}. */
  public record Loss(double value, Outer.Params p, double[] x) {}

  public static Loss loss(Outer.Inner self, Outer.Params p, double[] x) {
    double z = p.bias();
    for (int i = 0; i < x.length; i++) {
      z += p.w()[i] * x[i];
    }
    double dz = self.scale * p.power() * Math.pow(z, p.power() - 1);
    double[] gradW = new double[x.length];
    double[] gradX = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      gradW[i] = dz * x[i];
      gradX[i] = dz * p.w()[i];
    }
    return new Loss(self.loss(p, x), new Outer.Params(gradW, dz, 0), gradX);
  }
}
