package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arrays of the data types: {@code long[]}, {@code short[]}, {@code byte[]}, {@code char[]},
 * {@code String[]} and enum arrays, as parameters (read, iterated, written through the private
 * copy), as local arrays ({@code new long[n]}, {@code {'a', 'b'}}, {@code {"a", "b"}}) and as
 * aliases. They carry no derivative; the doubles computed from them do. Values, gradients,
 * tangents, pullbacks (through a caller) and Hessian-vector products against finite differences
 * of the user's methods.
 */
class DataArraysGradientTest {

  private static final String CLASS = "p.DataArrays";
  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("DataArrays", """
  enum Mode { LINEAR, SQUARE, SINE }

  @Differentiable
  static double parameters(double x, double[] w, long[] counts, short[] shorts, byte[] bytes,
      char[] code, String[] names, Mode[] modes) {
    double r = 0;
    for (long k : counts) {
      r += k * x * w[0];
    }
    for (int i = 0; i < shorts.length; i++) {
      r += Math.sin(shorts[i] * x) * w[i % w.length];
    }
    for (byte b : bytes) {
      r += b * w[1] * w[1];
    }
    for (char c : code) {
      if (c == 'x') {
        r *= x;
      } else if (Character.isDigit(c)) {
        r += (c - '0') * w[0];
      }
    }
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals("bias")) {
        r += w[i % w.length];
      }
    }
    for (Mode mode : modes) {
      switch (mode) {
        case LINEAR -> r += x;
        case SQUARE -> r += x * x;
        default -> r += Math.sin(r);
      }
    }
    return r + counts.length + code[0];
  }

  @Differentiable
  static double locals(double[] w, int n, char[] text) {
    long[] acc = new long[n];
    short[] small = new short[2];
    byte[] steps = {1, -2, 3};
    char[] vowels = {'a', 'e'};
    String[] keys = {"w", "v"};
    char[] alias = text;
    for (int i = 0; i < n; i++) {
      acc[i] = 3L * i + alias[i % alias.length];
    }
    small[1] = (short) (acc[n - 1] % 7);
    double s = 0;
    for (int i = 0; i < n; i++) {
      for (byte b : steps) {
        s += Math.cos(w[i] * b) * acc[i];
      }
      for (char v : vowels) {
        if (text[i % text.length] == v) {
          s += w[i] * w[i];
        }
      }
    }
    for (String key : keys) {
      if (key.equals("w")) {
        s *= w[0];
      }
    }
    return s + small[1];
  }

  /** A data array parameter written in place: the generated code writes its private copy. */
  @Differentiable
  static double writesItsCounts(double[] w, long[] counts) {
    double s = 0;
    for (int i = 0; i < counts.length; i++) {
      counts[i] += i;
      s += counts[i] * w[i];
    }
    return s * w[0];
  }

  @Differentiable
  static double caller(double[] w, long[] counts, char[] text, String[] names, Mode[] modes) {
    double[] v = {w[0] * w[1], Math.exp(w[2])};
    short[] shorts = {1, 2};
    byte[] bytes = {3};
    return locals(w, 3, text) + parameters(w[2], v, counts, shorts, bytes, text, names, modes);
  }
""");
  }

  private static final Object[] PARAMETERS = {0.7, new double[] {0.3, -1.2}, new long[] {2, -5},
      new short[] {1, 3, -2}, new byte[] {4, -1}, "a7x".toCharArray(),
      new String[] {"weight", "bias", "bias"}, null};

  private static Object[] parametersWithModes() {
    Object[] arguments = PARAMETERS.clone();
    arguments[7] = modes("SQUARE", "LINEAR", "SINE", "SQUARE");
    return arguments;
  }

  private static Object modes(String... names) {
    Class<?> mode = f.code().load(CLASS + "$Mode");
    Object array = java.lang.reflect.Array.newInstance(mode, names.length);
    for (int i = 0; i < names.length; i++) {
      for (Object constant : mode.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(names[i])) {
          java.lang.reflect.Array.set(array, i, constant);
        }
      }
    }
    return array;
  }

  @Test
  void dataArrayParameters() {
    Object[] arguments = parametersWithModes();
    f.check("parameters", arguments);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "parameters", arguments);
  }

  @Test
  void dataArrayLocals() {
    Object[] arguments = {new double[] {0.4, -0.9, 1.3, 0.2}, 4, "hear".toCharArray()};
    f.check("locals", arguments);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "locals", arguments);
  }

  @Test
  void aWrittenDataArrayParameterIsCopied() {
    Object[] arguments = {new double[] {0.5, -1.5, 2.0}, new long[] {7, 8, 9}};
    f.check("writesItsCounts", arguments);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "writesItsCounts", arguments);
  }

  @Test
  void pullbacksThroughACaller() {
    Object[] arguments = {new double[] {0.4, -0.9, 0.3}, new long[] {1, 2}, "y2x".toCharArray(),
        new String[] {"bias", "w"}, modes("SINE", "SQUARE")};
    f.check("caller", arguments);
    SecondOrderTest.checkHessianVector(f.code(), CLASS, "caller", arguments);
  }

  @Test
  void theGeneratedSignatureAndLoopsReadLikeTheUsers() throws Exception {
    String generated = f.code().compilation().generatedSourceFile(CLASS + "Grad").orElseThrow()
        .getCharContent(true).toString().replaceAll("\\s+", " ");
    assertThat(generated).contains("public static Parameters parameters(double x, double[] w,"
        + " long[] counts, short[] shorts, byte[] bytes, char[] code, String[] names,"
        + " DataArrays.Mode[] modes)");
    assertThat(generated).contains("long[] acc = new long[n];");
    assertThat(generated).contains("DataArrays.Mode mode = modes[i");
    assertThat(generated).contains("long[] counts_copy = new long[counts.length];");
  }

  @Test
  void matricesOfOtherDataTypesAreStillPositionedErrors() {
    MarkedSource source = MarkedSource.ofMembers("""
        @Differentiable
        static double f(double x) {
          long[][] table = new long[2][2]; //!
          return x;
        }
        """);
    Compilation compilation = source.compile();
    CompilationSubject.assertThat(compilation).hadErrorContaining(
        "arrays of type long[][] are not supported").inFile(source.file()).onLine(source.line());
  }
}
