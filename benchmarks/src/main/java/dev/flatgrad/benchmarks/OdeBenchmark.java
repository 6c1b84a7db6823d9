package dev.flatgrad.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** gradbench's ode: n = 1000, s = 10 RK4 steps. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OdeBenchmark {

  final double[] x = Ode.input(8, Ode.N);
  int s = Ode.STEPS;
  final double[] out = new double[Ode.N];

  @Benchmark
  public double primal() {
    return Ode.ode(x, s);
  }

  /** flatgrad's generated gradient, record entry point: fresh gradient arrays per call. */
  @Benchmark
  public OdeGrad.Ode flatgrad() {
    return OdeGrad.ode(x, s);
  }

  /** flatgrad's allocation-free entry point: adds the gradient into {@code out}. */
  @Benchmark
  public double flatgradInto() {
    return OdeGrad.odeAccumulate(x, s, out);
  }

  /** Hand-written gradient into fresh arrays, like the record entry point. */
  @Benchmark
  public void handWritten(Blackhole blackhole) {
    double[] g = new double[x.length];
    blackhole.consume(OdeAlternatives.handWritten(x, s, g));
    blackhole.consume(g);
  }

  /** Hand-written gradient into caller-provided arrays. */
  @Benchmark
  public double handWrittenInto() {
    return OdeAlternatives.handWritten(x, s, out);
  }
}
