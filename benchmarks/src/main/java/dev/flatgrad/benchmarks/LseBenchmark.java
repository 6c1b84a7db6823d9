package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.ReverseTape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** gradbench's lse: n = 2500. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LseBenchmark {

  final double[] x = Lse.input(4);
  final double[] out = new double[Lse.N];
  final ReverseTape tape = new ReverseTape(1 << 14);

  @Benchmark
  public double primal() {
    return Lse.lse(x);
  }

  /** flatgrad's generated gradient, record entry point: fresh gradient arrays per call. */
  @Benchmark
  public LseGrad.Lse flatgrad() {
    return LseGrad.lse(x);
  }

  /** flatgrad's allocation-free entry point: adds the gradient into {@code out}. */
  @Benchmark
  public double flatgradInto() {
    return LseGrad.lseAccumulate(x, out);
  }

  /** Hand-written gradient into fresh arrays, like the record entry point. */
  @Benchmark
  public void handWritten(Blackhole blackhole) {
    double[] g = new double[x.length];
    blackhole.consume(LseAlternatives.handWritten(x, g));
    blackhole.consume(g);
  }

  /** Hand-written gradient into caller-provided arrays. */
  @Benchmark
  public double handWrittenInto() {
    return LseAlternatives.handWritten(x, out);
  }

  @Benchmark
  public double tape() {
    return LseAlternatives.tape(tape, x, out);
  }

  @Benchmark
  public double hipparchus() {
    return LseAlternatives.hipparchus(x, out);
  }

  @Benchmark
  public double finiteDifferences() {
    return LseAlternatives.finiteDifferences(x, out);
  }
}
