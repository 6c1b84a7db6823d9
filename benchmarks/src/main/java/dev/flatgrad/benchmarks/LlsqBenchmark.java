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

/** gradbench's llsq: m = 128 coefficients, n = 1024 points. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LlsqBenchmark {

  final double[] x = Llsq.input(3);
  int n = Llsq.N;
  final double[] out = new double[Llsq.M];
  final ReverseTape tape = new ReverseTape(1 << 18);

  @Benchmark
  public double primal() {
    return Llsq.llsq(x, n);
  }

  /** flatgrad's generated gradient, record entry point: fresh gradient arrays per call. */
  @Benchmark
  public LlsqGrad.Llsq flatgrad() {
    return LlsqGrad.llsq(x, n);
  }

  /** flatgrad's allocation-free entry point: adds the gradient into {@code out}. */
  @Benchmark
  public double flatgradInto() {
    return LlsqGrad.llsqAccumulate(x, n, out);
  }

  /** Hand-written gradient into fresh arrays, like the record entry point. */
  @Benchmark
  public void handWritten(Blackhole blackhole) {
    double[] g = new double[x.length];
    blackhole.consume(LlsqAlternatives.handWritten(x, n, g));
    blackhole.consume(g);
  }

  /** Hand-written gradient into caller-provided arrays. */
  @Benchmark
  public double handWrittenInto() {
    return LlsqAlternatives.handWritten(x, n, out);
  }

  @Benchmark
  public double tape() {
    return LlsqAlternatives.tape(tape, x, n, out);
  }

  @Benchmark
  public double hipparchus() {
    return LlsqAlternatives.hipparchus(x, n, out);
  }

  @Benchmark
  public double finiteDifferences() {
    return LlsqAlternatives.finiteDifferences(x, n, out);
  }
}
