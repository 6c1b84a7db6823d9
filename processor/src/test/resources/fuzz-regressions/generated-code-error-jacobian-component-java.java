// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 5373531251042759534
// sizes: n=2 m=1
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F6376xGrad.java:301: error: cannot find symbol
// found:   symbol:   variable util
// found:   location: record component java of type double[]
// found: /SOURCE_OUTPUT/fuzz/F6376xGrad.java:302: error: cannot find symbol
// found:   symbol:   variable util
// found:   location: record component java of type double[]
// found: /SOURCE_OUTPUT/fuzz/F6376xGrad.java:307: error: cannot find symbol
// found:   symbol:   variable util
// found:   location: record component java of type double[]
// found: /SOURCE_OUTPUT/fuzz/F6376xGrad.java:308: error: cannot find symbol
// found:   symbol:   variable util
// found:   location: record component java of type double[]
// found: / ...
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;
import static java.lang.Math.*;

class F6376x {
  @Differentiable(wrt = {"java"})
  public static double[] f(double java) {
    double[] value = {java, java, java, java};
    return value;
  }

  /** Expects fHessianVector. */
  @Differentiable
  static double step(double[][] W, double Arrays) {
    return Arrays;
  }
}
