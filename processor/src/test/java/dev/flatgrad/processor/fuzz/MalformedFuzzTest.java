package dev.flatgrad.processor.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Malformed-input fuzzing: generated programs mutated with unsupported constructs and invalid
 * code. Each compilation must end in success (then the gradients are checked) or in positioned
 * errors, never in an exception out of the processor or flatgrad's internal-error diagnostic.
 *
 * <p>{@code -Dflatgrad.fuzz.malformed.count=...} runs more; the seed, time and save properties
 * are those of {@link FuzzTest}.
 */
class MalformedFuzzTest {

  @Test
  void malformedProgramsEndInSuccessOrPositionedErrors() {
    MalformedRun.Report report = MalformedRun.run(
        Long.getLong("flatgrad.fuzz.seed", FuzzTest.DEFAULT_SEED),
        Integer.getInteger("flatgrad.fuzz.malformed.count", 500),
        Integer.getInteger("flatgrad.fuzz.batch", 10),
        Long.getLong("flatgrad.fuzz.minutes", 30) * 60_000,
        Path.of(System.getProperty("flatgrad.fuzz.save", "target/fuzz-failures")),
        Integer.getInteger("flatgrad.fuzz.reductions", 10),
        System.out);
    System.out.println(report.summary());
    if (!report.failures.isEmpty()) {
      StringBuilder message = new StringBuilder(report.summary());
      report.reduced.forEach((name, source) -> message.append("\n").append(name).append(":\n")
          .append(source));
      fail(message.toString());
    }
  }
}
