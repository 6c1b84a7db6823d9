package dev.flatgrad.processor.fuzz;

import com.google.testing.compile.JavaFileObjects;
import dev.flatgrad.processor.fuzz.Checker.Failure;
import dev.flatgrad.processor.fuzz.Harness.Compiled;
import dev.flatgrad.processor.fuzz.Harness.Outcome;
import dev.flatgrad.processor.fuzz.Harness.Unit;
import dev.flatgrad.processor.fuzz.Mutator.Mutant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles mutants with flatgrad and checks that each compilation ends cleanly: in success, or in
 * errors that have a source and a position. Never an exception out of javac, never flatgrad's
 * internal-error diagnostic, never an error in generated code for a program javac accepts. A
 * mutant flatgrad accepts is a program in its subset, so its gradients are checked too.
 */
final class MalformedCheck {

  private MalformedCheck() {}

  /** What a mutant's compilation showed. */
  record Result(Mutant mutant, List<String> problems, int errors, boolean cascade,
      boolean accepted) {
    /** The first problem's kind, such as INTERNAL_ERROR; null when there is none. */
    String kind() {
      return problems.isEmpty() ? null : problems.get(0).split(" ", 2)[0];
    }

    /**
     * What a reduction keeps: the first problem's kind, and for a checked gradient also its
     * method, so that deleting lines cannot trade the bug for another method's (a custom rule's
     * body emptied is the user's own wrong derivative).
     */
    String signature() {
      if (problems.isEmpty()) {
        return null;
      }
      String[] words = problems.get(0).split(" ", 3);
      return accepted && words.length > 1 ? words[0] + " " + words[1] : words[0];
    }
  }

  /** The problems with compiling one saved program; empty when it is clean. */
  static List<String> problems(Regressions.Regression regression) {
    Mutant mutant = new Mutant("regression", regression.mainClass(), regression.source(), false,
        regression.n(), regression.m(), regression.seed(), null);
    return check(List.of(mutant)).get(0).problems();
  }

  /** Checks mutants compiled together; batches are split when one's errors hide another's. */
  static List<Result> check(List<Mutant> mutants) {
    List<JavaFileObject> files = new ArrayList<>();
    for (Mutant mutant : mutants) {
      files.add(JavaFileObjects.forSourceString(mutant.mainClass(), mutant.source()));
    }
    Compiled compiled = Harness.compileFiles(files, true);
    if (mutants.size() > 1 && (compiled.crash() != null || compiled.timedOut())) {
      return split(mutants);
    }
    if (compiled.timedOut()) {
      return List.of(new Result(mutants.get(0), List.of("TIMEOUT javac with flatgrad did not"
          + " finish"), 0, false, false));
    }
    if (compiled.crash() != null) {
      String trace = Harness.trace(compiled.crash());
      boolean flatgrad = trace.contains("dev.flatgrad.processor.");
      return List.of(new Result(mutants.get(0), flatgrad
          ? List.of("PROCESSOR_EXCEPTION " + trace) : List.of(), 0, false, false));
    }
    Map<Mutant, List<Diagnostic<? extends JavaFileObject>>> errors = new LinkedHashMap<>();
    for (Diagnostic<? extends JavaFileObject> d : compiled.compilation().diagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      Mutant owner = owner(mutants, d);
      if (owner == null) {
        if (mutants.size() > 1) {
          return split(mutants);
        }
        owner = mutants.get(0);
      }
      errors.computeIfAbsent(owner, m -> new ArrayList<>()).add(d);
    }
    List<Result> results = new ArrayList<>();
    List<Mutant> clean = new ArrayList<>();
    for (Mutant mutant : mutants) {
      List<Diagnostic<? extends JavaFileObject>> own = errors.getOrDefault(mutant, List.of());
      if (own.isEmpty()) {
        clean.add(mutant);
        continue;
      }
      List<String> problems = new ArrayList<>();
      boolean inGenerated = false;
      for (Diagnostic<? extends JavaFileObject> d : own) {
        String text = Harness.describe(d);
        if (text.contains(Harness.INTERNAL_ERROR)) {
          problems.add("INTERNAL_ERROR " + text);
        }
        if (d.getSource() == null || d.getPosition() == Diagnostic.NOPOS) {
          problems.add("UNPOSITIONED " + text);
        }
        inGenerated |= d.getSource() != null && Harness.isGenerated(d.getSource());
      }
      boolean cascade = false;
      if (inGenerated) {
        if (Harness.javacAccepts(unit(mutant))) {
          problems.add("GENERATED_CODE_ERROR " + own.stream().map(Harness::describe)
              .reduce((a, b) -> a + "\n" + b).orElse(""));
        } else {
          cascade = true; // the user's code is broken too: a follow-on error, not a bug
        }
      }
      results.add(new Result(mutant, problems, own.size(), cascade, false));
    }
    if (clean.isEmpty()) {
      return results;
    }
    if (!errors.isEmpty()) {
      // After errors javac may stop before attributing (or generating) the others: again alone.
      results.addAll(check(clean));
      return results;
    }
    // flatgrad accepted them: they are programs of its subset, so check their gradients.
    ClassLoader loader = new Harness.BytesClassLoader(
        Harness.classFiles(compiled.compilation()), MalformedCheck.class.getClassLoader());
    for (Mutant mutant : clean) {
      Unit unit = unit(mutant);
      List<Survey.MethodInfo> methods = compiled.methods().stream()
          .filter(info -> unit.topLevels().contains(info.topLevel()))
          .toList();
      Outcome outcome = Harness.checkUnit(unit, methods, loader);
      List<String> problems = new ArrayList<>();
      // A mutant that changed a custom rule's code changed the user's own derivative: wrong
      // values and gradients are then the rule's, not flatgrad's.
      boolean userDerivative = mutant.description().contains(Mutator.IN_CUSTOM_RULE);
      for (Failure failure : outcome.failures()) {
        if (failure.kind() != Checker.Kind.INVALID_PROGRAM && !failure.nonFiniteDerivative()
            && !(userDerivative && USER_DERIVATIVE_KINDS.contains(failure.kind()))) {
          problems.add(failure.kind() + " " + failure.method() + ": " + failure.detail());
        }
      }
      results.add(new Result(mutant, problems, 0, false, true));
    }
    return results;
  }

  /** What a custom rule changed by a mutant may get wrong on its own. */
  private static final Set<Checker.Kind> USER_DERIVATIVE_KINDS = Set.of(Checker.Kind.VALUE,
      Checker.Kind.GRADIENT, Checker.Kind.GRADIENT_THREW, Checker.Kind.PULLBACK,
      Checker.Kind.HESSIAN_VECTOR);

  private static List<Result> split(List<Mutant> mutants) {
    List<Result> results = new ArrayList<>();
    int half = mutants.size() / 2;
    results.addAll(check(mutants.subList(0, half)));
    results.addAll(check(mutants.subList(half, mutants.size())));
    return results;
  }

  private static final Pattern CLASS = Pattern.compile("^(?:[a-z]+ )*class (\\w+)",
      Pattern.MULTILINE);

  static Unit unit(Mutant mutant) {
    Set<String> classes = new LinkedHashSet<>();
    Matcher matcher = CLASS.matcher(mutant.source());
    while (matcher.find()) {
      classes.add(matcher.group(1));
    }
    String simple = mutant.mainClass().substring(mutant.mainClass().lastIndexOf('.') + 1);
    classes.add(simple);
    return new Unit(mutant.description(), mutant.mainClass(), mutant.source(), classes,
        mutant.n(), mutant.m(), mutant.seed(), Map.of());
  }

  private static Mutant owner(List<Mutant> mutants, Diagnostic<? extends JavaFileObject> d) {
    if (d.getSource() == null) {
      return null;
    }
    String path = d.getSource().toUri().getPath();
    String file = path.substring(path.lastIndexOf('/') + 1).replace(".java", "");
    for (Mutant mutant : mutants) {
      String main = mutant.mainClass().substring(mutant.mainClass().lastIndexOf('.') + 1);
      // Class names end in 'x' (F12x, G12x), so F1x is no prefix of F12x's files.
      String tag = main.substring(1);
      if (file.equals(main) || file.startsWith("F" + tag) || file.startsWith("G" + tag)) {
        return mutant;
      }
    }
    return null;
  }
}
