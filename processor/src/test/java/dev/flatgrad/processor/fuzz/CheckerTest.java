package dev.flatgrad.processor.fuzz;

import static com.google.common.truth.Truth.assertThat;

import dev.flatgrad.processor.fuzz.Checker.Kind;
import dev.flatgrad.processor.fuzz.Harness.Outcome;
import dev.flatgrad.processor.fuzz.Harness.Unit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fuzzers' oracle: it must report wrong gradients and values, and only those. */
class CheckerTest {

  private static Outcome check(String members, Map<String, List<Object[]>> points) {
    String source = """
        package fuzz;

        import dev.flatgrad.Activations;
        import dev.flatgrad.Differentiable;

        class Oracle {
        %s
        }
        """.formatted(members);
    Unit unit = new Unit("oracle", "fuzz.Oracle", source, Set.of("Oracle"), 2, 2, 7, points);
    return new Harness().run(List.of(unit)).get(0);
  }

  @Test
  void kinksExactlyAtThePointAreNotReported() {
    Outcome outcome = check("""
          @Differentiable
          static double relu(double x) {
            return Activations.relu(x);
          }

          @Differentiable
          static double abs(double x) {
            return 1 + Math.abs(x);
          }

          @Differentiable
          static double min(double x, double y) {
            return Math.min(x, y) + x;
          }

          @Differentiable
          static double branch(double x) {
            return x > 0.5 ? x * x : x;
          }
        """, Map.of(
            "relu", List.<Object[]>of(new Object[] {0.0}),
            "abs", List.<Object[]>of(new Object[] {0.0}),
            "min", List.<Object[]>of(new Object[] {-1.5, -1.5}),
            "branch", List.<Object[]>of(new Object[] {0.5})));
    assertThat(outcome.failures()).isEmpty();
    assertThat(outcome.stats().nonSmooth).isAtLeast(4);
  }

  @Test
  void aWrongGradientIsReported() {
    Outcome outcome = check("""
          @Differentiable(pullback = "sqPullback")
          static double sq(double u) {
            return u * u;
          }

          record SqPullback(double value, double u) {}

          static SqPullback sqPullback(double u, double upstream) {
            return new SqPullback(u * u, upstream * 2.001 * u);
          }
        """, Map.of());
    assertThat(outcome.failures()).isNotEmpty();
    assertThat(outcome.failures().get(0).kind()).isEqualTo(Kind.GRADIENT);
    assertThat(outcome.failures().get(0).nonFiniteDerivative()).isFalse();
  }

  @Test
  void aNaNGradientIsReportedAndRecognizedAsNonFinite() {
    // 0 * inf off the result's path: what the malformed fuzzer's mutants may compute.
    Outcome outcome = check("""
          @Differentiable(pullback = "sqPullback")
          static double sq(double u) {
            return u * u;
          }

          record SqPullback(double value, double u) {}

          static SqPullback sqPullback(double u, double upstream) {
            return new SqPullback(u * u, upstream * 2 * u + 0 * (1 / 0.0));
          }
        """, Map.of());
    assertThat(outcome.failures()).isNotEmpty();
    assertThat(outcome.failures().get(0).nonFiniteDerivative()).isTrue();
  }

  @Test
  void aFunctionOscillatingFasterThanTheStepsIsNotReported() {
    // theta squared eight times is 1.9e14 here, whose ulp already changes sin: the differences
    // sample noise of size 1e-14 while the derivative is -144 (mutant campaign, seed 20261219).
    Outcome outcome = check("""
          @Differentiable
          static double chaotic(double theta) {
            for (int i = 0; i < 8; i++) {
              theta = Math.fma(theta, theta, theta);
            }
            return 1.0 / theta * Math.sin(theta);
          }
        """, Map.of("chaotic", List.<Object[]>of(new Object[] {0.45344221926850947})));
    assertThat(outcome.failures()).isEmpty();
  }

  @Test
  void aWrongDerivativeOfAFlatFunctionIsReported() {
    Outcome outcome = check("""
          @Differentiable(pullback = "flatPullback")
          static double flat(double u) {
            return 5.0 + 0 * u;
          }

          record FlatPullback(double value, double u) {}

          static FlatPullback flatPullback(double u, double upstream) {
            return new FlatPullback(5.0, upstream * 1e-3);
          }
        """, Map.of());
    assertThat(outcome.failures()).isNotEmpty();
    assertThat(outcome.failures().get(0).kind()).isEqualTo(Kind.GRADIENT);
  }

  @Test
  void aValueOffByOneUlpIsReported() {
    Outcome outcome = check("""
          @Differentiable(pullback = "sqPullback")
          static double sq(double u) {
            return u * u;
          }

          record SqPullback(double value, double u) {}

          static SqPullback sqPullback(double u, double upstream) {
            return new SqPullback(Math.nextUp(u * u), upstream * 2 * u);
          }
        """, Map.of());
    assertThat(outcome.failures()).isNotEmpty();
    assertThat(outcome.failures().get(0).kind()).isEqualTo(Kind.VALUE);
  }

  @Test
  void aWrongArrayGradientInAPullbackIsReported() {
    Outcome outcome = check("""
          @Differentiable(pullback = "sumPullback")
          static double sum(double[] v) {
            return v[0] + v[1];
          }

          static double sumPullback(double[] v, double upstream, double[] gradV) {
            gradV[0] += upstream;
            return v[0] + v[1];
          }
        """, Map.of());
    assertThat(outcome.failures()).isNotEmpty();
    assertThat(outcome.failures().get(0).kind()).isEqualTo(Kind.GRADIENT);
  }
}
