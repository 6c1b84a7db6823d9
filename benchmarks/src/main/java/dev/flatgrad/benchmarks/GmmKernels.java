package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.Inputs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.Blackhole;

/**
 * gradbench's gmm (d = 10, k = 25) with {@code n} points: the primal, flatgrad's two entry points
 * and the hand-written gradient, which {@link GmmBenchmark} (n = 100, with the slow alternatives)
 * and {@link GmmLargeBenchmark} (n = 1000) both run.
 */
public abstract class GmmKernels {

  final Gmm.Data d;
  final double[] galpha;
  final double[][] gmeans;
  final double[][] gicf;

  GmmKernels(int n) {
    d = new Gmm.Data(5, n);
    galpha = new double[d.alpha.length];
    gmeans = Inputs.zerosLike(d.means);
    gicf = Inputs.zerosLike(d.icf);
  }

  @Benchmark
  public double primal() {
    return Gmm.gmm(d.alpha, d.means, d.icf, d.x, d.gamma, d.m, d.wishartConstant);
  }

  /** flatgrad's generated gradient, record entry point: fresh gradient arrays per call. */
  @Benchmark
  public GmmGrad.Gmm flatgrad() {
    return GmmGrad.gmm(d.alpha, d.means, d.icf, d.x, d.gamma, d.m, d.wishartConstant);
  }

  /** flatgrad's allocation-free entry point: adds the gradient into galpha, gmeans, gicf. */
  @Benchmark
  public double flatgradInto() {
    return GmmGrad.gmmAccumulate(d.alpha, d.means, d.icf, d.x, d.gamma, d.m, d.wishartConstant,
        galpha, gmeans, gicf);
  }

  /** Hand-written gradient into fresh arrays, like the record entry point. */
  @Benchmark
  public void handWritten(Blackhole blackhole) {
    double[] alpha = new double[d.alpha.length];
    double[][] means = Inputs.zerosLike(d.means);
    double[][] icf = Inputs.zerosLike(d.icf);
    blackhole.consume(GmmAlternatives.handWritten(d.alpha, d.means, d.icf, d.x, d.gamma, d.m,
        d.wishartConstant, alpha, means, icf));
    blackhole.consume(alpha);
    blackhole.consume(means);
    blackhole.consume(icf);
  }

  /** Hand-written gradient into caller-provided arrays. */
  @Benchmark
  public double handWrittenInto() {
    return GmmAlternatives.handWritten(d.alpha, d.means, d.icf, d.x, d.gamma, d.m,
        d.wishartConstant, galpha, gmeans, gicf);
  }
}
