package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.Inputs;
import dev.flatgrad.benchmarks.support.ReverseTape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** gradbench's gmm: d = 10, k = 25, n = 100, 1650 parameters. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GmmBenchmark {

  final Gmm.Data d = new Gmm.Data(5);
  final double[] galpha = new double[d.alpha.length];
  final double[][] gmeans = Inputs.zerosLike(d.means);
  final double[][] gicf = Inputs.zerosLike(d.icf);
  final ReverseTape tape = new ReverseTape(1 << 19);

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

  @Benchmark
  public double tape() {
    return GmmAlternatives.tape(tape, d.alpha, d.means, d.icf, d.x, d.gamma, d.m,
        d.wishartConstant, galpha, gmeans, gicf);
  }

  @Benchmark
  public double hipparchus() {
    return GmmAlternatives.hipparchus(d.alpha, d.means, d.icf, d.x, d.gamma, d.m,
        d.wishartConstant, galpha, gmeans, gicf);
  }

  @Benchmark
  public double finiteDifferences() {
    return GmmAlternatives.finiteDifferences(d.alpha, d.means, d.icf, d.x, d.gamma, d.m,
        d.wishartConstant, galpha, gmeans, gicf);
  }
}
