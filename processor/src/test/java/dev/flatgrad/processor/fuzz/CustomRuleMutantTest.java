package dev.flatgrad.processor.fuzz;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.flatgrad.processor.fuzz.Mutator.Mutant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A syntax mutant that deletes a line of a custom rule's pullback may still compile: its
 * gradient is then the user's own wrong one. The malformed-input fuzzer used to report that as a
 * flatgrad failure; such mutants are marked, and only flatgrad's own faults are checked on them.
 */
class CustomRuleMutantTest {

  @Test
  void deletingALineOfACustomPullbackIsNoFlatgradFailure() {
    Model.Program program = programCalling("nrm(");
    String source = program.render();
    String[] lines = source.split("\n", -1);
    int line = 0;
    while (!lines[line].contains("gradV[i] += upstream")) {
      line++;
    }
    String[] deleted = Mutator.deleteLine(source, line);
    assertThat(deleted[0]).contains(Mutator.IN_CUSTOM_RULE);
    Mutant mutant = new Mutant(deleted[0], program.mainClass(), deleted[1], true, program.n,
        program.m, program.seed, null);

    MalformedCheck.Result result = MalformedCheck.check(List.of(mutant)).get(0);

    assertWithMessage("flatgrad accepted the mutant").that(result.accepted()).isTrue();
    assertWithMessage("problems").that(result.problems()).isEmpty();
  }

  @Test
  void onlyCustomRulesAreMarked() {
    String source = programCalling("nrm(").render();
    List<String> lines = List.of(source.split("\n", -1));
    int header = lines.indexOf(lines.stream().filter(l -> l.contains("static double nrmPullback("))
        .findFirst().orElseThrow());
    assertThat(Mutator.customRuleLines(source)).contains(header + 1);
    int call = lines.size() - 1;
    while (!lines.get(call).contains("nrm(") || lines.get(call).contains("static")
        || Mutator.customRuleLines(source).contains(call)) {
      call--;
    }
    assertThat(Mutator.deleteLine(source, call)[0]).doesNotContain(Mutator.IN_CUSTOM_RULE);
  }

  /** The first generated program in which some method calls {@code callee}. */
  private static Model.Program programCalling(String callee) {
    for (int index = 0; ; index++) {
      Model.Program program = FuzzRun.program(FuzzTest.DEFAULT_SEED, index);
      String source = program.render();
      if (source.split(java.util.regex.Pattern.quote(callee), -1).length > 3) {
        return program;
      }
    }
  }
}
