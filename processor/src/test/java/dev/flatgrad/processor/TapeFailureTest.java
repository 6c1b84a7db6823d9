package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flatgrad.Tape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A generated method that fails leaves the thread's tape as it found it: the values its callers
 * saved before the failing call are dropped, so caught failures do not pile up on the tape (they
 * used to keep every caller's values: 20,000 failures kept 272 MB, and after 65,534 every call on
 * the thread ran out of memory). And a call that needed a huge tape does not leave it on the
 * thread.
 */
class TapeFailureTest {

  private static final int FAILURES = 2_000;

  @AfterEach
  void emptyTapeForTheNextTest() {
    Tape.forThread().setDoubles(new double[64], 0);
    Tape.forThread().setInts(new int[16], 0);
  }

  @Test
  void calleeThatThrowsWhileTheCallerHoldsSavedValues() {
    GeneratedCode code = GeneratedCode.compile("p.Leak", """
        package p;

        import dev.flatgrad.Differentiable;

        class Leak {
          @Differentiable
          static double g(double[] x, int k) {
            return x[k] * x[0];
          }

          @Differentiable
          static double f(double[] x, int k) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              if (x[i] > 0) {
                s = Math.sin(s) * x[i];
              } else {
                s = Math.cos(s) + x[i];
              }
            }
            return s + g(x, k);
          }
        }
        """);
    double[] x = {0.5, -0.25, 2, 1.5, -3};
    for (int i = 0; i < FAILURES; i++) {
      assertFails(ArrayIndexOutOfBoundsException.class,
          () -> code.invokeMethodWith("p.LeakGrad", "f", x, 99));
      assertFails(ArrayIndexOutOfBoundsException.class,
          () -> code.invokeMethodWith("p.LeakGrad", "fAccumulate", x, 99, new double[5]));
    }
    assertTapeIsEmpty();
    ArrayGradientCheck.of(code, "p.Leak").check("f", x, 2); // and later calls still work
  }

  @Test
  void customRuleWhosePullbackThrows() {
    GeneratedCode code = GeneratedCode.compile("p.Rule", """
        package p;

        import dev.flatgrad.Differentiable;

        class Rule {
          @Differentiable(pullback = "checkedPullback")
          static double checked(double u) {
            return u * u;
          }

          static CheckedPullback checkedPullback(double u, double upstream) {
            if (u > 10) {
              throw new IllegalStateException("out of range: " + u);
            }
            return new CheckedPullback(u * u, 2 * u * upstream);
          }

          record CheckedPullback(double value, double u) {}

          @Differentiable
          static double f(double a, int n) {
            double s = a;
            for (int i = 0; i < n; i++) {
              s = Math.sin(s) + s * a;
            }
            return checked(s * 100);
          }
        }
        """);
    for (int i = 0; i < FAILURES; i++) {
      assertFails(IllegalStateException.class,
          () -> code.invokeMethodWith("p.RuleGrad", "f", 0.5, 20));
    }
    assertTapeIsEmpty();
  }

  @Test
  void methodSplitIntoPartsThatThrows() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      body.append("    s = Math.sin(s) * a + ").append(i % 5).append(";\n");
    }
    GeneratedCode code = GeneratedCode.compile("p.Long", """
        package p;

        import dev.flatgrad.Differentiable;

        class Long {
          @Differentiable
          static double g(double[] x, int k) {
            return x[k] * x[0];
          }

          @Differentiable
          static double f(double[] x, double a, int k) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              s = Math.tanh(s + x[i]);
            }
        %s
            return s * g(x, k);
          }
        }
        """.formatted(body));
    assertThat(code.generatedMethodSource("p.LongGrad", "F f(")).contains("frame.part1()");
    double[] x = {0.5, -0.25, 2};
    for (int i = 0; i < FAILURES; i++) {
      assertFails(ArrayIndexOutOfBoundsException.class,
          () -> code.invokeMethodWith("p.LongGrad", "f", x, 0.3, 7));
    }
    assertTapeIsEmpty();
  }

  @Test
  void hugeCallLeavesNoHugeArrayOnTheThread() {
    GeneratedCode code = GeneratedCode.compile("p.Huge", """
        package p;

        import dev.flatgrad.Differentiable;

        class Huge {
          @Differentiable
          static double chain(double[] x) {
            double h = 0;
            for (int i = 0; i < x.length; i++) {
              h = Math.sin(h + x[i]);
            }
            return h;
          }
        }
        """);
    double[] x = new double[3 * Tape.KEPT_LENGTH];
    java.util.Arrays.fill(x, 1e-3);
    code.invokeMethodWith("p.HugeGrad", "chain", (Object) x);
    assertTapeIsEmpty();
    assertThat(Tape.forThread().doubles().length).isAtMost(Tape.KEPT_LENGTH);
    // A call that needs less keeps its array from call to call.
    double[] small = new double[Tape.KEPT_LENGTH / 2 + 1];
    code.invokeMethodWith("p.HugeGrad", "chain", (Object) small);
    double[] kept = Tape.forThread().doubles();
    assertThat(kept.length).isAtLeast(small.length);
    code.invokeMethodWith("p.HugeGrad", "chain", (Object) small);
    assertThat(Tape.forThread().doubles()).isSameInstanceAs(kept);
  }

  private static void assertFails(Class<? extends Throwable> expected, Runnable call) {
    AssertionError error = assertThrows(AssertionError.class, call::run);
    assertWithMessage("what the call threw").that(error.getCause()).isInstanceOf(expected);
  }

  private static void assertTapeIsEmpty() {
    Tape tape = Tape.forThread();
    assertWithMessage("saved doubles left on the tape").that(tape.doubleCount()).isEqualTo(0);
    assertWithMessage("saved ints left on the tape").that(tape.intCount()).isEqualTo(0);
    assertWithMessage("length of the tape's array").that(tape.doubles().length)
        .isAtMost(Tape.KEPT_LENGTH);
  }
}
