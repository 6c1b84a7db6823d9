// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 3165365036265784921
// sizes: n=3 m=2
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F201xGrad.java:51: error: unexpected type
// found:   required: variable
// found:   found:    value
// found: /SOURCE_OUTPUT/fuzz/F201xGrad.java:67: error: unexpected type
// found:   required: variable
// found:   found:    value
// fixed: ExpressionTranslator.literal prefixed "-" to the literal -2 (javac reads "-2" as one
// fixed: literal), writing --2 for "- -2"
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F201x {
  @Differentiable
  static double h(boolean[] mask, double[] xs) {
    var c = - -2;
    return 1.0;
  }
}

