package dev.flatgrad.handwritten;

/** Hand-written gradients of {@link Bowl}, shaped as flatgrad generates them. */
public final class BowlGrad {

  private BowlGrad() {}

  /** The value and gradient record of {@code f}. */
  public record F(double value, double[] w, double b, double[][] m) {}

  /** The value and gradient record of {@code wrong}. */
  public record Wrong(double value, double[] w, double b, double[][] m) {}

  /** The value and gradient record of {@code onlyB}. */
  public record OnlyB(double value, double b) {}

  public static F f(double[] w, double b, double[][] m, int n) {
    double[] gradW = new double[w.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      gradW[i] = 2 * w[i] * b;
      sum += w[i] * w[i];
    }
    double[][] gradM = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      gradM[i] = new double[m[i].length];
      for (int j = 0; j < m[i].length; j++) {
        gradM[i][j] = 3 * n * m[i][j] * m[i][j];
      }
    }
    return new F(Bowl.f(w, b, m, n), gradW, sum + Math.cos(b), gradM);
  }

  public static Wrong wrong(double[] w, double b, double[][] m, int n) {
    F right = f(w, b, m, n);
    double[] gradW = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      gradW[i] = w[i] * b; // the bug: d/dw[i] of b w[i]² is 2 b w[i]
    }
    return new Wrong(right.value(), gradW, right.b(), right.m());
  }

  public static OnlyB onlyB(double a, double b) {
    return new OnlyB(Bowl.onlyB(a, b), 2 * a * b);
  }
}
