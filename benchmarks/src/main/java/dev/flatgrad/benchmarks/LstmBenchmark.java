package dev.flatgrad.benchmarks;

import dev.flatgrad.benchmarks.support.Inputs;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** gradbench's lstm: l = 2 layers, c = 1024 characters of b = 14 bits, 266 parameters. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LstmBenchmark {

  final Lstm.Data d = new Lstm.Data(9);
  final double[][] gMain = Inputs.zerosLike(d.mainParams);
  final double[][] gExtra = Inputs.zerosLike(d.extraParams);

  @Benchmark
  public double primal() {
    return Lstm.lstm(d.mainParams, d.extraParams, d.state, d.sequence);
  }

  /** flatgrad's generated gradient, record entry point: fresh gradient arrays per call. */
  @Benchmark
  public LstmGrad.Lstm flatgrad() {
    return LstmGrad.lstm(d.mainParams, d.extraParams, d.state, d.sequence);
  }

  /** flatgrad's allocation-free entry point: adds the gradient into gMain and gExtra. */
  @Benchmark
  public double flatgradInto() {
    return LstmGrad.lstmAccumulate(d.mainParams, d.extraParams, d.state, d.sequence, gMain,
        gExtra);
  }

  /** Hand-written gradient into fresh arrays, like the record entry point. */
  @Benchmark
  public void handWritten(Blackhole blackhole) {
    double[][] main = Inputs.zerosLike(d.mainParams);
    double[][] extra = Inputs.zerosLike(d.extraParams);
    blackhole.consume(LstmAlternatives.handWritten(d.mainParams, d.extraParams, d.state,
        d.sequence, main, extra));
    blackhole.consume(main);
    blackhole.consume(extra);
  }

  /** Hand-written gradient into caller-provided arrays. */
  @Benchmark
  public double handWrittenInto() {
    return LstmAlternatives.handWritten(d.mainParams, d.extraParams, d.state, d.sequence, gMain,
        gExtra);
  }
}
