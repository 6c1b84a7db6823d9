package dev.flatgrad.processor.fuzz;

import dev.flatgrad.processor.fuzz.MalformedCheck.Result;
import dev.flatgrad.processor.fuzz.Mutator.Mutant;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A malformed-input fuzzing run: valid programs from the generator, each mutated, compiled in
 * batches (syntax errors alone, since javac does not run processors on a batch that does not
 * parse), checked by {@link MalformedCheck}; failures reduced line by line and saved.
 */
final class MalformedRun {

  private MalformedRun() {}

  static final class Report {
    int mutants;
    int accepted;
    int rejected;
    int cascades;
    long millis;
    final List<Result> failures = new ArrayList<>();
    final Map<String, Integer> byKind = new TreeMap<>();
    final Map<String, String> reduced = new LinkedHashMap<>();

    String summary() {
      StringBuilder out = new StringBuilder("%d mutants: %d compiled (their gradients checked),"
          .formatted(mutants, accepted) + " %d ended in errors (%d of them with follow-on"
          .formatted(rejected, cascades) + " errors in generated code), %d failed, in %.1f s\n"
          .formatted(failures.size(), millis / 1000.0));
      byKind.forEach((kind, count) -> out.append("  ").append(kind).append(": ").append(count)
          .append('\n'));
      return out.toString();
    }
  }

  static Mutant mutant(long seed, int index) {
    Model.Program program = FuzzRun.program(seed, index);
    return new Mutator(FuzzRun.programSeed(seed, index) ^ 0x5DEECE66DL).mutate(program);
  }

  static Report run(long seed, int count, int batch, long budgetMillis, Path save,
      int maxReductions, PrintStream log) {
    long start = System.currentTimeMillis();
    Report report = new Report();
    for (int first = 0; first < count; first += batch) {
      if (System.currentTimeMillis() - start > budgetMillis) {
        log.println("time budget spent after " + report.mutants + " mutants");
        break;
      }
      List<Mutant> together = new ArrayList<>();
      List<Result> results = new ArrayList<>();
      for (int i = first; i < Math.min(first + batch, count); i++) {
        Mutant mutant = mutant(seed, i);
        if (mutant.syntax()) {
          results.addAll(MalformedCheck.check(List.of(mutant)));
        } else {
          together.add(mutant);
        }
      }
      if (!together.isEmpty()) {
        results.addAll(MalformedCheck.check(together));
      }
      for (Result result : results) {
        report.mutants++;
        if (result.accepted()) {
          report.accepted++;
        } else {
          report.rejected++;
        }
        if (result.cascade()) {
          report.cascades++;
        }
        if (!result.problems().isEmpty()) {
          report.failures.add(result);
          report.byKind.merge(result.kind(), 1, Integer::sum);
          log.println("FAILED " + result.mutant().mainClass() + " (" + result.mutant()
              .description() + "): " + shorten(result.problems().get(0)));
          if (report.reduced.size() < maxReductions) {
            reduceAndSave(result, report, save, log);
          }
        }
      }
      if ((first / batch) % 20 == 19) {
        log.println(report.mutants + " mutants, " + report.failures.size() + " failed, "
            + (System.currentTimeMillis() - start) / 1000 + " s");
      }
    }
    report.millis = System.currentTimeMillis() - start;
    return report;
  }

  static String shorten(String text) {
    return text.length() > 400 ? text.substring(0, 400) + " ..." : text;
  }

  private static void reduceAndSave(Result result, Report report, Path save, PrintStream log) {
    String kind = result.kind();
    Mutant mutant = result.mutant();
    String source = reduce(mutant, result.signature(), log);
    Mutant small = mutant.withSource(source);
    List<Result> again = MalformedCheck.check(List.of(small));
    String found = again.get(0).problems().isEmpty() ? result.problems().get(0)
        : again.get(0).problems().get(0);
    boolean gradients = result.accepted();
    String text = Regressions.header(kindOf(kind), mutant.seed(), mutant.n(), mutant.m(),
        gradients ? "gradients" : "diagnostics", "mutant (" + mutant.description() + "): "
            + found) + source;
    String name = "malformed-" + kind.toLowerCase(Locale.ROOT).replace('_', '-') + "-"
        + Long.toHexString(mutant.seed()) + ".java";
    report.reduced.put(name, text);
    log.println("reduced to:\n" + text);
    if (save != null) {
      try {
        Files.createDirectories(save);
        Files.writeString(save.resolve(name), text);
      } catch (IOException e) {
        log.println("cannot save " + name + ": " + e);
      }
    }
  }

  private static Checker.Kind kindOf(String kind) {
    try {
      return Checker.Kind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      return Checker.Kind.INTERNAL_ERROR; // UNPOSITIONED: diagnostics checks anyway
    }
  }

  /** The model reducer first when the mutant has a model, then line by line. */
  static String reduce(Mutant mutant, String signature, PrintStream log) {
    Mutant current = mutant;
    if (mutant.program() != null) {
      Model.Program small = new Reducer(program -> signature.equals(MalformedCheck.check(
          List.of(mutant.withProgram(program))).get(0).signature()), log)
          .reduce(mutant.program());
      current = mutant.withProgram(small);
    }
    return reduceLines(current, signature, log);
  }

  /** Deletes chunks of lines (halves, quarters, ... single ones) while the problem stays. */
  static String reduceLines(Mutant mutant, String signature, PrintStream log) {
    long deadline = System.currentTimeMillis()
        + Long.getLong("flatgrad.fuzz.reduceSeconds", 300) * 1000;
    List<String> lines = new ArrayList<>(List.of(mutant.source().split("\n", -1)));
    int tries = 0;
    for (int chunk = lines.size() / 2; chunk >= 1; chunk /= 2) {
      for (int from = lines.size() - chunk; from >= 0; from -= chunk) {
        if (System.currentTimeMillis() > deadline) {
          break;
        }
        if (from + chunk > lines.size()) {
          continue;
        }
        List<String> candidate = new ArrayList<>(lines);
        candidate.subList(from, from + chunk).clear();
        String source = String.join("\n", candidate);
        tries++;
        Mutant smaller = mutant.withSource(source);
        if (signature.equals(MalformedCheck.check(List.of(smaller)).get(0).signature())) {
          lines = candidate;
        }
      }
    }
    log.println("reduced " + mutant.source().length() + " to " + String.join("\n", lines)
        .length() + " characters in " + tries + " tries");
    return String.join("\n", lines);
  }
}
