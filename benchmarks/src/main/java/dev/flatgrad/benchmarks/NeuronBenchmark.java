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

/** The seed 001 neuron: five inputs, five operations. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NeuronBenchmark {

  // Fields, not constants, so the JIT cannot fold the computation away.
  double w0 = 2;
  double x0 = -1;
  double w1 = -3;
  double x1 = -2;
  double w2 = -3;
  final double[] wx = {2, -1, -3, -2, -3};
  final double[] out = new double[5];
  final ReverseTape tape = new ReverseTape(16);

  @Benchmark
  public double primal() {
    return Neuron.neuron(w0, x0, w1, x1, w2);
  }

  /** flatgrad's generated gradient, record entry point: a fresh record per call. */
  @Benchmark
  public NeuronGrad.Neuron flatgrad() {
    return NeuronGrad.neuron(w0, x0, w1, x1, w2);
  }

  /** flatgrad's allocation-free entry point; with scalar parameters it returns a small record. */
  @Benchmark
  public NeuronGrad.NeuronPullback flatgradInto() {
    return NeuronGrad.neuronAccumulate(w0, x0, w1, x1, w2);
  }

  /** Hand-written flat code, returning fresh gradient storage like the record entry point. */
  @Benchmark
  public void handWritten(Blackhole blackhole) {
    double[] g = new double[5];
    blackhole.consume(NeuronAlternatives.handWritten(w0, x0, w1, x1, w2, g));
    blackhole.consume(g);
  }

  /** Hand-written flat code into caller-provided storage. */
  @Benchmark
  public double handWrittenInto() {
    return NeuronAlternatives.handWritten(w0, x0, w1, x1, w2, out);
  }

  @Benchmark
  public double tape() {
    return NeuronAlternatives.tape(tape, w0, x0, w1, x1, w2, out);
  }

  @Benchmark
  public double hipparchus() {
    return NeuronAlternatives.hipparchus(w0, x0, w1, x1, w2, out);
  }

  @Benchmark
  public double finiteDifferences() {
    return NeuronAlternatives.finiteDifferences(wx, out);
  }
}
