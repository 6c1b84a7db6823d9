package dev.flatgrad.processor.fuzz;

import dev.flatgrad.processor.fuzz.Checker.Failure;
import dev.flatgrad.processor.fuzz.Checker.Kind;
import dev.flatgrad.processor.fuzz.Harness.Outcome;
import dev.flatgrad.processor.fuzz.Harness.Unit;
import dev.flatgrad.processor.fuzz.Regressions.Regression;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks one saved regression source the way the fuzzer checked it when it failed. */
final class RegressionCheck {

  private RegressionCheck() {}

  /** The problems with {@code regression} today; empty when it passes. */
  static List<String> problems(Regression regression) {
    if (regression.expect().equals("diagnostics")) {
      return MalformedCheck.problems(regression);
    }
    Set<String> classes = new LinkedHashSet<>();
    Matcher matcher = Pattern.compile("^(?:[a-z]+ )*class (\\w+)", Pattern.MULTILINE)
        .matcher(regression.source());
    while (matcher.find()) {
      classes.add(matcher.group(1));
    }
    Unit unit = new Unit(regression.name(), regression.mainClass(), regression.source(),
        classes, regression.n(), regression.m(), regression.seed(), Map.of());
    Outcome outcome = new Harness().run(List.of(unit)).get(0);
    List<String> problems = new ArrayList<>();
    for (Failure failure : outcome.failures()) {
      problems.add(failure.toString());
    }
    if (outcome.stats().methods == 0 && outcome.failures().isEmpty()) {
      problems.add("no @Differentiable method was checked");
    }
    return problems;
  }

  static boolean isFlatgradBug(Failure failure) {
    return failure.kind() != Kind.INVALID_PROGRAM;
  }
}
