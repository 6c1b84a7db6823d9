package dev.flatgrad.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * gradbench's gmm at its own size, d = 10, k = 25, n = 1000: the size issue 14's targets name.
 * {@link GmmBenchmark} keeps n = 100 for the slow alternatives (the tape, Hipparchus, finite
 * differences).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GmmLargeBenchmark extends GmmKernels {

  public GmmLargeBenchmark() {
    super(1000);
  }
}
