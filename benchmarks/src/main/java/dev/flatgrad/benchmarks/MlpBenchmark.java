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

/** The 2-layer tanh MLP batch loss: 16 → 64 → 4, batch 32, 1348 parameters. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MlpBenchmark {

  final Mlp.Data d = new Mlp.Data(2);
  final double[][] gw1 = Inputs.zerosLike(d.w1);
  final double[] gb1 = new double[d.b1.length];
  final double[][] gw2 = Inputs.zerosLike(d.w2);
  final double[] gb2 = new double[d.b2.length];
  final ReverseTape tape = new ReverseTape(1 << 16);

  @Benchmark
  public double primal() {
    return Mlp.loss(d.w1, d.b1, d.w2, d.b2, d.x, d.labels);
  }

  /** flatgrad's generated gradient, record entry point: fresh gradient arrays per call. */
  @Benchmark
  public MlpGrad.Loss flatgrad() {
    return MlpGrad.loss(d.w1, d.b1, d.w2, d.b2, d.x, d.labels);
  }

  /**
   * flatgrad's allocation-free entry point: adds the gradient into gw1, gb1, gw2, gb2 (the
   * benchmark leaves them growing; their values do not change the work done).
   */
  @Benchmark
  public double flatgradInto() {
    return MlpGrad.lossAccumulate(d.w1, d.b1, d.w2, d.b2, d.x, d.labels, gw1, gb1, gw2, gb2);
  }

  /** Hand-written backprop into fresh arrays, like the record entry point. */
  @Benchmark
  public void handWritten(Blackhole blackhole) {
    double[][] w1 = Inputs.zerosLike(d.w1);
    double[] b1 = new double[d.b1.length];
    double[][] w2 = Inputs.zerosLike(d.w2);
    double[] b2 = new double[d.b2.length];
    blackhole.consume(MlpAlternatives.handWritten(d.w1, d.b1, d.w2, d.b2, d.x, d.labels,
        w1, b1, w2, b2));
    blackhole.consume(w1);
    blackhole.consume(b1);
    blackhole.consume(w2);
    blackhole.consume(b2);
  }

  /** Hand-written backprop into caller-provided arrays. */
  @Benchmark
  public double handWrittenInto() {
    return MlpAlternatives.handWritten(d.w1, d.b1, d.w2, d.b2, d.x, d.labels, gw1, gb1, gw2, gb2);
  }

  @Benchmark
  public double tape() {
    return MlpAlternatives.tape(tape, d.w1, d.b1, d.w2, d.b2, d.x, d.labels, gw1, gb1, gw2, gb2);
  }

  @Benchmark
  public double hipparchus() {
    return MlpAlternatives.hipparchus(d.w1, d.b1, d.w2, d.b2, d.x, d.labels, gw1, gb1, gw2, gb2);
  }

  @Benchmark
  public double finiteDifferences() {
    return MlpAlternatives.finiteDifferences(d.w1, d.b1, d.w2, d.b2, d.x, d.labels,
        gw1, gb1, gw2, gb2);
  }
}
