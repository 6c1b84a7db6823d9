// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: INTERNAL_ERROR
// seed: 1
// sizes: n=3 m=2
// expect: diagnostics
// found: mutant 95 of seed 1 (statement switch (1) { case 0: break; default: break; }): INTERNAL_ERROR fuzz/F95x.java:4: error: flatgrad could not differentiate h because of an internal error (java.lang.NullPointerException: Cannot invoke "dev.flatgrad.processor.frontend.BodyTranslator$LoopFlags.broke()" because the return value of "java.util.Deque.peek()" is null). This is a bug in flatgrad: please report it with this method's source.
// fixed: BodyTranslator.notExited looked up the loop of a break that is in no loop (it is the
// fixed: switch's, and the switch was already reported as unsupported)
package fuzz;

import dev.flatgrad.Differentiable;

class F95x {
  @Differentiable
  static double h(int k, boolean[] mask, double x, double w) {
    switch (1) { case 0: break; default: break; }
    int pulled = 0;
    return x;
  }

  @Differentiable
  static double outside(double x) {
    if (x > 0) {
      break;
    }
    x = x * 2;
    return x;
  }
}
