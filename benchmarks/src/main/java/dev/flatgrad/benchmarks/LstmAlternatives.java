package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.FiniteDifferences;
import java.util.Arrays;

/**
 * lstm's gradient other ways: each returns the loss and overwrites {@code gMain} and {@code
 * gExtra} (shaped like {@code mainParams} and {@code extraParams}) with its gradient.
 */
public final class LstmAlternatives {

  private LstmAlternatives() {}

  /**
   * By hand: backpropagation through time. The forward pass keeps, per step, layer and unit, the
   * layer's input, the state it started from, the four gates and {@code tanh} of the new cell, and
   * per step the adjoint of each prediction (known as soon as the prediction is); the reverse pass
   * walks the steps backwards and the layers from the top, carrying the adjoints of each layer's
   * hidden and cell state.
   */
  public static double handWritten(double[][] mainParams, double[][] extraParams,
      double[][] state, double[][] sequence, double[][] gMain, double[][] gExtra) {
    int l = mainParams.length / 2;
    int b = extraParams[0].length;
    int steps = sequence.length - 1;
    int count = steps * b;
    double[] inWeight = extraParams[0];
    double[] outWeight = extraParams[1];
    double[] outBias = extraParams[2];

    int size = steps * l * b;
    double[] in = new double[size];
    double[] hPrev = new double[size];
    double[] cPrev = new double[size];
    double[] forget = new double[size];
    double[] ingate = new double[size];
    double[] outgate = new double[size];
    double[] change = new double[size];
    double[] tanhCell = new double[size];
    double[] yBar = new double[steps * b];

    double[][] hidden = new double[l][];
    double[][] cell = new double[l][];
    for (int layer = 0; layer < l; layer++) {
      hidden[layer] = state[2 * layer].clone();
      cell[layer] = state[2 * layer + 1].clone();
    }
    double[] ypred = new double[b];
    double total = 0;
    for (int t = 0; t < steps; t++) {
      for (int layer = 0; layer < l; layer++) {
        double[] w = mainParams[2 * layer];
        double[] bias = mainParams[2 * layer + 1];
        double[] h = hidden[layer];
        double[] c = cell[layer];
        int at = (t * l + layer) * b;
        for (int i = 0; i < b; i++) {
          double x = layer == 0 ? sequence[t][i] * inWeight[i] : hidden[layer - 1][i];
          double f = sigmoid(x * w[i] + bias[i]);
          double ig = sigmoid(h[i] * w[b + i] + bias[b + i]);
          double og = sigmoid(x * w[2 * b + i] + bias[2 * b + i]);
          double ch = Math.tanh(h[i] * w[3 * b + i] + bias[3 * b + i]);
          in[at + i] = x;
          hPrev[at + i] = h[i];
          cPrev[at + i] = c[i];
          forget[at + i] = f;
          ingate[at + i] = ig;
          outgate[at + i] = og;
          change[at + i] = ch;
          c[i] = c[i] * f + ig * ch;
          double tc = Math.tanh(c[i]);
          tanhCell[at + i] = tc;
          h[i] = og * tc;
        }
      }
      double[] top = hidden[l - 1];
      double sum = 0;
      for (int i = 0; i < b; i++) {
        ypred[i] = top[i] * outWeight[i] + outBias[i];
        sum += Math.exp(ypred[i]);
      }
      double lse = Math.log(sum + 2);
      double[] gold = sequence[t + 1];
      double goldSum = 0;
      for (int i = 0; i < b; i++) {
        total += gold[i] * (ypred[i] - lse);
        goldSum += gold[i];
      }
      // d loss / d ypred_i = -(gold_i - goldSum * softmax_i) / count, softmax with the + 2.
      for (int i = 0; i < b; i++) {
        yBar[t * b + i] = -(gold[i] - goldSum * Math.exp(ypred[i]) / (sum + 2)) / count;
      }
    }

    for (double[] row : gMain) {
      Arrays.fill(row, 0.0);
    }
    for (double[] row : gExtra) {
      Arrays.fill(row, 0.0);
    }
    double[][] hBar = new double[l][b];
    double[][] cBar = new double[l][b];
    for (int t = steps - 1; t >= 0; t--) {
      int topAt = (t * l + l - 1) * b;
      for (int i = 0; i < b; i++) {
        double yb = yBar[t * b + i];
        double topHidden = outgate[topAt + i] * tanhCell[topAt + i];
        gExtra[1][i] += yb * topHidden;
        gExtra[2][i] += yb;
        hBar[l - 1][i] += yb * outWeight[i];
      }
      for (int layer = l - 1; layer >= 0; layer--) {
        double[] w = mainParams[2 * layer];
        double[] gw = gMain[2 * layer];
        double[] gb = gMain[2 * layer + 1];
        int at = (t * l + layer) * b;
        for (int i = 0; i < b; i++) {
          double f = forget[at + i];
          double ig = ingate[at + i];
          double og = outgate[at + i];
          double ch = change[at + i];
          double tc = tanhCell[at + i];
          double x = in[at + i];
          double hp = hPrev[at + i];
          double hb = hBar[layer][i];
          double cb = cBar[layer][i] + hb * og * (1 - tc * tc);
          double zf = cb * cPrev[at + i] * f * (1 - f);
          double zi = cb * ch * ig * (1 - ig);
          double zo = hb * tc * og * (1 - og);
          double zc = cb * ig * (1 - ch * ch);
          gw[i] += zf * x;
          gb[i] += zf;
          gw[b + i] += zi * hp;
          gb[b + i] += zi;
          gw[2 * b + i] += zo * x;
          gb[2 * b + i] += zo;
          gw[3 * b + i] += zc * hp;
          gb[3 * b + i] += zc;
          double xBar = zf * w[i] + zo * w[2 * b + i];
          hBar[layer][i] = zi * w[b + i] + zc * w[3 * b + i];
          cBar[layer][i] = cb * f;
          if (layer > 0) {
            hBar[layer - 1][i] += xBar;
          } else {
            gExtra[0][i] += xBar * sequence[t][i];
          }
        }
      }
    }
    return -total / count;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  public static double finiteDifferences(double[][] mainParams, double[][] extraParams,
      double[][] state, double[][] sequence, double[][] gMain, double[][] gExtra) {
    FiniteDifferences.gradient(() -> Lstm.lstm(mainParams, extraParams, state, sequence),
        mainParams, gMain);
    FiniteDifferences.gradient(() -> Lstm.lstm(mainParams, extraParams, state, sequence),
        extraParams, gExtra);
    return Lstm.lstm(mainParams, extraParams, state, sequence);
  }
}
