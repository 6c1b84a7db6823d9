package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a loop whose condition is constant true ({@code while (true)}, {@code for (;;)},
 * {@code do ... while (!false)}, {@code while (true ^ false)}) and that nothing leaves but a
 * throw never ends, so javac rejects any statement after it. The forward pass used to save the
 * loop's trip count or a branch's decision right there, which javac rejected in the generated
 * code; the branches that do end are differentiated as usual.
 */
class EndlessLoopsTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Endless", """
  @Differentiable
  static double spins(double x) {
    double s = x;
    if (x > 100) {
      while (true) {
        s = s * 0.5;
      }
    }
    return s * s;
  }

  @Differentiable
  static double throwsOut(double x) {
    double s = x;
    if (x > 100) {
      for (;;) {
        s = s * 0.5;
        if (s < 1e-300) {
          throw new IllegalStateException("underflow at " + s);
        }
      }
    }
    return Math.sin(s) * s;
  }

  @Differentiable
  static double nested(double x, double[] w) {
    double s = x;
    if (x > 100) {
      do {
        s = s * 0.5;
      } while (!false);
    } else {
      for (int i = 0; i < w.length; i++) {
        s = s * x + w[i];
        if (s > 1e300) {
          while (true ^ false) {
            s = s + 1;
          }
        }
      }
    }
    return s * s;
  }

  static final boolean FOREVER = true;
  static final int LIMIT = 3;

  // A constant field is a constant expression to javac as a literal is: both loops never end.
  @Differentiable
  static double onAConstantField(double x) {
    double s = x;
    if (x > 100) {
      while (FOREVER) {
        s = s * 0.5;
        if (s < 1e-300) {
          throw new IllegalStateException("underflow");
        }
      }
    } else if (x < -100) {
      while (LIMIT > 2 && !!FOREVER) {
        s = s + 1;
      }
    }
    return Math.sin(s) * s;
  }
""");
  }

  @Test
  void theBranchThatEndsIsDifferentiated() {
    f.check("spins", 0.7);
    f.check("throwsOut", 1.3);
    SecondOrderTest.checkHessianVector(f.code(), "p.Endless", "throwsOut", 1.3);
    assertThat((double) f.gradient("spins", 0.7).get("x")).isWithin(1e-15).of(1.4);
  }

  @Test
  void anEndlessLoopNestedInALoopsBranch() {
    double[] w = {0.5, -1.2, 0.8};
    f.check("nested", 0.4, w);
    SecondOrderTest.checkHessianVector(f.code(), "p.Endless", "nested", 0.4, w);
  }

  @Test
  void anEndlessLoopOnAConstantField() {
    f.check("onAConstantField", 1.3);
    SecondOrderTest.checkHessianVector(f.code(), "p.Endless", "onAConstantField", 1.3);
    Throwable thrown = assertThrows(AssertionError.class,
        () -> f.gradient("onAConstantField", 1e3)).getCause();
    assertThat(thrown).hasMessageThat().isEqualTo("underflow");
  }

  @Test
  void theLoopsThatLeaveByThrowingThrowTheUsersException() {
    // 1e-300 is reached after about 1,000 halvings of 1e3.
    Throwable thrown = assertThrows(AssertionError.class,
        () -> f.gradient("throwsOut", 1e3)).getCause();
    assertThat(thrown).isInstanceOf(IllegalStateException.class);
    assertThat(thrown).hasMessageThat().startsWith("underflow at ");
  }
}
