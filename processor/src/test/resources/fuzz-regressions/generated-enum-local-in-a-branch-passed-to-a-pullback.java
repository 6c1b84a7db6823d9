// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 7124131634842995139
// sizes: n=3 m=1
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F91xGrad.java:40: error: cannot find symbol
// found:   symbol:   variable dev_2
// found:   location: class fuzz.F91xGrad
// found: /SOURCE_OUTPUT/fuzz/F91xGrad.java:79: error: cannot find symbol
// found:   symbol:   variable dev_2
// found:   location: class fuzz.F91xGrad
// found: /SOURCE_OUTPUT/fuzz/F91xGrad.java:157: error: cannot find symbol
// found:   symbol:   variable dev_2
// found:   location: class fuzz.F91xGrad
// found: /SOURCE_OUTPUT/fuzz/F91xGrad.java:217: error: cannot find symbol
// found:   symbol:   variable dev_2
// found:   location: class fuzz.F91xGrad
// fixed: variables of enum (and String) type that the reverse pass reads were not hoisted out
// fixed: of the branch declaring them, and an enum overwritten in a loop was not saved
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F91x {
  enum Mode {
    LO, MID, HI;

    public boolean isFirst() {
      return this == LO;
    }

    double sign() {
      if (this == LO) {
        return 1.0;
      }
      return -1.0;
    }

    int weight(int k) {
      return this == LO ? k : 2 * k;
    }

    public double scale() {
      switch (this) {
        case LO:
          return 0.25;
        case MID:
          return 0.5;
        default:
          return 1.0;
      }
    }
  }

  /** Expects fHessianVector. */
  @Differentiable(wrt = "lr")
  public static double f(Mode kind, int[] idx, boolean[] keep, double lr, int level) {
    if (level <= 0) {
      return lr;
    }
    Mode dev = kind;
    double acc;
    acc = F91x.In.h(idx, lr, dev);
    return acc;
  }

  static class In {
    /** Expects fHessianVector. */
    @Differentiable
    static double h(int[] perm, double t, Mode mode) {
      return t;
    }
  }
}
