package dev.flatgrad.processor.fuzz;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.flatgrad.processor.fuzz.Mutator.Mutant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutants that compute ∞ or NaN on the way to a result that does not depend on it: a reverse or
 * forward pass then multiplies a zero by that infinite partial (0 × ∞ = NaN), as in any AD tool,
 * and one mode's derivative is NaN where the other's, or finite differences, are finite. These
 * four came from the mutant campaign of seed 20261218; each is found in every derivative mode
 * the checker compares (gradient, tangent, pullback, Jacobian), so the malformed fuzzer must
 * recognize the pattern in all of them, and still report a finite wrong derivative.
 */
class NonFiniteMutantTest {

  @ParameterizedTest
  @ValueSource(strings = {"h", "step", "loss", "model"})
  void aDeadInfinityIsNoFlatgradFailure(String method) {
    Harness.Unit unit = unit(method, SOURCES.get(method));

    Harness.Outcome outcome = new Harness().run(List.of(unit)).get(0);
    assertWithMessage("the checker sees a non-finite derivative")
        .that(outcome.failures()).isNotEmpty();
    assertWithMessage("recognized as 0 × ∞: " + outcome.failures())
        .that(outcome.failures().stream().allMatch(Checker.Failure::nonFiniteDerivative))
        .isTrue();

    MalformedCheck.Result result = MalformedCheck.check(List.of(mutant(unit))).get(0);
    assertWithMessage("flatgrad accepted the mutant").that(result.accepted()).isTrue();
    assertWithMessage("problems").that(result.problems()).isEmpty();
  }

  @Test
  void aFiniteWrongDerivativeIsStillReported() {
    Harness.Unit unit = unit("sq", """
          @Differentiable(pullback = "sqPullback")
          static double sq(double u) {
            return u * u;
          }

          static SqPullback sqPullback(double u, double upstream) {
            return new SqPullback(u * u, upstream * 3 * u);
          }

          record SqPullback(double value, double u) {}
        """);

    MalformedCheck.Result result = MalformedCheck.check(List.of(mutant(unit))).get(0);

    assertThat(result.problems()).isNotEmpty();
    assertThat(result.signature()).isEqualTo("GRADIENT sq:");
  }

  /** The four mutants, reduced, each with the point the campaign found it at. */
  private static final Map<String, String> SOURCES = Map.of(
      // exp(2^31) is ∞ and atan's derivative there 0: the tangent is 0 × ∞.
      "h", """
          @Differentiable
          public static double h(double lr, boolean flag) {
            if (flag) {
              lr = (int) 1e20;
            }
            double res = Math.atan(Math.exp(lr));
            return res;
          }
        """,
      // b / 0 is ±∞ and tanh's derivative there 0: the Jacobian's column is 0 × ∞.
      "step", """
          @Differentiable
          public static double[] step(double[] v, double x, double b) {
            b = b / 0;
            return new double[] {1.0, Math.tanh(b)};
          }
        """,
      // sqrt(x < 0) is NaN, and the branch may overwrite it: only the run knows.
      "loss", """
          @Differentiable
          static double[] loss(double x, double w, int[] idx, int k) {
            x = Math.sqrt(x);
            if (w <= 0.5) {
              x = w;
            }
            return new double[] {x, w, w};
          }
        """,
      // theta / 0 in a loop, and nothing reads theta after it.
      "model", """
          @Differentiable
          static double[] model(double y, double theta, int[] idx) {
            double q;
            q = theta;
            for (int i = 0; i < 2; i += 2) {
              theta = theta / 0;
            }
            final double[] res = {y, 1.0, q};
            return res;
          }
        """);

  private static final Map<String, Object[]> POINTS = Map.of(
      "h", new Object[] {-0.8937009751172287, true},
      "step", new Object[] {new double[] {-0.49373504244710453, -1.7859599265389114},
          1.1680320442012029, 1.6831937913694892},
      "loss", new Object[] {-1.8657980756414991, -1.869645961911762, new int[] {1, 1, 2}, 2},
      "model", new Object[] {0.7432802314712634, -0.9453352003284929, new int[] {0}},
      "sq", new Object[] {1.5});

  private static Harness.Unit unit(String method, String members) {
    String name = "Dead" + method.substring(0, 1).toUpperCase(Locale.ROOT) + method.substring(1)
        + "x";
    String source = """
        package fuzz;

        import dev.flatgrad.Differentiable;

        class %s {
        %s
        }
        """.formatted(name, members);
    return new Harness.Unit(method, "fuzz." + name, source, Set.of(name), 3, 3, 20261218L,
        Map.of(method, List.<Object[]>of(POINTS.get(method))));
  }

  private static Mutant mutant(Harness.Unit unit) {
    return new Mutant("statement (reduced from seed 20261218)", unit.mainClass(), unit.source(),
        false, unit.n(), unit.m(), unit.seed(), null);
  }
}
