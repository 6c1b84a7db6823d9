// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: -1722939432471325043
// sizes: n=4 m=2
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F144xGrad.java:34: error: variable s might not have been initialized
// found: /SOURCE_OUTPUT/fuzz/F144xGrad.java:73: error: variable s might not have been initialized
// open: the generated code does not compile: javac cannot prove s definitely assigned.
// open: Java sees that the branch with continue cannot complete normally, so s is assigned
// open: after the if. flatgrad turns continue (break, return) into a flag and guards what
// open: follows with if (!continued); the declaration is emitted as "double s;" without a
// open: value, so in the generated code s is not definitely assigned at "s += s". Fix: give
// open: Stmt.Declare a zero initializer, or track definite assignment in the frontend.
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F144x {
  @Differentiable
  public static double f(double[] xs, double[] a, boolean[] mask) {
    for (int i = 1; i < 4; i++) {
      double s;
      if (true) {
        continue;
      } else {
        s = 1.0;
      }
      s += s;
    }
    return 1.0;
  }
}
