package dev.flatgrad.processor.fuzz;

import dev.flatgrad.processor.fuzz.Checker.Failure;
import dev.flatgrad.processor.fuzz.Checker.Kind;
import dev.flatgrad.processor.fuzz.Checker.Stats;
import dev.flatgrad.processor.fuzz.Harness.Outcome;
import dev.flatgrad.processor.fuzz.Harness.Unit;
import dev.flatgrad.processor.fuzz.Model.Program;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fuzzing run: generates programs from a seed, checks them in batches, reduces the ones that
 * fail and saves each as a regression source.
 */
final class FuzzRun {

  /**
   * @param seed the run's seed; program {@code i} has seed {@link #programSeed}
   * @param count how many programs
   * @param batch programs per javac run
   * @param budgetMillis stop starting batches after this long
   * @param saveDirectory where reduced failures go as regression sources, or null
   * @param maxReductions how many failures to reduce (the others are listed)
   */
  record Config(long seed, int count, int batch, long budgetMillis, Path saveDirectory,
      int maxReductions, PrintStream log) {}

  /** What a run did. */
  static final class Report {
    int generated;
    int checked;
    int invalid;
    final Stats stats = new Stats();
    final List<Outcome> failures = new ArrayList<>();
    final List<Outcome> invalidOutcomes = new ArrayList<>();
    final Map<Kind, Integer> byKind = new EnumMap<>(Kind.class);
    final Map<String, String> reduced = new LinkedHashMap<>(); // file -> source
    long millis;

    String summary() {
      StringBuilder out = new StringBuilder();
      out.append("%d programs generated, %d compiled and checked, %d invalid (generator's"
          .formatted(generated, checked, invalid)).append(" fault), %d failed, in %.1f s\n"
          .formatted(failures.size(), millis / 1000.0));
      out.append("  ").append(stats).append('\n');
      byKind.forEach((kind, count) -> out.append("  ").append(kind).append(": ").append(count)
          .append('\n'));
      return out.toString();
    }
  }

  static long programSeed(long seed, int index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static Program program(long seed, int index) {
    return new Generator(programSeed(seed, index), index + "x").program();
  }

  static Report run(Config config) {
    long start = System.currentTimeMillis();
    Report report = new Report();
    Harness harness = new Harness();
    Map<String, Program> programs = new LinkedHashMap<>();
    for (int first = 0; first < config.count(); first += config.batch()) {
      if (System.currentTimeMillis() - start > config.budgetMillis()) {
        config.log().println("time budget spent after " + report.generated + " programs");
        break;
      }
      List<Unit> units = new ArrayList<>();
      programs.clear();
      for (int i = first; i < Math.min(first + config.batch(), config.count()); i++) {
        Program program = program(config.seed(), i);
        String id = "program " + i + " of seed " + config.seed();
        programs.put(id, program);
        units.add(Unit.of(id, program));
      }
      report.generated += units.size();
      for (Outcome outcome : harness.run(units)) {
        report.stats.add(outcome.stats());
        if (outcome.failed()) {
          report.failures.add(outcome);
          Failure failure = outcome.first();
          report.byKind.merge(failure.kind(), 1, Integer::sum);
          config.log().println("FAILED " + outcome.unit().id() + ": " + failure);
          if (report.reduced.size() < config.maxReductions()) {
            reduceAndSave(config, report, programs.get(outcome.unit().id()), failure);
          }
        } else if (outcome.invalid()) {
          report.invalid++;
          report.invalidOutcomes.add(outcome);
          config.log().println("INVALID " + outcome.unit().id() + ": " + outcome.first());
        } else {
          report.checked++;
        }
      }
      if ((first / config.batch()) % 10 == 9) {
        config.log().println(report.generated + " programs, " + report.failures.size()
            + " failed, " + report.invalid + " invalid, "
            + (System.currentTimeMillis() - start) / 1000 + " s");
      }
    }
    report.millis = System.currentTimeMillis() - start;
    return report;
  }

  private static void reduceAndSave(Config config, Report report, Program program,
      Failure failure) {
    Reducer reducer = new Reducer(failure, config.log());
    Program small = reducer.reduce(program);
    Outcome check = reducer.outcome(small);
    Failure reducedFailure = check == null || check.first() == null ? failure : check.first();
    String source = Regressions.source(small, reducedFailure);
    String name = Regressions.fileName(reducedFailure.kind(), program.seed);
    report.reduced.put(name, source);
    config.log().println("reduced to:\n" + source);
    if (config.saveDirectory() != null) {
      try {
        Files.createDirectories(config.saveDirectory());
        Files.writeString(config.saveDirectory().resolve(name), source);
      } catch (IOException e) {
        config.log().println("cannot save " + name + ": " + e);
      }
    }
  }
}
