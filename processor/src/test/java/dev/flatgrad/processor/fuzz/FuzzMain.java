package dev.flatgrad.processor.fuzz;

import java.nio.file.Path;
import java.util.List;

/**
 * Command line for long runs outside Maven, with the test classpath:
 * {@code FuzzMain run <seed> <count> <minutes> [saveDirectory]}, or {@code FuzzMain show <seed>
 * <index>} to print one generated program.
 */
public final class FuzzMain {

  private FuzzMain() {}

  public static void main(String[] args) {
    switch (args[0]) {
      case "malformed" -> {
        // FuzzMain malformed <seed> <count> <minutes> [saveDirectory]
        MalformedRun.Report report = MalformedRun.run(Long.parseLong(args[1]),
            Integer.parseInt(args[2]), Integer.getInteger("flatgrad.fuzz.batch", 10),
            Long.parseLong(args[3]) * 60_000, args.length > 4 ? Path.of(args[4]) : null,
            Integer.getInteger("flatgrad.fuzz.reductions", 30), System.out);
        System.out.println(report.summary());
      }
      case "mutant" -> {
        Mutator.Mutant mutant = MalformedRun.mutant(Long.parseLong(args[1]),
            Integer.parseInt(args[2]));
        System.out.println("// " + mutant.description());
        System.out.println(mutant.source());
      }
      case "reduce-mutant" -> {
        Mutator.Mutant mutant = MalformedRun.mutant(Long.parseLong(args[1]),
            Integer.parseInt(args[2]));
        MalformedCheck.Result result = MalformedCheck.check(List.of(mutant)).get(0);
        System.out.println(result.problems());
        if (result.kind() != null) {
          String source = MalformedRun.reduce(mutant, result.signature(), System.out);
          System.out.println(source);
          Mutator.Mutant small = mutant.withSource(source);
          System.out.println(MalformedCheck.check(List.of(small)).get(0).problems());
        }
      }
      case "show" -> System.out.println(FuzzRun.program(Long.parseLong(args[1]),
          Integer.parseInt(args[2])).render());
      case "run" -> {
        FuzzRun.Config config = new FuzzRun.Config(Long.parseLong(args[1]),
            Integer.parseInt(args[2]), Integer.getInteger("flatgrad.fuzz.batch", 25),
            Long.parseLong(args[3]) * 60_000, args.length > 4 ? Path.of(args[4]) : null,
            Integer.getInteger("flatgrad.fuzz.reductions", 30), System.out);
        FuzzRun.Report report = FuzzRun.run(config);
        System.out.println(report.summary());
      }
      case "reduce" -> {
        Model.Program program = FuzzRun.program(Long.parseLong(args[1]),
            Integer.parseInt(args[2]));
        Harness.Outcome outcome = new Harness().run(List.of(Harness.Unit.of("program",
            program))).get(0);
        System.out.println(outcome.failures());
        if (outcome.first() != null) {
          Checker.Failure failure = outcome.first();
          Reducer reducer = new Reducer(failure, System.out);
          Model.Program small = reducer.reduce(program);
          Harness.Outcome after = reducer.outcome(small);
          System.out.println(Regressions.source(small, after.first()));
        }
      }
      case "check" -> {
        // FuzzMain check <file.java>...: checks regression sources.
        for (int i = 1; i < args.length; i++) {
          try {
            String source = java.nio.file.Files.readString(Path.of(args[i]));
            System.out.println(args[i] + ": " + RegressionCheck.problems(
                Regressions.parse(args[i], source)));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }
      case "generated" -> {
        // FuzzMain generated <file.java>: prints what flatgrad generates for a source file.
        try {
          String source = java.nio.file.Files.readString(Path.of(args[1]));
          Regressions.Regression regression = Regressions.parse(args[1], source);
          Harness.Compiled compiled = Harness.compileFiles(List.of(
              com.google.testing.compile.JavaFileObjects.forSourceString(
                  regression.mainClass(), source)), true);
          if (compiled.crash() != null) {
            compiled.crash().printStackTrace(System.out);
            break;
          }
          compiled.compilation().diagnostics().forEach(d -> System.out.println(
              Harness.describe(d)));
          for (javax.tools.JavaFileObject file : compiled.compilation().generatedSourceFiles()) {
            System.out.println("// " + file.getName());
            System.out.println(file.getCharContent(true));
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.exit(0);
  }
}
