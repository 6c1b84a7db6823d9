package dev.flatgrad.processor.fuzz;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The bugs the fuzzers found that are not fixed yet, one test each on its reduced program in
 * {@code src/test/resources/fuzz-regressions}. Each is {@code @Disabled} with the reason; with
 * the fix, delete the test here, the {@code // open:} lines of the file (FuzzRegressionTest then
 * checks it on every build) and the entry in {@link Generator#KNOWN_BUGS}.
 */
class FuzzKnownBugsTest {

  @Test
  @Disabled("open: a local array declared at the top level after a return is rejected with"
      + " 'declare local arrays at the top level': what follows a return is translated in a"
      + " nested block guarded by !returned")
  void localArrayAfterAnEarlyReturn() {
    FuzzRegressionTest.check("rejected-ce45a342c10ffb55.java");
  }

  @Test
  @Disabled("open: double s; if (c) continue; else s = 1; s += s; compiles, but the generated"
      + " code does not: jumps become flags, and the declaration has no initializer, so javac"
      + " cannot prove s definitely assigned in the generated code")
  void variableAssignedInTheBranchThatDoesNotJump() {
    FuzzRegressionTest.check("generated-code-error-e816e3b6f608968d.java");
  }

  @Test
  @Disabled("open: a user method named fPullback(double x, double upstream) next to f(double x):"
      + " f's pullback and fPullback's gradient are both FGrad.fPullback(double, double), and"
      + " the generated class does not compile")
  void userMethodNamedLikeAGeneratedPullback() {
    FuzzRegressionTest.check("malformed-generated-code-error-pullback-name-clash.java");
  }
}
