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

/** The random straight-line function: 8 inputs, 450 statements. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StraightLineBenchmark {

  /** The input of the benchmarks and of the agreement test. */
  public static final double[] INPUT = {0.3, -0.7, 0.5, 0.1, -0.2, 0.9, -0.4, 0.6};

  double x0 = INPUT[0];
  double x1 = INPUT[1];
  double x2 = INPUT[2];
  double x3 = INPUT[3];
  double x4 = INPUT[4];
  double x5 = INPUT[5];
  double x6 = INPUT[6];
  double x7 = INPUT[7];
  final double[] x = INPUT.clone();
  final double[] out = new double[8];
  final ReverseTape tape = new ReverseTape(1024);

  @Benchmark
  public double primal() {
    return StraightLine.straightLine(x0, x1, x2, x3, x4, x5, x6, x7);
  }

  /** flatgrad's generated gradient, record entry point. */
  @Benchmark
  public StraightLineGrad.StraightLine flatgrad() {
    return StraightLineGrad.straightLine(x0, x1, x2, x3, x4, x5, x6, x7);
  }

  /** flatgrad's allocation-free entry point: with scalar parameters, it returns a small record. */
  @Benchmark
  public StraightLineGrad.StraightLinePullback flatgradInto() {
    return StraightLineGrad.straightLineAccumulate(x0, x1, x2, x3, x4, x5, x6, x7);
  }

  /** The split hand-written gradient, returning a fresh gradient array like the record. */
  @Benchmark
  public void handWritten(Blackhole blackhole) {
    double[] g = new double[8];
    blackhole.consume(StraightLineAlternatives.handWritten(x0, x1, x2, x3, x4, x5, x6, x7, g));
    blackhole.consume(g);
  }

  @Benchmark
  public double handWrittenInto() {
    return StraightLineAlternatives.handWritten(x0, x1, x2, x3, x4, x5, x6, x7, out);
  }

  @Benchmark
  public double tape() {
    return StraightLineAlternatives.tape(tape, x0, x1, x2, x3, x4, x5, x6, x7, out);
  }

  @Benchmark
  public double hipparchus() {
    return StraightLineAlternatives.hipparchus(x0, x1, x2, x3, x4, x5, x6, x7, out);
  }

  @Benchmark
  public double finiteDifferences() {
    return StraightLineAlternatives.finiteDifferences(x, out);
  }
}
