package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code switch} statements on {@code int} (both forms, fall-through, default anywhere, break and
 * continue inside loops) and labeled {@code break}/{@code continue}. Each method is checked against
 * central finite differences of the user's own method (value, gradient, tangent, Hessian-vector
 * product, an empty tape), at selector values that take every case.
 */
class SwitchGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Switches", """
  static final int TWO = 2;

  @Differentiable
  static double classic(double x, int k) {
    double y = x;
    switch (k) {
      case 0:
        y = Math.sin(x);
        break;
      case 1:
      case TWO:
        y = x * x * k;
        break;
      default:
        y = Math.exp(x);
    }
    return y * x;
  }

  @Differentiable
  static double arrows(double x, int k) {
    double y = 0;
    switch (k % 3) {
      case 0 -> y = Math.sin(x);
      case 1 -> {
        double t = x * x;
        y = t * t;
      }
      default -> y = -x;
    }
    return y + x;
  }

  @Differentiable
  static double fallThrough(double x, int k) {
    double y = 1;
    switch (k) {
      case 3:
        y = y * x;
      case 1:
        y = y * Math.cos(x);
        if (x > 1) {
          break;
        }
      default:
        y = y + x * x;
        break;
      case 7:
        y = y - x;
    }
    return y;
  }

  @Differentiable
  static double insideALoop(double[] w, int[] ops) {
    double s = 1;
    for (int i = 0; i < ops.length; i++) {
      switch (ops[i]) {
        case 0:
          s = Math.sin(s * w[i]);
          break;
        case 1:
          if (s < 0) {
            continue;
          }
          s = s * s + w[i];
          break;
        case 2:
          s = Math.exp(-s) * w[i];
          // falls through
        case 3:
          s = s + w[i] * s;
          break;
        default:
          s = s - 1;
      }
      s = s * 0.9 + 0.1;
    }
    return s;
  }

  @Differentiable
  static double returnsFromACase(double x, int k) {
    for (int i = 0; i < 3; i++) {
      switch (k + i) {
        case 4:
          return x * x * i;
        default:
          x = Math.sin(x) + 1;
      }
    }
    return x;
  }

  @Differentiable
  static double labeled(double[] x) {
    double s = 0;
    outer:
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        if (j > i) {
          continue outer;
        }
        s += Math.sin(x[i] * x[j]) * s + x[j];
        if (s > 3) {
          break outer;
        }
      }
      s = s * 0.5;
    }
    return s;
  }

  @Differentiable
  static double labeledWhileAndBlock(double x, int n) {
    double s = x;
    int i = 0;
    done:
    {
      loop:
      while (i < n) {
        i++;
        int j = 0;
        do {
          j++;
          if (j == 2) {
            continue loop;
          }
          s = s * Math.cos(s) + x;
          if (s > 10) {
            break done;
          }
        } while (j < 5);
      }
      s = s * s;
    }
    return s;
  }

  @Differentiable
  static double breakOutOfLoopFromSwitch(double x, int[] ops) {
    double s = x;
    scan:
    for (int op : ops) {
      switch (op) {
        case 0 -> s = s * s;
        case 1 -> {
          break scan;
        }
        default -> s = Math.sin(s);
      }
    }
    return s;
  }
""");
  }

  @Test
  void classicCasesWithBreak() {
    for (int k = -1; k <= 3; k++) {
      f.check("classic", 0.7, k);
      SecondOrderTest.checkHessianVector(f.code(), "p.Switches", "classic", 0.7, k);
    }
    String code = f.code().generatedMethodSource("p.SwitchesGrad", "Classic classic(");
    assertThat(code).doesNotContain("entry");
    assertThat(code).doesNotContain("broke");
  }

  @Test
  void arrowCases() {
    for (int k = 0; k <= 3; k++) {
      f.check("arrows", 0.7, k);
      SecondOrderTest.checkHessianVector(f.code(), "p.Switches", "arrows", 0.7, k);
    }
  }

  @Test
  void fallThroughAsInJava() {
    for (int k : new int[] {0, 1, 3, 7}) {
      for (double x : new double[] {0.4, 1.3}) {
        f.check("fallThrough", x, k);
        SecondOrderTest.checkHessianVector(f.code(), "p.Switches", "fallThrough", x, k);
      }
    }
    // k = 3, x = 0.4: y = x, then * cos(x), then + x * x.
    assertThat(f.value("fallThrough", 0.4, 3))
        .isWithin(1e-15).of(0.4 * Math.cos(0.4) + 0.16);
  }

  @Test
  void insideALoopWithTapedValuesBreakAndContinue() {
    double[] w = {0.3, -0.7, 0.5, 1.1, 0.2, -0.4, 0.8};
    int[] ops = {0, 1, 2, 3, 4, 1, 2};
    f.check("insideALoop", w, ops);
    SecondOrderTest.checkHessianVector(f.code(), "p.Switches", "insideALoop", w, ops);
    int[] other = {2, 1, 0, 1, 3, 0, 1};
    f.check("insideALoop", w, other);
  }

  @Test
  void aReturnInsideACase() {
    for (int k = 2; k <= 6; k++) {
      f.check("returnsFromACase", 0.6, k);
      SecondOrderTest.checkHessianVector(f.code(), "p.Switches", "returnsFromACase", 0.6, k);
    }
  }

  @Test
  void labeledBreakAndContinueLeaveNestedLoops() {
    double[] small = {0.1, 0.2, -0.3, 0.15};
    double[] large = {0.9, 1.2, 1.3, 0.8};
    f.check("labeled", (Object) small);
    f.check("labeled", (Object) large);
    SecondOrderTest.checkHessianVector(f.code(), "p.Switches", "labeled", (Object) large);
    for (int n = 0; n <= 4; n++) {
      f.check("labeledWhileAndBlock", 0.3, n);
      f.check("labeledWhileAndBlock", 2.5, n);
      SecondOrderTest.checkHessianVector(f.code(), "p.Switches", "labeledWhileAndBlock", 0.3, n);
    }
  }

  @Test
  void aLabeledBreakFromASwitchLeavesTheLoop() {
    f.check("breakOutOfLoopFromSwitch", 0.7, new int[] {0, 2, 0, 1, 0});
    f.check("breakOutOfLoopFromSwitch", 0.7, new int[] {2, 0, 2});
    SecondOrderTest.checkHessianVector(f.code(), "p.Switches", "breakOutOfLoopFromSwitch", 0.7,
        new int[] {0, 2, 0, 1, 0});
    assertThat(f.value("breakOutOfLoopFromSwitch", 0.7, new int[] {0, 1, 0}))
        .isWithin(1e-15).of(0.49);
  }
}
