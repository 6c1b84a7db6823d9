package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flatgrad.Tape;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guard clauses and checks as real numeric code writes them: {@code throws} clauses, {@code
 * throw new E(message)} (in branches and loops), {@code assert}, calls of checks as statements,
 * and passive calls such as {@code Double.isNaN(x)}. Values, gradients, tangents and
 * Hessian-vector products are checked against finite differences of the user's method; every
 * generated method must throw what the user's method throws, with the same message.
 */
class ThrowingGradientTest {

  private static final String CLASS = "p.Guards";
  private static final List<String> GENERATED =
      List.of("", "Pullback", "Accumulate", "Tangent", "HessianVector", "Hessian");
  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Guards", """
  @Differentiable
  static double logOf(double x) {
    if (x <= 0) throw new IllegalArgumentException("x must be > 0: " + x);
    return Math.log(x) * x;
  }

  @Differentiable
  static double product(double[] x, int n) {
    double p = 1;
    for (int i = 0; i < n; i++) {
      if (x[i] == 0) {
        throw new ArithmeticException("zero at " + i + " of " + n + ", p = " + p + '!');
      }
      p = p * Math.sin(x[i]) + x[i];
    }
    return p;
  }

  @Differentiable
  static double branchy(double x, double y, int limit) {
    double s = 0;
    for (int k = 0; k < 4; k++) {
      if (x * k < 2) {
        s += Math.exp(x * y * k);
      } else if (k > limit) {
        throw new IllegalStateException("k = " + k + " > " + limit + " with s = " + s);
      } else {
        s = s * y;
      }
    }
    return s;
  }

  @Differentiable
  static double checked(double x) throws java.io.IOException {
    if (x > 100) {
      throw new java.io.IOException("too big: " + String.valueOf(x));
    }
    return x * x * x;
  }

  @Differentiable
  static double callsChecked(double x, double y) throws java.io.IOException,
      IllegalArgumentException {
    return checked(x * y) + y;
  }

  @Differentiable
  static double asserted(double x, double y) {
    assert x > 0 : "x = " + x + ", y = " + y;
    assert y < 10;
    return x * Math.exp(y);
  }

  @Differentiable
  static double passive(double x, double y, int n) {
    if (Double.isNaN(x) || Double.isInfinite(y)) {
      return 0;
    }
    int c = Double.compare(x, y);
    double scale = Double.sum(n, 0.5);
    double s = c * x + Integer.bitCount(n) * y * scale;
    if (!Double.isFinite(s)) {
      throw new ArithmeticException("overflow: " + s);
    }
    return s * y + Math.abs(c);
  }

  static void checkEqualLength(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("lengths differ: " + a.length + " != " + b.length);
    }
  }

  static void checkFinite(double[] v, String name) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] = " + v[i]);
      }
    }
  }

  @Differentiable
  static double dot(double[] a, double[] b) {
    checkEqualLength(a, b);
    java.util.Objects.requireNonNull(a, "a");
    double[] t = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      t[i] = a[i] * b[i];
    }
    checkFinite(t, "t");
    double s = 0;
    for (int i = 0; i < t.length; i++) {
      s += Math.tanh(t[i]);
    }
    return s;
  }

  @Differentiable
  static double logged(double x, int n) {
    double s = x;
    for (int i = 0; i < n; i++) {
      s = Math.sin(s) * x;
      System.out.println("step " + i + ": s = " + s);
    }
    System.out.printf("done after %d steps%n", n);
    return s;
  }

  @Differentiable
  static double[] scaledCopy(double[] x, double c) throws java.io.IOException {
    if (x.length == 0) {
      throw new java.io.IOException("empty");
    }
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = c * x[i] * x[i];
    }
    return y;
  }

  @Differentiable
  static double arrayChecked(double[] x) throws java.io.IOException {
    if (x.length > 5) {
      throw new java.io.IOException("too long: " + x.length);
    }
    return x[0] * x[1] * Math.exp(x[0]);
  }

  @Differentiable
  static double cube(double v) {
    return v * v * v;
  }

  @Differentiable
  static double throwsAtTheEndOfALoop(double x, int n) {
    double s = x;
    for (int i = 0; i < n; i++) {
      s = s * Math.sin(s) + x;
      if (i < 2) {
        continue;
      }
      if (s > 0) {
        throw new IllegalStateException("up at " + i + ": " + cube(s));
      } else {
        throw new IllegalStateException("down at " + i + ": " + cube(s));
      }
    }
    return s * x;
  }

  @Differentiable
  static double newtonSqrt(double a) {
    double x = a;
    for (int i = 0; i < 50; i++) {
      double next = 0.5 * (x + a / x);
      if (Math.abs(next - x) < 1e-12) {
        return next;
      }
      x = next;
    }
    throw new ArithmeticException("no convergence for a = " + a);
  }

  @Differentiable
  static double message(double x, int k) {
    String what = "x";
    double y = x * x;
    if (k > 2) {
      what = "y";
      y = y + x;
    }
    if (y > 50) {
      throw new IllegalArgumentException(what + " too large: " + y + " (k = " + (k + 1) + ")");
    }
    return y * Math.sin(x);
  }
""");
  }

  @AfterEach
  void emptyTheTape() {
    // Restoring the tape after an exception is another change's: start each test clean.
    Tape tape = Tape.forThread();
    tape.setDoubles(tape.doubles(), 0);
    tape.setInts(tape.ints(), 0);
  }

  @Test
  void aGuardClauseKeepsTheGradientAndThrowsTheSameMessage() {
    f.check("logOf", 0.7);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "logOf", 0.7);
    throwsLikeTheUser("logOf", -2.5);
    throwsLikeTheUser("logOf", 0.0);
  }

  @Test
  void aThrowInsideALoopReadsTheCurrentVersions() {
    double[] x = {0.4, -0.9, 1.3, 0.2};
    f.check("product", x, 4);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "product", x, 4);
    throwsLikeTheUser("product", new double[] {0.4, -0.9, 0.0, 0.2}, 4);
  }

  @Test
  void aThrowInOneBranchOfATapedIf() {
    f.check("branchy", 0.9, 0.6, 5);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "branchy", 0.9, 0.6, 5);
    f.check("branchy", 0.3, -0.4, 1);
    throwsLikeTheUser("branchy", 0.9, 0.6, 2);
  }

  @Test
  void throwsClausesAreDeclaredAndPropagated() throws Exception {
    f.check("checked", 1.5);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "checked", 1.5);
    f.check("callsChecked", 1.5, -0.5);
    f.check("arrayChecked", (Object) new double[] {0.3, -0.6});
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "arrayChecked",
        (Object) new double[] {0.3, -0.6});
    throwsLikeTheUser("arrayChecked", (Object) new double[6]);
    throwsLikeTheUser("scaledCopy", new double[0], 2.0);
    throwsLikeTheUser("checked", 101.0);
    throwsLikeTheUser("callsChecked", 20.0, 6.0);
    for (Method method : f.code().load(CLASS + "Grad").getDeclaredMethods()) {
      if (Modifier.isPublic(method.getModifiers())
          && (method.getName().startsWith("checked") || method.getName().startsWith("callsChecked")
              || method.getName().startsWith("scaledCopy")
              || method.getName().startsWith("arrayChecked"))) {
        assertThat(Arrays.asList(method.getExceptionTypes())).contains(java.io.IOException.class);
      }
    }
    assertThat(f.code().generatedMethodSource(CLASS + "Grad", "Checked checked("))
        .contains("checked(double x) throws IOException {");
    assertThat(f.code().generatedMethodSource(CLASS + "Grad",
        "CallsCheckedPullback callsCheckedPullback("))
        .contains("throws IOException, IllegalArgumentException {");
  }

  @Test
  void assertionsRunAsWritten() {
    f.check("asserted", 0.5, 1.5);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "asserted", 0.5, 1.5);
    // With assertions disabled (the loader's default here), neither method checks them.
    assertThat(f.value("asserted", -0.5, 1.5)).isEqualTo(-0.5 * Math.exp(1.5));
    assertThat(f.gradient("asserted", -0.5, 1.5).get("value")).isEqualTo(-0.5 * Math.exp(1.5));
  }

  @Test
  void enabledAssertionsThrowTheSameError() {
    ArrayGradientCheck enabled = ArrayGradientCheck.of(GeneratedCode.compile("p.Asserts", """
package p;

import dev.flatgrad.Differentiable;

class Asserts {
  @Differentiable
  static double asserted(double x, double[] y) {
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      s += x * y[i];
      assert s < 10 : "s = " + s + " at " + i;
    }
    return s;
  }
}
""", true), "p.Asserts");
    enabled.check("asserted", 0.5, new double[] {1, 2});
    throwsLikeTheUser(enabled, "p.Asserts", "asserted", 2.0, new double[] {1, 2, 3});
  }

  private static final String RECORD_ASSERTS = """
package p;

import dev.flatgrad.Differentiable;

class RecordAsserts {
  record Cx(double re, double im) {
    double abs2() {
      return re * re + im * im;
    }

    Cx times(Cx o) {
      return new Cx(re * o.re - im * o.im, re * o.im + im * o.re);
    }
  }

  // Names the generated class's assertion status could clash with.
  private static final double assertionsEnabled = Math.sqrt(0.25);

  @Differentiable
  static double squared(double x, double y) {
    Cx z = new Cx(x, y);
    double s = 0;
    boolean assertionsEnabled_ = false;
    for (int i = 0; i < 3; i++) {
      z = z.times(z);
      assert z.abs2() < 1e6 : "diverged at " + i + ": " + z.re();
      s += z.re() * assertionsEnabled;
    }
    return assertionsEnabled_ ? 0 : s;
  }
}
""";

  /** An assert whose condition calls a record's method runs it only where Java runs asserts. */
  @Test
  void anAssertCallingARecordsMethodRunsItOnlyUnderEa() {
    ArrayGradientCheck enabled = ArrayGradientCheck.of(
        GeneratedCode.compile("p.RecordAsserts", RECORD_ASSERTS, true), "p.RecordAsserts");
    enabled.check("squared", 0.6, 0.3);
    SecondOrderTest.checkHessianVector(enabled.code(), "p.RecordAsserts", "squared", 0.6, 0.3);
    throwsLikeTheUser(enabled, "p.RecordAsserts", "squared", 3.0, 2.0);
    // Asked once, when the generated class is initialized, as Java asks for the user's class:
    // the call takes a lock.
    assertThat(enabled.code().generatedMethodSource("p.RecordAssertsGrad", "Squared squared("))
        .containsMatch("if \\(RecordAssertsGrad\\.assertionsEnabled_*\\) \\{");
    assertThat(enabled.code().generatedSource("p.RecordAssertsGrad"))
        .containsMatch("private static final boolean assertionsEnabled_* ="
            + " RecordAsserts.class.desiredAssertionStatus\\(\\);");
    ArrayGradientCheck disabled = ArrayGradientCheck.of(
        GeneratedCode.compile("p.RecordAsserts", RECORD_ASSERTS, false), "p.RecordAsserts");
    disabled.check("squared", 3.0, 2.0); // diverges, but no assert runs, as in the user's code
  }

  @Test
  void passiveCallsCarryNoDerivative() {
    f.check("passive", 0.7, 1.3, 5);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "passive", 0.7, 1.3, 5);
    f.check("passive", 1.7, -1.3, 6);
    assertThat(f.gradient("passive", Double.NaN, 1.3, 6).get("value")).isEqualTo(0.0);
    throwsLikeTheUser("passive", 1e308, 1e308, 7);
  }

  @Test
  void checksCalledAsStatementsRunAsWritten() {
    double[] a = {0.3, -0.2, 0.8};
    double[] b = {1.1, 0.4, -0.6};
    f.check("dot", a, b);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "dot", a, b);
    throwsLikeTheUser("dot", a, new double[] {1, 2});
    throwsLikeTheUser("dot", new double[] {1e200, 1}, new double[] {1e200, 1});
  }

  @Test
  void aMessageReadsTheVersionsOfReassignedLocals() {
    f.check("message", 1.2, 1);
    f.check("message", 1.2, 3);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "message", 1.2, 3);
    throwsLikeTheUser("message", 7.5, 1);
    throwsLikeTheUser("message", 7.5, 4);
  }

  @Test
  void loggingPrintsTheSameLinesAtTheSamePoints() {
    java.io.PrintStream out = System.out;
    try {
      var user = new java.io.ByteArrayOutputStream();
      System.setOut(new java.io.PrintStream(user, true));
      double value = f.value("logged", 0.8, 3);
      var generated = new java.io.ByteArrayOutputStream();
      System.setOut(new java.io.PrintStream(generated, true));
      assertThat(f.gradient("logged", 0.8, 3).get("value")).isEqualTo(value);
      assertThat(generated.toString()).isEqualTo(user.toString());
      assertThat(user.toString()).contains("step 2: s = ");
      f.check("logged", 0.8, 3);
      SecondOrderTest.checkHessianVector(f.code(), CLASS, "logged", 0.8, 3);
    } finally {
      System.setOut(out);
    }
  }

  @Test
  void aLoopBodyThatAlwaysEndsInAThrowCallingOut() {
    f.check("throwsAtTheEndOfALoop", 0.7, 2);
    throwsLikeTheUser("throwsAtTheEndOfALoop", 0.7, 3);
    throwsLikeTheUser("throwsAtTheEndOfALoop", -1.7, 5);
  }

  @Test
  void aLoopThatReturnsWhenItConvergesAndThrowsOtherwise() {
    f.check("newtonSqrt", 2.0);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "newtonSqrt", 2.0);
    assertThat((double) f.gradient("newtonSqrt", 2.0).get("a"))
        .isWithin(1e-12).of(0.5 / Math.sqrt(2.0));
    throwsLikeTheUser("newtonSqrt", Double.NaN);
  }

  @Test
  void aMethodSplitForTheJitDeclaresItsThrowsClauseOnEveryPart() {
    String members = MethodSizeTest.straightLine(700, new java.util.Random(7))
        .replace("static double f(double a, double b, double c, double d) {",
            "static double f(double a, double b, double c, double d) throws java.io.IOException {")
        .replace("    double v350 =", "    if (v349 > 1e9) {\n      throw new java.io.IOException("
            + "\"v349 = \" + v349);\n    }\n    double v350 =");
    ArrayGradientCheck split = ArrayGradientCheck.ofMembers("Split", members);
    assertThat(split.code().generatedMethodSource("p.SplitGrad", "F f(")).contains("frame.part");
    split.check("f", 0.3, -0.7, 1.1, 0.5);
  }

  /**
   * The user's method throws at {@code arguments}; so must every generated method for it (the
   * gradient, pullback, Accumulate, tangent, Hessian-vector and Hessian), with an exception of
   * the same class and message.
   */
  private static void throwsLikeTheUser(String name, Object... arguments) {
    throwsLikeTheUser(f, CLASS, name, arguments);
  }

  private static void throwsLikeTheUser(ArrayGradientCheck f, String className, String name,
      Object... arguments) {
    Throwable expected = thrown(() -> f.code().userMethod(className, name),
        ArrayGradientCheck.deepCopy(arguments));
    assertThat(expected).isNotNull();
    List<String> checked = new ArrayList<>();
    for (Method method : f.code().load(className + "Grad").getDeclaredMethods()) {
      if (!Modifier.isPublic(method.getModifiers()) || !method.getName().startsWith(name)
          || !GENERATED.contains(method.getName().substring(name.length()))) {
        continue;
      }
      Object[] call = new Object[method.getParameterCount()];
      Object[] copy = ArrayGradientCheck.deepCopy(arguments);
      System.arraycopy(copy, 0, call, 0, copy.length);
      Class<?>[] types = method.getParameterTypes();
      for (int i = copy.length; i < call.length; i++) {
        call[i] = types[i] == double.class ? 1.0 : null; // an upstream or a direction
      }
      Throwable actual = thrown(() -> method, call);
      if (actual == null) {
        fail(method.getName() + " did not throw; the user's method threw " + expected);
      }
      assertThat(actual.getClass()).isEqualTo(expected.getClass());
      assertThat(actual.getMessage()).isEqualTo(expected.getMessage());
      checked.add(method.getName());
      emptyTape();
    }
    assertThat(checked).contains(name);
    assertThat(checked).contains(name + "Tangent");
  }

  private static void emptyTape() {
    Tape tape = Tape.forThread();
    tape.setDoubles(tape.doubles(), 0);
    tape.setInts(tape.ints(), 0);
  }

  private static Throwable thrown(java.util.function.Supplier<Method> method,
      Object[] arguments) {
    try {
      Method m = method.get();
      m.setAccessible(true);
      m.invoke(null, arguments);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }
}
