package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code long}, {@code float}, {@code short}, {@code byte}, {@code char}, {@code String} and enum
 * values as data, with Java's widening, narrowing and promotion, and {@code switch} on {@code
 * char}, {@code String} and enum selectors. Each method is checked against central finite
 * differences of the user's own method (value bit for bit, gradient, tangent, Hessian-vector
 * product, an empty tape), inside loops and branches too.
 */
class DataTypesGradientTest {

  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Types", """
  enum Mode { FAST, SLOW, OFF }

  static final long BIG = 3_000_000_000L;
  private static final char START = 'b';
  private static final float HALF = 0.5f;

  @Differentiable
  static double longs(double x, long n) {
    long m = n * 3 + BIG;
    double d = m * 1e-9;
    long r = Math.round(x * 4);
    int k = (int) (m % 7);
    return d * x + r * x + k * x * x + Math.max(n, 2L) * 0.25;
  }

  @Differentiable
  static double narrowing(double x, int k) {
    short s = (short) (k * 1000);
    byte b = (byte) (s + 5);
    char c = START;
    c += 2;
    c++;
    int code = c - 'a';
    s *= 2;
    return x * b + x * x * code + s * 1e-4 * x + (int) (x * 3) + (char) k;
  }

  @Differentiable(wrt = "x") // float is differentiable: outside wrt it is data
  static double floatData(double x, float scale) {
    float half = scale * HALF;
    float f = 1.5f;
    f += half;
    double y = x * f + Math.abs(half) * x * x;
    return y + Math.round(scale) * x;
  }

  @Differentiable
  static double tapedInLoops(double x, int n) {
    double s = x;
    long acc = 1;
    char c = 'a';
    float g = 2f;
    short t = 1;
    for (int i = 0; i < n; i++) {
      acc = acc * 3 + i;
      c++;
      g = g * 0.75f;
      t = (short) (t * -1);
      s = s * (acc % 5 + 1) * 0.25 + Math.sin(s) * (c - 'a') + s * g * t;
    }
    return s;
  }

  @Differentiable
  static double strings(double x, String kind) {
    String label = "kind " + kind + '!';
    double y;
    switch (kind) {
      case "square":
        y = x * x;
        break;
      case "sin":
      case "sine":
        y = Math.sin(x);
        break;
      default:
        throw new IllegalArgumentException("unknown " + label);
    }
    return y * x;
  }

  @Differentiable
  static double stringFallThrough(double x, String kind) {
    double y = x;
    switch (kind) {
      case "a":
        y = y * x;
      case "b":
        y = Math.exp(y);
        if (x > 1) {
          break;
        }
      default:
        y = y + x;
    }
    return y;
  }

  @Differentiable
  static double enums(double x, Mode mode) {
    double y;
    switch (mode) {
      case FAST -> y = x * x;
      case SLOW -> y = Math.exp(x);
      default -> y = 1;
    }
    if (mode == Mode.FAST) {
      y += x;
    }
    Mode other = mode != Mode.OFF ? Mode.OFF : Mode.SLOW;
    return y * x + (other == Mode.SLOW ? x : 0);
  }

  @Differentiable
  static double enumsInALoop(double[] w, Mode mode) {
    double s = 1;
    Mode m = mode;
    for (int i = 0; i < w.length; i++) {
      switch (m) {
        case FAST:
          s = Math.sin(s * w[i]);
          m = Mode.SLOW;
          break;
        case SLOW:
          s = s * s + w[i];
          m = i % 3 == 0 ? Mode.OFF : Mode.FAST;
          break;
        case OFF:
          s = s - w[i] * s;
          m = Mode.FAST;
      }
    }
    return s;
  }

  @Differentiable
  static double equalities(double x, String kind, Mode mode) {
    double s = x;
    String put = "put";
    for (int i = 0; i < 3; i++) {
      if (kind.equals("call") || put.equals(kind) && mode.equals(Mode.FAST)) {
        s = s * x + i;
      } else {
        s = Math.sin(s) * x;
      }
    }
    return s;
  }

  @Differentiable
  static double intWithCharLabels(double x, int k) {
    return switch (k) {
      case 'a' -> x;
      case 98 -> x * x;
      default -> 2 * x;
    };
  }

  @Differentiable
  static double mixed(double x, int n) {
    var m = Mode.FAST;
    Mode q;
    if (n > 2) {
      q = Mode.SLOW;
    } else {
      q = m;
    }
    String s = "a";
    double y = x;
    for (long i = 0; i < n; i++) {
      if (s.equals("a")) {
        y = y * x;
        s = "b";
      } else {
        y = Math.sin(y);
        s = "a";
      }
      switch (q) {
        case FAST -> y += 1;
        default -> y *= 0.5;
      }
      q = q == Mode.FAST ? Mode.SLOW : Mode.FAST;
    }
    char c = 'x';
    String k = switch (c) {
      case 'a' -> "x";
      default -> "y" + c;
    };
    if (k.equals("yx")) {
      y += x;
    }
    long r = 0;
    for (int i = 0; i < n; i++) {
      r = Math.round(y * i);
      y = y + r * x * 0.01;
    }
    return y + Math.abs(-3L) * x + Math.max(1.5f, 2f) * x;
  }

  @Differentiable
  static double enumArgument(double x, Mode mode) {
    return x * x * 0.5 + square(x, mode) + square(x, Mode.SLOW);
  }

  @Differentiable
  static double square(double x, Mode mode) {
    return mode == Mode.FAST ? x : x * x;
  }

  @Differentiable
  static double charSwitches(double x, char c) {
    double w = switch (c) {
      case 'a' -> x;
      case 'b', 'c' -> x * x;
      default -> {
        double t = Math.sin(x);
        yield t * t;
      }
    };
    double s = 0;
    for (char d = 'a'; d <= c; d++) {
      switch (d) {
        case 'a':
        case 'c':
          s = s * x + w;
          break;
        default:
          s = Math.cos(s) * w;
      }
    }
    return s + w;
  }
""");
  }

  private static Object mode(String name) {
    Class<?> type = f.code().load("p.Types$Mode");
    for (Object constant : type.getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(name)) {
        return constant;
      }
    }
    throw new AssertionError(name);
  }

  private static Throwable thrown(Object... arguments) {
    try {
      f.code().gradientMethod("p.Types", "strings").invoke(null, arguments);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static void checkAll(String method, Object... arguments) {
    f.check(method, arguments);
    SecondOrderTest.checkHessianVector(f.code(), "p.Types", method, arguments);
  }

  @Test
  void longsWidenAndMathRoundReturnsLong() {
    for (long n : new long[] {-5, 0, 7, 4_000_000_000L}) {
      checkAll("longs", 0.7, n);
      checkAll("longs", -1.3, n);
    }
    // r = round(2.8) = 3; m = 3e9 + 21, so k = 0 + ... computed in Java, not by us.
    long m = 7 * 3 + 3_000_000_000L;
    double expected = m * 1e-9 * 0.7 + 3 * 0.7 + (int) (m % 7) * 0.49 + 7 * 0.25;
    assertThat(f.value("longs", 0.7, 7L)).isEqualTo(expected);
  }

  @Test
  void shortByteAndCharNarrowAsJavaDoes() {
    for (int k : new int[] {-3, 0, 40, 200, 70000}) {
      checkAll("narrowing", 0.4, k);
      checkAll("narrowing", 1.7, k);
    }
  }

  @Test
  void floatsAreData() {
    checkAll("floatData", 0.3, 1.25f);
    checkAll("floatData", -2.1, -3.5f);
    String code = f.code().generatedMethodSource("p.TypesGrad", "FloatData floatData(");
    assertThat(code).contains("float half = scale * 0.5f;");
  }

  @Test
  void longCharFloatAndShortOverwrittenInALoopAreTaped() {
    for (int n = 0; n <= 6; n++) {
      checkAll("tapedInLoops", 0.35, n);
    }
  }

  @Test
  void stringSwitchWithDefaultThatThrows() {
    for (String kind : new String[] {"square", "sin", "sine"}) {
      checkAll("strings", 0.8, kind);
    }
    // The same exceptions as the user's method: the default's throw, and a null selector's.
    assertThat(thrown(0.8, "cos")).isInstanceOf(IllegalArgumentException.class);
    assertThat(thrown(0.8, "cos")).hasMessageThat().isEqualTo("unknown kind cos!");
    assertThat(thrown(0.8, null)).isInstanceOf(NullPointerException.class);
    assertThat(dev.flatgrad.Tape.forThread().isEmpty()).isTrue();
  }

  @Test
  void stringSwitchFallsThroughAsInJava() {
    for (String kind : new String[] {"a", "b", "z"}) {
      checkAll("stringFallThrough", 0.4, kind);
      checkAll("stringFallThrough", 1.4, kind);
    }
  }

  @Test
  void enumParametersLocalsAndSwitches() {
    for (String name : new String[] {"FAST", "SLOW", "OFF"}) {
      checkAll("enums", 0.6, mode(name));
      checkAll("enumsInALoop", new double[] {0.3, -0.7, 0.5, 1.1, 0.2, -0.4}, mode(name));
    }
  }

  @Test
  void equalsOfStringsAndEnumsInALoop() {
    for (String kind : new String[] {"call", "put", "other"}) {
      for (String name : new String[] {"FAST", "SLOW"}) {
        checkAll("equalities", 0.7, kind, mode(name));
      }
    }
    String code = f.code().generatedMethodSource("p.TypesGrad", "Equalities equalities(");
    assertThat(code).contains("Objects.equals(Objects.requireNonNull(kind), \"call\")");
  }

  @Test
  void charLabelsOnAnIntSelector() {
    for (int k : new int[] {97, 98, 99}) {
      checkAll("intWithCharLabels", 0.7, k);
    }
    assertThat(f.value("intWithCharLabels", 0.7, 97)).isEqualTo(0.7);
  }

  @Test
  void enumLocalsStringsLongCountersAndRoundInLoops() {
    for (int n = 0; n <= 5; n++) {
      checkAll("mixed", 0.37, n);
    }
  }

  @Test
  void enumArgumentsToOtherDifferentiableMethods() {
    f.check("enumArgument", 0.8, mode("FAST"));
    f.check("enumArgument", 0.8, mode("OFF"));
  }

  @Test
  void charSwitchStatementsAndExpressions() {
    for (char c : new char[] {'a', 'b', 'c', 'e'}) {
      checkAll("charSwitches", 0.9, c);
    }
  }
}
