package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.ReverseTape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** gradbench's gmm: d = 10, k = 25, n = 100, 1650 parameters. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GmmBenchmark extends GmmKernels {

  final ReverseTape tape = new ReverseTape(1 << 19);

  public GmmBenchmark() {
    super(Gmm.N);
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
