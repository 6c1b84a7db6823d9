package dev.flatgrad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flatgrad.benchmarks.generator.StraightLineGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * javac time with and without flatgrad on random straight-line methods of growing size, in this
 * JVM, after warming javac up. It prints a table and writes {@code target/processor-speed.md};
 * it asserts no timing. By default it runs two small sizes once, as a smoke test; the measurement
 * in BENCHMARKS.md is
 *
 * <pre>
 * mvn -B -q verify -pl benchmarks -am -Dtest=ProcessorSpeedTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dflatgrad.speed.sizes=100,500,1000,2000,4000 -Dflatgrad.speed.repeats=5
 * </pre>
 */
class ProcessorSpeedTest {

  @Test
  void javacWithAndWithoutFlatgrad() throws IOException {
    int[] sizes = Arrays.stream(System.getProperty("flatgrad.speed.sizes", "100,200").split(","))
        .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    int repeats = Integer.getInteger("flatgrad.speed.repeats", 1);
    int warmups = Integer.getInteger("flatgrad.speed.warmups", repeats > 1 ? 10 : 1);

    for (int i = 0; i < warmups; i++) {
      InProcessJavac.compile("p.Line100", source(100), true);
      InProcessJavac.compile("p.Line100", source(100), false);
    }
    List<String> lines = new ArrayList<>();
    lines.add("| statements | javac without flatgrad (ms) | javac with flatgrad (ms) | of which "
        + "in the processor (ms) | added by flatgrad (ms) | added per statement (µs) "
        + "| generated source (lines) | javac result |");
    lines.add("|---:|---:|---:|---:|---:|---:|---:|---|");
    for (int size : sizes) {
      String source = source(size);
      long[] without = new long[repeats];
      long[] with = new long[repeats];
      long[] processor = new long[repeats];
      InProcessJavac.Result last = null;
      for (int r = 0; r < repeats; r++) {
        System.gc();
        InProcessJavac.Result plain = InProcessJavac.compile("p.Line" + size, source, false);
        assertTrue(plain.success(), () -> "javac without flatgrad: " + plain.errors());
        without[r] = plain.nanos();
        System.gc();
        last = InProcessJavac.compile("p.Line" + size, source, true);
        with[r] = last.nanos();
        processor[r] = last.processorNanos();
      }
      double withoutMs = median(without) / 1e6;
      double withMs = median(with) / 1e6;
      double processorMs = median(processor) / 1e6;
      String generated = last.generatedSources().getOrDefault("p.Line" + size + "Grad", "");
      lines.add(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %s |",
          size, withoutMs, withMs, processorMs, withMs - withoutMs,
          1000 * (withMs - withoutMs) / size, generated.lines().count(),
          last.success() ? "ok" : "error: " + String.join("; ", last.errors())));
    }
    lines.add("");
    lines.add("Medians of " + repeats + " runs after " + warmups + " warm-up compilations; "
        + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores.");
    Files.write(Path.of("target/processor-speed.md"), lines);
    lines.forEach(System.out::println);
  }

  private static String source(int statements) {
    return StraightLineGenerator.userSource(
        StraightLineGenerator.generate(statements, statements, 8), "p", "Line" + statements, "f",
        "/** " + statements + " random statements. */\n");
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
