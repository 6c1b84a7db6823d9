package dev.flatgrad.processor.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Differential testing: random programs in flatgrad's subset, compiled with the processor, their
 * gradients checked against finite differences of the programs themselves.
 *
 * <p>The normal build runs a fixed-seed batch. {@code -Dflatgrad.fuzz.count=100000} runs more,
 * {@code -Dflatgrad.fuzz.seed=...} another seed, {@code -Dflatgrad.fuzz.minutes=...} bounds the
 * time, and {@code -Dflatgrad.fuzz.save=src/test/resources/fuzz-regressions} saves each reduced
 * failure as a regression source there (by default they go to target/fuzz-failures).
 */
class FuzzTest {

  static final long DEFAULT_SEED = 20240611L;

  @Test
  void randomProgramsHaveCorrectGradients() {
    FuzzRun.Config config = new FuzzRun.Config(
        Long.getLong("flatgrad.fuzz.seed", DEFAULT_SEED),
        Integer.getInteger("flatgrad.fuzz.count", 500),
        Integer.getInteger("flatgrad.fuzz.batch", 25),
        Long.getLong("flatgrad.fuzz.minutes", 30) * 60_000,
        Path.of(System.getProperty("flatgrad.fuzz.save", "target/fuzz-failures")),
        Integer.getInteger("flatgrad.fuzz.reductions", 10),
        System.out);
    FuzzRun.Report report = FuzzRun.run(config);
    System.out.println(report.summary());
    if (!report.failures.isEmpty()) {
      StringBuilder message = new StringBuilder(report.summary());
      report.reduced.forEach((name, source) -> message.append("\n").append(name).append(":\n")
          .append(source));
      fail(message.toString());
    }
  }
}
