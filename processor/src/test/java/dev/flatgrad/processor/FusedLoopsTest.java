package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

class FusedLoopsTest {

  static final String MLP = """
        @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
        static double loss(double[][] w1, double[] b1, double[][] w2, double[] b2,
            double[][] x, int[] labels) {
          double[] h = new double[b1.length];
          double[] y = new double[b2.length];
          double total = 0;
          for (int n = 0; n < x.length; n++) {
            for (int i = 0; i < b1.length; i++) {
              double s = b1[i];
              for (int j = 0; j < x[n].length; j++) {
                s += w1[i][j] * x[n][j];
              }
              h[i] = Math.tanh(s);
            }
            for (int c = 0; c < b2.length; c++) {
              double s = b2[c];
              for (int i = 0; i < b1.length; i++) {
                s += w2[c][i] * h[i];
              }
              y[c] = s;
            }
            double m = y[0];
            for (int c = 1; c < y.length; c++) {
              m = Math.max(m, y[c]);
            }
            double se = 0;
            for (int c = 0; c < y.length; c++) {
              se += Math.exp(y[c] - m);
            }
            total += Math.log(se) + m - y[labels[n]];
          }
          return total / x.length;
        }
      """;

  @Test
  void trial() {
    ArrayGradientCheck f = ArrayGradientCheck.ofMembers("Mlp", MLP);
    System.out.println(f.code().generatedMethodSource("p.MlpGrad", "Loss loss("));
  }
}
