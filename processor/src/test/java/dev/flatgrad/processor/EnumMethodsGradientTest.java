package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Methods of enum values, as option-pricing code asks its option type ({@code type.sign()},
 * {@code putCall.isCall()}): enum values are data, so such a call runs as written and its result
 * carries no derivative. Values, gradients, tangents and Hessian-vector products against central
 * differences of the user's method.
 */
class EnumMethodsGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.ofMembers("Options", """
        enum OptionType {
          CALL, PUT;

          double sign() {
            return this == CALL ? 1.0 : -1.0;
          }

          boolean isCall() {
            return this == CALL;
          }

          int weight(int notional) {
            return this == CALL ? notional : 2 * notional;
          }
        }

        @Differentiable
        static double intrinsic(OptionType type, double forward, double strike) {
          return Math.max(type.sign() * (forward - strike), 0.0);
        }

        @Differentiable
        static double bachelier(OptionType type, double forward, double strike, double vol,
            double t, int notional) {
          final int sign = type.isCall() ? 1 : -1;
          OptionType same = type;
          double s = vol * Math.sqrt(t);
          double d = sign * (forward - strike) / s;
          double pdf = Math.exp(-0.5 * d * d) / Math.sqrt(2 * Math.PI);
          return same.weight(notional) * (sign * (forward - strike) * 0.5 * (1 + Math.tanh(d))
              + s * pdf);
        }

        @Differentiable
        static double[] payoffs(double[] forwards, OptionType type, double strike) {
          double[] out = new double[forwards.length];
          for (int i = 0; i < forwards.length; i++) {
            out[i] = type.weight(i + 1) * Math.max(type.sign() * (forwards[i] - strike), 0);
          }
          return out;
        }

        /** A vector method taking an enum, translated where a loop calls it. */
        @Differentiable
        static double book(double[] forwards, OptionType type, double strike) {
          double total = 0;
          for (int k = 0; k < 2; k++) {
            double[] p = payoffs(forwards, type, strike + 0.1 * k);
            total += p[0] + p[1];
          }
          return total;
        }

        @Differentiable
        static double leg(double forward, OptionType type) {
          return type == OptionType.CALL ? forward * forward : Math.sin(forward);
        }

        /** An enum local a loop overwrites, passed to a callee: its pullback needs each value. */
        @Differentiable
        static double alternating(double forward) {
          double s = 0;
          OptionType type = OptionType.CALL;
          for (int i = 0; i < 4; i++) {
            type = i % 2 == 0 ? OptionType.PUT : OptionType.CALL;
            s += leg(forward * s + forward, type) * type.sign();
          }
          return s;
        }

        /** An enum local declared after an early return, passed to a callee. */
        @Differentiable
        static double guarded(double forward, OptionType type, int level) {
          if (level <= 0) {
            return forward;
          }
          OptionType same = type;
          double leg = leg(forward, same);
          return leg;
        }

        @Differentiable
        static double straddle(double forward, double strike) {
          return OptionType.CALL.weight(2) * Math.max(OptionType.CALL.sign() * (forward - strike),
              0) + Math.max(OptionType.PUT.sign() * (forward - strike), 0);
        }
        """);
  }

  @Test
  void aSignFromTheOptionType() throws Exception {
    Object call = enumConstant("CALL");
    Object put = enumConstant("PUT");
    check.check("intrinsic", call, 1.2, 1.0);
    check.check("intrinsic", put, 0.8, 1.0);
    assertThat((double) check.gradient("intrinsic", put, 0.8, 1.0).get("forward")).isEqualTo(-1.0);
  }

  @Test
  void aTestAndAMethodTakingData() throws Exception {
    for (String name : new String[] {"CALL", "PUT"}) {
      Object type = enumConstant(name);
      check.check("bachelier", type, 1.05, 1.0, 0.2, 0.5, 3);
      SecondOrderTest.checkHessianVector(check.code(), "p.Options", "bachelier", type, 1.05,
          1.0, 0.2, 0.5, 3);
    }
  }

  @Test
  void aVectorMethodTakingAnEnumCalledInALoop() throws Exception {
    for (String name : new String[] {"CALL", "PUT"}) {
      check.check("book", new double[] {1.3, 0.7}, enumConstant(name), 1.0);
    }
  }

  @Test
  void anEnumOverwrittenInALoopIsSavedForTheReversePass() {
    check.check("alternating", 0.7);
    check.check("alternating", -0.3);
    SecondOrderTest.checkHessianVector(check.code(), "p.Options", "alternating", 0.7);
    assertThat(check.code().generatedMethodSource("p.OptionsGrad", "Alternating alternating("))
        .contains("Tape.ordinal(type)");
  }

  @Test
  void anEnumDeclaredAfterAnEarlyReturnReachesThePullback() throws Exception {
    for (String name : new String[] {"CALL", "PUT"}) {
      check.check("guarded", 0.8, enumConstant(name), 1);
      check.check("guarded", 0.8, enumConstant(name), 0);
    }
  }

  @Test
  void methodsOfEnumConstants() {
    check.check("straddle", 1.3, 1.0);
    check.check("straddle", 0.6, 1.0);
    assertThat((double) check.gradient("straddle", 1.3, 1.0).get("forward")).isEqualTo(2.0);
    assertThat((double) check.gradient("straddle", 0.6, 1.0).get("forward")).isEqualTo(-1.0);
  }

  @Test
  void theGeneratedCodeCallsTheMethodAsWritten() {
    assertThat(check.code().generatedMethodSource("p.OptionsGrad", "Intrinsic intrinsic("))
        .contains("type.sign()");
  }

  private static Object enumConstant(String name) throws Exception {
    Class<?> type = check.code().load("p.Options$OptionType");
    for (Object constant : type.getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(name)) {
        return constant;
      }
    }
    throw new AssertionError(name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupported")
  void unsupportedEnumMethodsAreReported(String what, String members, String message) {
    MarkedSource.assertOnlyError(what, members, message);
  }

  static Stream<Arguments> unsupported() {
    return Stream.of(
        Arguments.of("a String a loop overwrites while the reverse pass reads it", """
            @Differentiable
            static double leg(double x, String kind) {
              return kind.equals("sq") ? x * x : Math.sin(x);
            }

            @Differentiable
            static double f(double x) { //!
              double s = 0;
              String kind = "sq";
              for (int i = 0; i < 3; i++) {
                kind = i % 2 == 0 ? "sin" : "sq";
                s += leg(x * s + x, kind);
              }
              return s;
            }
            """, "changes in a loop while the reverse pass still reads its earlier values"),
        Arguments.of("a method passed a differentiated value", """
            enum Kind {
              A, B;

              double scale(double x) {
                return this == A ? x : 2 * x;
              }
            }

            @Differentiable
            static double f(Kind kind, double x) {
              return kind.scale(x); //!
            }
            """, "passes a value that depends on a differentiated parameter"),
        Arguments.of("a private method", """
            enum Kind {
              A, B;

              private double sign() {
                return this == A ? 1 : -1;
              }
            }

            @Differentiable
            static double f(Kind kind, double x) {
              return kind.sign() * x; //!
            }
            """, "Kind.sign is private"));
  }
}
