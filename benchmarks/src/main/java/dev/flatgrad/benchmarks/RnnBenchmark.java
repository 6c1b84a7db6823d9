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

/** The Elman RNN: 100 steps, 16 hidden units, 4 inputs, 352 parameters. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RnnBenchmark {

  final Rnn.Data d = new Rnn.Data(7);
  final double[][] gw = Inputs.zerosLike(d.w);
  final double[][] gu = Inputs.zerosLike(d.u);
  final double[] gb = new double[d.b.length];
  final double[] gv = new double[d.v.length];
  final ReverseTape tape = new ReverseTape(1 << 17);

  @Benchmark
  public double primal() {
    return Rnn.rnn(d.w, d.u, d.b, d.v, d.xs, d.targets);
  }

  /** flatgrad's generated gradient, record entry point: fresh gradient arrays per call. */
  @Benchmark
  public RnnGrad.Rnn flatgrad() {
    return RnnGrad.rnn(d.w, d.u, d.b, d.v, d.xs, d.targets);
  }

  /** flatgrad's allocation-free entry point: adds the gradient into gw, gu, gb, gv. */
  @Benchmark
  public double flatgradInto() {
    return RnnGrad.rnnAccumulate(d.w, d.u, d.b, d.v, d.xs, d.targets, gw, gu, gb, gv);
  }

  /** Hand-written gradient into fresh arrays, like the record entry point. */
  @Benchmark
  public void handWritten(Blackhole blackhole) {
    double[][] w = Inputs.zerosLike(d.w);
    double[][] u = Inputs.zerosLike(d.u);
    double[] b = new double[d.b.length];
    double[] v = new double[d.v.length];
    blackhole.consume(RnnAlternatives.handWritten(d.w, d.u, d.b, d.v, d.xs, d.targets, w, u, b, v));
    blackhole.consume(w);
    blackhole.consume(u);
    blackhole.consume(b);
    blackhole.consume(v);
  }

  /** Hand-written gradient into caller-provided arrays. */
  @Benchmark
  public double handWrittenInto() {
    return RnnAlternatives.handWritten(d.w, d.u, d.b, d.v, d.xs, d.targets, gw, gu, gb, gv);
  }

  @Benchmark
  public double tape() {
    return RnnAlternatives.tape(tape, d.w, d.u, d.b, d.v, d.xs, d.targets, gw, gu, gb, gv);
  }

  @Benchmark
  public double hipparchus() {
    return RnnAlternatives.hipparchus(d.w, d.u, d.b, d.v, d.xs, d.targets, gw, gu, gb, gv);
  }

  @Benchmark
  public double finiteDifferences() {
    return RnnAlternatives.finiteDifferences(d.w, d.u, d.b, d.v, d.xs, d.targets, gw, gu, gb, gv);
  }
}
