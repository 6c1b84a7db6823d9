package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Methods of string values, as pricing and model code asks its options: {@code
 * "call".equalsIgnoreCase(kind)}, {@code trim}, {@code startsWith}, {@code length}, {@code
 * charAt}, chained. They are data: the generated code calls them as written. Values, gradients,
 * tangents and Hessian-vector products against central differences of the user's method.
 */
class StringMethodsGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.ofMembers("Options", """
          @Differentiable
          static double price(double spot, double strike, String kind) {
            String option = kind.trim().toLowerCase();
            if (option.isEmpty()) {
              throw new IllegalArgumentException("no option kind");
            }
            double sign = "call".equalsIgnoreCase(option) || option.startsWith("c") ? 1 : -1;
            double intrinsic = Math.log1p(Math.exp(sign * (spot - strike)));
            return intrinsic * option.length() + option.charAt(0) * 1e-3 * spot
                + ("x" + option).indexOf('u') * strike * strike;
          }
        """);
  }

  @Test
  void stringMethodsSteerAndScaleTheValue() {
    for (String kind : new String[] {"call", " CALL ", "put", "Cap", "put  "}) {
      check.check("price", 101.0, 95.0, kind);
      SecondOrderTest.checkHessianVector(check.code(), "p.Options", "price", 101.0, 95.0,
          kind);
    }
    assertThat(check.code().generatedMethodSource("p.OptionsGrad", "Price price("))
        .contains("\"call\".equalsIgnoreCase(option)");
  }

  @Test
  void aNullStringThrowsWhereTheUsersMethodDoes() {
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () ->
        check.code().gradientMethod("p.Options", "price").invoke(null, 1.0, 2.0, null));
    assertThat(thrown.getCause()).isInstanceOf(NullPointerException.class);
  }
}
