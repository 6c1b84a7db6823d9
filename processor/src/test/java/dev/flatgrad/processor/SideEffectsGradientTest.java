package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Assignments, {@code ++} and {@code --} inside expressions, and switch expressions, with Java's
 * order of evaluation and short-circuit semantics. Each method is checked against central finite
 * differences of the user's own method (value, gradient, tangent, Hessian-vector product, an
 * empty tape).
 */
class SideEffectsGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Effects", """
  @Differentiable
  static double postIncrementIndex(double[] x) {
    double[] y = new double[x.length];
    int k = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] > 0) {
        y[k++] = x[i] * x[i];
      }
    }
    int j = 0;
    while (j < k) {
      y[j++] += Math.sin(y[j - 1]);
    }
    double s = 0;
    for (int i = 0; i < k; i++) {
      s += y[i] * (i + 1);
    }
    return s;
  }

  @Differentiable
  static double countDown(double x, int n) {
    double s = x;
    while (n-- > 0) {
      s = Math.sin(s) * x + n;
    }
    int m = 3;
    do {
      s = s * 0.9 + x;
    } while (--m > 0);
    return s;
  }

  @Differentiable
  static double effectfulConditionsWithJumps(double x, int n) {
    double s = x;
    for (int i = 0; i++ < n; s += 0.1) {
      if (i == 2) {
        continue;
      }
      s = s * Math.cos(s) + x;
      if (s > 5) {
        break;
      }
    }
    int m = n;
    do {
      if (m == 3) {
        continue;
      }
      s = Math.sin(s) * x;
    } while ((m -= 1) > 0);
    return s;
  }

  @Differentiable
  static double assignmentInACondition(double x) {
    double y;
    if ((y = x * 2) > 0) {
      return y * y;
    }
    while ((y = y + 1) < 0) {
      x = x * Math.exp(y);
    }
    return x;
  }

  @Differentiable
  static double chained(double x, double y) {
    double a;
    double b;
    a = b = x * y;
    double s = 0;
    double t;
    s += t = x * Math.exp(y);
    return a * b + s * t;
  }

  @Differentiable
  static double orderOfEvaluation(double x, int i) {
    double[] v = {x, 2 * x, x * x, 3};
    double r = v[i] * v[i++] + v[i] * (i = 0) + v[i];
    int k = 1;
    double q = k + v[k++] * v[k];
    return r + q;
  }

  @Differentiable
  static double shortCircuit(double x, int n) {
    int calls = 0;
    double s = x;
    for (int i = 0; i < 6; i++) {
      if (i % 2 == 0 && ++calls < n) {
        s = s * Math.cos(s) + x;
      }
      if (i > 3 || calls++ > 1) {
        s = s + 0.5 * x;
      }
      s = calls > n ? s * x : s;
    }
    int c = 0;
    double pick = x > 1 ? (c += 2) * x : (c -= 1) * s;
    return s + pick * c + calls;
  }

  @Differentiable
  static double switchExpressions(double x, int k) {
    double y = switch (k) {
      case 0 -> Math.sin(x);
      case 1, 2 -> {
        double t = x * x;
        yield t * k;
      }
      default -> -x;
    };
    int w = switch (k % 3) {
      case 0:
        yield 5;
      case 1:
        yield 7;
      default:
        yield k;
    };
    return y * w + switch (k) { case 2 -> x; default -> 1; };
  }

  @Differentiable
  static double switchExpressionInALoop(double[] x, int[] ops) {
    double s = 1;
    for (int i = 0; i < x.length; i++) {
      s = switch (ops[i]) {
        case 0 -> s * x[i];
        case 1 -> Math.sin(s + x[i]);
        default -> {
          if (s > 1) {
            yield s - x[i] * x[i];
          }
          yield s * Math.exp(x[i]);
        }
      };
    }
    return s;
  }
""");
  }

  @Test
  void postIncrementAsAnIndex() {
    double[] x = {0.3, -1.2, 0.7, 2.1, -0.4, 0.9};
    f.check("postIncrementIndex", (Object) x);
    SecondOrderTest.checkHessianVector(f.code(), "p.Effects", "postIncrementIndex", (Object) x);
  }

  @Test
  void decrementInALoopCondition() {
    for (int n = 0; n <= 4; n++) {
      f.check("countDown", 0.7, n);
      SecondOrderTest.checkHessianVector(f.code(), "p.Effects", "countDown", 0.7, n);
    }
  }

  @Test
  void effectfulConditionsWithBreakAndContinue() {
    for (int n = 0; n <= 5; n++) {
      f.check("effectfulConditionsWithJumps", 0.7, n);
      f.check("effectfulConditionsWithJumps", 3.1, n);
      SecondOrderTest.checkHessianVector(f.code(), "p.Effects", "effectfulConditionsWithJumps",
          0.7, n);
    }
  }

  @Test
  void anAssignmentInAConditionAsInJava() {
    for (double x : new double[] {0.7, -1.3, -2.6}) {
      f.check("assignmentInACondition", x);
      SecondOrderTest.checkHessianVector(f.code(), "p.Effects", "assignmentInACondition", x);
    }
  }

  @Test
  void chainedAndNestedAssignments() {
    f.check("chained", 0.7, -0.3);
    SecondOrderTest.checkHessianVector(f.code(), "p.Effects", "chained", 0.7, -0.3);
  }

  @Test
  void operandsAreEvaluatedLeftToRight() {
    for (int i = 0; i <= 2; i++) {
      f.check("orderOfEvaluation", 0.7, i);
      SecondOrderTest.checkHessianVector(f.code(), "p.Effects", "orderOfEvaluation", 0.7, i);
    }
    // i = 1: v[1] * v[1] + v[2] * 0 + v[0]; k: 1 + v[1] * v[2].
    double x = 0.7;
    assertThat(f.value("orderOfEvaluation", x, 1))
        .isWithin(1e-12).of(4 * x * x + x + 1 + 2 * x * x * x);
  }

  @Test
  void shortCircuitSkipsTheSideEffectsOfTheOperandNotTaken() {
    for (int n = 0; n <= 4; n++) {
      f.check("shortCircuit", 0.7, n);
      f.check("shortCircuit", 1.3, n);
      SecondOrderTest.checkHessianVector(f.code(), "p.Effects", "shortCircuit", 0.7, n);
    }
  }

  @Test
  void switchExpressionsOfBothForms() {
    for (int k = -1; k <= 4; k++) {
      f.check("switchExpressions", 0.6, k);
      SecondOrderTest.checkHessianVector(f.code(), "p.Effects", "switchExpressions", 0.6, k);
    }
  }

  @Test
  void aSwitchExpressionInALoopWithTapedValues() {
    double[] x = {0.3, -0.7, 0.5, 1.1, 0.2};
    int[] ops = {0, 1, 2, 2, 0};
    f.check("switchExpressionInALoop", x, ops);
    f.check("switchExpressionInALoop", x, new int[] {2, 2, 1, 0, 2});
    SecondOrderTest.checkHessianVector(f.code(), "p.Effects", "switchExpressionInALoop", x, ops);
  }
}
