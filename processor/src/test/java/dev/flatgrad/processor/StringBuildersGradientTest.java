package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code StringBuilder} and {@code StringBuffer} as library code builds an exception's message:
 * a builder is a String local holding its text, so the generated methods throw the user's exact
 * message, and the gradients are those of the user's method (against central differences) where
 * the guards do not fire.
 */
class StringBuildersGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.ofMembers("Builders", """
        @Differentiable
        static double model(double[] p, int n) {
          if (n != 2) {
            final StringBuilder sb = new StringBuilder("expected a 2-state model, got ");
            sb.append(n).append(" states");
            throw new IllegalArgumentException(sb.toString());
          }
          return p[0] * p[0] + Math.sin(p[1]);
        }

        @Differentiable
        static double blocks(double[] x, int k) {
          int len = x.length;
          if (len % k != 0) {
            throw new IllegalArgumentException(new StringBuilder().append("Input length ")
                .append(len).append(" is not a multiple of ").append(k).toString());
          }
          double s = 0;
          for (int i = 0; i < len; i += k) {
            s += x[i] * Math.exp(x[i + k - 1]);
          }
          return s;
        }

        /** A message built in a loop, read after it; the loop also computes the value. */
        @Differentiable
        static double positive(double[] x, double limit) {
          var sb = new StringBuffer(16);
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            sb.append(x[i]).append(',');
            s += x[i] * x[i] * limit;
          }
          if (s > 1e6) {
            throw new ArithmeticException("too large: " + sb + " gives " + s);
          }
          return Math.log(s);
        }

        /** length and indexOf of a builder, and charAt of its String, in conditions. */
        @Differentiable
        static double named(double x, int n) {
          StringBuilder name = new StringBuilder();
          for (int i = 0; i < n; i++) {
            name.append('a' + i % 2 == 'a' ? "ab" : "b");
          }
          double y = x * x;
          if (name.length() > 3 && name.toString().charAt(0) == 'a') {
            y = Math.sin(y);
          }
          if (name.indexOf("ba") >= 0 || name.toString().equals("ab")) {
            y = y + x;
          }
          name.setLength(0);
          if (!name.isEmpty()) {
            throw new IllegalStateException("not empty: " + name);
          }
          return y;
        }

        /** A builder declared without a value, then given new ones, in a helper. */
        static void check(double x, int n) {
          StringBuilder sb;
          sb = new StringBuilder("x=");
          sb.append(x);
          if (n > 0) {
            sb = new StringBuilder().append(n).append(" at ");
            sb.append(x);
          }
          if (n > 5) {
            throw new IllegalArgumentException(sb.toString());
          }
        }

        @Differentiable
        static double reset(double x, int n) {
          check(x, n);
          return x * x * n;
        }

        record Complex(double re, double im) {
          double abs() {
            return Math.hypot(re, im);
          }
        }

        /** Appends of a record's method, which flatgrad translates where it is called. */
        @Differentiable
        static double modulus(double x, double y, double limit) {
          Complex z = new Complex(x, y);
          StringBuilder sb = new StringBuilder("|z| = ");
          sb.append(z.abs()).append(" > ").append(limit);
          if (z.abs() > limit) {
            throw new IllegalArgumentException(sb.toString());
          }
          if (z.abs() > 2 * limit) {
            throw new IllegalStateException(new StringBuilder().append(z.abs()).toString());
          }
          return z.abs() * x;
        }
        """);
  }

  @Test
  void aBuilderLocalInAGuard() {
    check.check("model", new double[] {0.7, -0.4}, 2);
    SecondOrderTest.checkHessianVector(check.code(), "p.Builders", "model",
        new double[] {0.7, -0.4}, 2);
    assertThrowsLikeTheUser("model", IllegalArgumentException.class,
        "expected a 2-state model, got 3 states", new double[] {0.7, -0.4}, 3);
  }

  @Test
  void aChainFromANewBuilderInAGuard() {
    check.check("blocks", new double[] {0.3, -0.2, 0.5, 0.1}, 2);
    SecondOrderTest.checkHessianVector(check.code(), "p.Builders", "blocks",
        new double[] {0.3, -0.2, 0.5, 0.1}, 2);
    assertThrowsLikeTheUser("blocks", IllegalArgumentException.class,
        "Input length 4 is not a multiple of 3", new double[] {0.3, -0.2, 0.5, 0.1}, 3);
  }

  @Test
  void aMessageBuiltInALoop() {
    check.check("positive", new double[] {0.3, -1.2, 2.5}, 0.5);
    SecondOrderTest.checkHessianVector(check.code(), "p.Builders", "positive",
        new double[] {0.3, -1.2, 2.5}, 0.5);
    assertThrowsLikeTheUser("positive", ArithmeticException.class,
        "too large: 1000.0,-0.5,0.1, gives 2000000.52", new double[] {1000.0, -0.5, 0.1},
        2.0);
  }

  @Test
  void aBuilderReadInConditions() {
    for (int n = 0; n < 5; n++) {
      check.check("named", 0.6, n);
      SecondOrderTest.checkHessianVector(check.code(), "p.Builders", "named", 0.6, n);
    }
  }

  @Test
  void aBuilderGivenNewOnesInAHelper() {
    check.check("reset", 0.25, 3);
    assertThrowsLikeTheUser("reset", IllegalArgumentException.class, "6 at 0.25", 0.25, 6);
  }

  @Test
  void appendsOfMethodsTranslatedInPlace() {
    check.check("modulus", 0.6, 0.8, 2.0);
    SecondOrderTest.checkHessianVector(check.code(), "p.Builders", "modulus", 0.6, 0.8, 2.0);
    assertThrowsLikeTheUser("modulus", IllegalArgumentException.class, "|z| = 1.0 > 0.5", 0.6,
        0.8, 0.5);
  }

  @Test
  void theGeneratedCodeHoldsStrings() {
    String source = check.code().generatedMethodSource("p.BuildersGrad", "Model model(");
    assertThat(source).contains("String sb = \"expected a 2-state model, got \";");
    assertThat(source).contains("sb + n + \" states\"");
    assertThat(source).doesNotContain("StringBuilder");
    assertThat(check.code().generatedMethodSource("p.BuildersGrad", "Blocks blocks("))
        .contains("\"\" + \"Input length \" + len + \" is not a multiple of \" + k");
  }

  /**
   * Every generated method of {@code method} (gradient, pullback, tangent, ...) throws what the
   * user's method throws at {@code arguments}, with the same message; parameters past the
   * user's (seeds, sinks, directions) get zeros and nulls.
   */
  private static void assertThrowsLikeTheUser(String method, Class<? extends Throwable> type,
      String message, Object... arguments) {
    Throwable user = assertThrows(AssertionError.class,
        () -> check.value(method, arguments)).getCause();
    assertThat(user).isInstanceOf(type);
    assertThat(user).hasMessageThat().isEqualTo(message);
    List<String> called = new ArrayList<>();
    Class<?>[] userTypes = check.code().userMethod("p.Builders", method).getParameterTypes();
    for (Method generated : check.code().load("p.BuildersGrad").getDeclaredMethods()) {
      if (!generated.getName().startsWith(method) || !Modifier.isPublic(generated.getModifiers())
          || generated.getParameterCount() < arguments.length || !Arrays.equals(userTypes,
              Arrays.copyOf(generated.getParameterTypes(), userTypes.length))) {
        continue;
      }
      Object[] call = new Object[generated.getParameterCount()];
      System.arraycopy(ArrayGradientCheck.deepCopy(arguments), 0, call, 0, arguments.length);
      Class<?>[] types = generated.getParameterTypes();
      for (int i = arguments.length; i < call.length; i++) {
        call[i] = types[i] == double.class ? (Object) 0.0 : types[i] == int.class ? 0 : null;
      }
      generated.setAccessible(true);
      InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
          () -> generated.invoke(null, call), generated.toString());
      assertWithMessage("what %s threw", generated).that(thrown.getCause()).isInstanceOf(type);
      assertWithMessage("what %s threw", generated).that(thrown.getCause()).hasMessageThat()
          .isEqualTo(message);
      called.add(generated.getName());
    }
    assertThat(called).containsAtLeast(method, method + "Pullback", method + "Tangent");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupported")
  void unsupportedUsesOfBuildersAreReported(String what, String members, String message) {
    MarkedSource.assertOnlyError(what, members, message);
  }

  static Stream<Arguments> unsupported() {
    return Stream.of(
        error("insert", "sb.insert(0, x); //!", "StringBuilder.insert is not supported"),
        error("reverse", "sb.reverse(); //!", "StringBuilder.reverse is not supported"),
        error("delete", "sb.append(x).delete(0, 1); //!", "StringBuilder.delete is not"),
        error("setCharAt", "sb.setCharAt(0, 'b'); //!", "StringBuilder.setCharAt is not"),
        error("replace", "sb.replace(0, 1, \"b\"); //!", "StringBuilder.replace is not"),
        error("setLength to another length", "sb.setLength(1); //!", "only sb.setLength(0);"),
        error("charAt of the builder", "if (sb.charAt(0) == 'a') x = -x; //!",
            "StringBuilder.charAt is not supported: it reports an index out of range"),
        error("append inside an expression",
            "if (x > 1) throw new IllegalStateException(sb.append(x).toString()); //!",
            "append in a statement of its own"),
        error("append changing a variable", "sb.append(n++); //!",
            "what is appended to a StringBuilder must not change variables"),
        error("append reading the builder", "sb.append(sb.length()); //!",
            "this append reads sb, the builder it changes"),
        error("passing a builder to a helper", "x = len(sb); //!",
            "its parameter b has type java.lang.StringBuilder"),
        error("passing a builder to a library method", "System.out.println(sb); //!",
            "sb is a StringBuilder, which flatgrad keeps as the String it builds"),
        error("a builder local without a new builder", "StringBuilder b = null; //!",
            "a StringBuilder local must get a new StringBuilder(...)"),
        error("assigning a builder to another variable", "StringBuilder other = sb; //!",
            "a StringBuilder local must get a new StringBuilder(...)"),
        error("equals on builders", "if (sb.equals(sb)) x = -x; //!",
            "equals on a StringBuilder compares identity"),
        error("== on builders", "StringBuilder b = new StringBuilder();\n"
            + "if (sb == b) x = -x; //!", "comparing StringBuilders with == or !="),
        error("a capacity computed at run time", "StringBuilder b = new StringBuilder(n); //!",
            "give the capacity of a new StringBuilder as a constant"),
        error("a String that may be null", "StringBuilder b = new StringBuilder(name); //!",
            "new StringBuilder(...) of a String that may be null is not supported"),
        error("appending an array", "sb.append(chars); //!",
            "appending a char[] is not supported"),
        Arguments.of("a builder parameter", """
            @Differentiable
            static double f(double x, StringBuilder sb) { //!
              return x;
            }
            """, "StringBuilder"),
        Arguments.of("a builder field", """
            static final StringBuilder LOG = new StringBuilder();

            @Differentiable
            static double f(double x) {
              if (x > 1) throw new IllegalStateException(LOG.toString()); //!
              return x;
            }
            """, "LOG"));
  }

  /** A method in which {@code statement} comes after {@code sb} is declared. */
  private static Arguments error(String what, String statement, String message) {
    return Arguments.of(what, """
        static double len(StringBuilder b) {
          return b.length();
        }

        @Differentiable
        static double f(double x, int n, String name, char[] chars) {
          StringBuilder sb = new StringBuilder("a");
        %s
          return x;
        }
        """.formatted(statement.indent(2).stripTrailing()), message);
  }
}
