package dev.flatgrad.examples.spark;

import dev.flatgrad.examples.Dataset;
import dev.flatgrad.examples.LogisticRegressionGrad;
import dev.flatgrad.examples.SpiralMlpGrad;

/** The same batch gradients in this JVM, on this thread: one generated {@code Accumulate} call. */
public final class LocalGradients {

  private final Dataset data;

  public LocalGradients(Dataset data) {
    this.data = data;
  }

  public LogisticGradient logistic(double[] w, double b) {
    LogisticGradient g = new LogisticGradient(w.length);
    var result = LogisticRegressionGrad.lossAccumulate(w, b, data.inputs(), data.labels(), g.w);
    g.b = result.b();
    g.value = result.value();
    return g;
  }

  public MlpGradient mlp(MlpWeights w) {
    MlpGradient g = new MlpGradient(w);
    g.value = SpiralMlpGrad.lossAccumulate(w.Wh, w.bh, w.Wy, w.by, data.inputs(), data.labels(),
        g.sinks.Wh, g.sinks.bh, g.sinks.Wy, g.sinks.by);
    return g;
  }
}
