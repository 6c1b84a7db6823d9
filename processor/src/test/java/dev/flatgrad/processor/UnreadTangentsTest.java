package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import org.junit.jupiter.api.Test;

/**
 * Hessian-vector code computes only the tangents it uses: not the value's, which the product
 * does not return (ECJ warned about the unused {@code dot_value}).
 */
class UnreadTangentsTest {

  @Test
  void theValuesTangentIsNotComputed() {
    GeneratedCode code = GeneratedCode.compile("p.Lse", """
        package p;

        import dev.flatgrad.Differentiable;

        class Lse {
          @Differentiable
          static double lse(double[] x) {
            double a = x[0];
            for (int i = 1; i < x.length; i++) {
              a = Math.max(a, x[i]);
            }
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              s += Math.exp(x[i] - a);
            }
            return Math.log(s) + a;
          }
        }
        """);
    String product = code.generatedMethodSource("p.LseGrad",
        "LseHessianVector lseHessianVector(");
    assertWithMessage("%s", product).that(product).doesNotContain("dot_value");
    assertWithMessage("%s", product).that(product).contains("dot_grad_s");
    SecondOrderTest.checkHessianVector(code, "p.Lse", "lse",
        (Object) new double[] {0.3, -1.2, 0.8, 0.5});
  }
}
