package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A statement's contributions to one adjoint are summed before they are added to it: for {@code
 * lr - lr} the reverse pass adds {@code -g + g}, exactly 0. Added one at a time, a large {@code g}
 * (here about 3e7, from 27 steps that each multiply it by 1.75) left the adjoint accurate only to
 * the spacing of doubles near {@code g}, 4e-9 (found by the fuzz campaign, seed 20261451).
 */
class AdjointSumsTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Sums", """
  @Differentiable
  static double amplified(double lr) {
    double took = Math.sin(lr - lr);
    for (int i = 0; i < 27; i++) {
      took += 1.75 * Math.tanh(took);
    }
    return Math.tanh(took - lr * 0.5 + took);
  }
""");
  }

  @Test
  void aDifferenceOfAVariableWithItselfContributesExactlyNothing() {
    double lr = 0.7343008370228827;
    double half = Math.cosh(lr / 2);
    // took stays 0, so the value is tanh(-lr / 2) and d/dlr = -1 / (2 cosh^2(lr / 2)).
    assertThat((double) f.gradient("amplified", lr).get("lr"))
        .isWithin(1e-15).of(-0.5 / (half * half));
    f.check("amplified", lr);
    SecondOrderTest.checkHessianVector(f.code(), "p.Sums", "amplified", lr);
  }
}
