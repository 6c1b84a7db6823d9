package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: legal user code whose generated code javac used to reject. It compiles now, or, where
 * Java itself cannot express what is needed, flatgrad reports it at the user's call or method.
 */
class JavaLimitsTest {

  @Test
  void callsInsideAPrivateNestedClassAreReportedAtTheCall() {
    MarkedSource source = MarkedSource.ofMembers("""
        private static class Hidden {
          @Differentiable
          static double square(double x) {
            return x * x;
          }

          @Differentiable
          static double twice(double x) {
            return 2 * square(x); //!
          }
        }

        static double use(double x) {
          return Hidden.twice(x);
        }
        """);
    Compilation compilation = source.compile();
    assertThat(compilation).hadErrorContaining(
            "the generated code cannot call square: the class Hidden is private; make it"
                + " package-private")
        .inFile(source.file()).onLine(source.line());
    assertWithMessage("errors: %s", compilation.errors()).that(compilation.errors()).hasSize(1);
  }

  @Test
  void aCustomRuleInAPrivateNestedClassIsReportedOnTheMethod() {
    MarkedSource source = MarkedSource.ofMembers("""
        private static class Hidden {
          @Differentiable(pullback = "cubePullback")
          static double cube(double x) { //!
            return x * x * x;
          }

          record CubePullback(double value, double x) {}

          static CubePullback cubePullback(double x, double upstream) {
            return new CubePullback(x * x * x, upstream * 3 * x * x);
          }
        }

        static double use(double x) {
          return Hidden.cube(x);
        }
        """);
    Compilation compilation = source.compile();
    assertThat(compilation).hadErrorContaining("the class Hidden is private")
        .inFile(source.file()).onLine(source.line());
    assertWithMessage("errors: %s", compilation.errors()).that(compilation.errors()).hasSize(1);
  }

  @Test
  void aPrivateNestedClassWithoutCallsStillCompiles() {
    ArrayGradientCheck check = ArrayGradientCheck.ofMembers("Outer", """
          private static class Hidden {
            @Differentiable
            static double f(double x, double[] w) {
              return Math.sin(x) * w[0] + w[1] * x * x;
            }
          }

          static double use(double x) {
            return Hidden.f(x, new double[] {1, 2});
          }
        """);
    assertThat(check.code().load("p.Outer_HiddenGrad")).isNotNull();
  }

  private static final JavaFileObject NORMS = JavaFileObjects.forSourceString("lib.Norms", """
      package lib;

      import dev.flatgrad.Differentiable;

      public class Norms {
        @Differentiable
        public static double norm2(double[] v) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * v[i];
          }
          return s;
        }
      }
      """);

  private static final String CLIENT = """
      package p;

      import dev.flatgrad.Differentiable;
      import lib.Norms;

      class Client {
        @Differentiable
        static double scaled(double[] v, double a) {
          return Math.log(1 + a * Norms.norm2(v)); //!
        }
      }
      """;

  @Test
  void aCalleeFromAJarBuiltWithoutFlatgradIsReportedAtTheCall(@TempDir Path library)
      throws Exception {
    Compilation plain = Compiler.javac().withOptions("--release", "17", "-proc:none")
        .compile(NORMS);
    assertThat(plain).succeeded();
    for (JavaFileObject file : plain.generatedFiles()) {
      Path target = library.resolve(file.getName().replaceFirst("^/CLASS_OUTPUT/", ""));
      Files.createDirectories(target.getParent());
      try (var in = file.openInputStream()) {
        Files.write(target, in.readAllBytes());
      }
    }
    assertMissingGradClassReported(List.of("--release", "17", "-classpath",
        library + File.pathSeparator + System.getProperty("java.class.path")));
  }

  @Test
  void aCalleeReadThroughTheSourcePathIsReportedAtTheCall(@TempDir Path sources)
      throws Exception {
    Path file = sources.resolve("lib/Norms.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, NORMS.getCharContent(true));
    assertMissingGradClassReported(List.of("--release", "17", "-sourcepath", sources.toString()));
  }

  private static void assertMissingGradClassReported(List<String> options) {
    JavaFileObject client = JavaFileObjects.forSourceString("p.Client", CLIENT);
    Compilation compilation = Compiler.javac().withProcessors(new FlatgradProcessor())
        .withOptions(new ArrayList<Object>(options)).compile(client);
    int line = CLIENT.lines().toList().indexOf(CLIENT.lines()
        .filter(l -> l.contains(MarkedSource.MARKER)).findFirst().orElseThrow()) + 1;
    assertThat(compilation).hadErrorContaining(
            "lib.NormsGrad not found: was lib built with the flatgrad processor?")
        .inFile(client).onLine(line);
    assertWithMessage("errors: %s", compilation.errors()).that(compilation.errors()).hasSize(1);
  }

  /**
   * An early return puts the rest of the method under a flag; the splitter cuts that guarded
   * code into parts too (it used to leave it whole: code too large at ~200 statements, and above
   * the JIT's 8,000 bytes from ~150).
   */
  @Test
  void aLongBodyAfterAnEarlyReturnIsSplit() throws Exception {
    StringBuilder body = new StringBuilder("if (d > 5) return a * b;\n");
    List<String> values = new ArrayList<>(List.of("a", "b", "c", "d"));
    java.util.Random random = new java.util.Random(13);
    for (int i = 0; i < 220; i++) {
      String x = values.get(values.size() - 1 - random.nextInt(Math.min(values.size(), 8)));
      String y = values.get(random.nextInt(values.size()));
      String expression = switch (random.nextInt(3)) {
        case 0 -> "Math.tanh(" + x + " + " + y + ")";
        case 1 -> x + " * " + y;
        default -> "Math.sin(" + x + ")";
      };
      body.append("double v").append(i).append(" = ").append(expression).append(";\n");
      values.add("v" + i);
      if (i == 120) {
        body.append("if (c < -5) {\n  return v120;\n}\n");
      }
    }
    ArrayGradientCheck check = ArrayGradientCheck.ofMembers("Guarded", """
          @Differentiable
          static double f(double a, double b, double c, double d) {
            %s
            return v219;
          }
        """.formatted(body));
    for (JavaFileObject file : check.code().compilation().generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS || !file.getName().contains("GuardedGrad")) {
        continue;
      }
      byte[] bytes = file.openInputStream().readAllBytes();
      for (var method : BytecodeSizes.of(bytes).entrySet()) {
        assertWithMessage("bytecode of %s in %s", method.getKey(), file.getName())
            .that(method.getValue()).isLessThan(8_000);
      }
    }
    for (double[] point : new double[][] {{0.3, -0.7, 1.1, 0.5}, {0.3, -0.7, -6, 0.5},
        {0.3, -0.7, 1.1, 6}}) {
      check.check("f", point[0], point[1], point[2], point[3]);
      SecondOrderTest.checkHessianVector(check.code(), "p.Guarded", "f", point[0], point[1],
          point[2], point[3]);
    }
  }

  /** {@code double a0, double a1, ...}, and the sum of (i + 1) a_i^2 plus sin(a0 a_last). */
  private static String manyParameters(String name, int n, String annotation) {
    StringBuilder parameters = new StringBuilder();
    StringBuilder sum = new StringBuilder("Math.sin(a0 * a" + (n - 1) + ")");
    for (int i = 0; i < n; i++) {
      parameters.append(i == 0 ? "" : ", ").append("double a").append(i);
      sum.append(" + ").append(i + 1).append(" * a").append(i).append(" * a").append(i);
    }
    return """
          %s
          static double %s(%s) {
            return %s;
          }
        """.formatted(annotation, name, parameters, sum);
  }

  private static double[] point(int n) {
    double[] point = new double[n];
    for (int i = 0; i < n; i++) {
      point[i] = Math.sin(i + 0.5);
    }
    return point;
  }

  /** Closed form: d/da_i = 2 (i + 1) a_i, plus cos(a0 a_last) times the other factor. */
  private static double[] gradient(double[] a) {
    int n = a.length;
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = 2 * (i + 1) * a[i];
    }
    g[0] += Math.cos(a[0] * a[n - 1]) * a[n - 1];
    g[n - 1] += Math.cos(a[0] * a[n - 1]) * a[0];
    return g;
  }

  /**
   * 63 doubles and their directions fill 252 of a method's 255 parameter slots: every generated
   * method exists. At 64, the tangent and Hessian-vector methods cannot: they are left out (and
   * so are callers' tangents through them), the gradient and pullback still work.
   */
  @Test
  void manyDoubleParameters() throws Exception {
    ArrayGradientCheck check = ArrayGradientCheck.ofMembers("Many",
        manyParameters("f63", 63, "@Differentiable")
            + manyParameters("f64", 64, "@Differentiable")
            + manyParameters("f64One", 64, "@Differentiable(wrt = \"a5\")")
            + """
                @Differentiable
                static double caller(double x) {
                  return f64(x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x,
                      x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x,
                      x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x * x);
                }
                """);
    Object[] at63 = java.util.Arrays.stream(point(63)).boxed().toArray();
    check.check("f63", at63);
    SecondOrderTest.checkHessianVector(check.code(), "p.Many", "f63", at63);

    Class<?> grad = check.code().load("p.ManyGrad");
    assertThat(java.util.Arrays.stream(grad.getMethods()).map(java.lang.reflect.Method::getName)
        .filter(name -> name.startsWith("f64") || name.startsWith("caller")).sorted().toList())
        .containsExactly("caller", "callerAccumulate", "callerPullback", "f64", "f64Accumulate",
            "f64One", "f64OneAccumulate", "f64OneHessian", "f64OneHessianVector",
            "f64OnePullback", "f64OnePullbackTangent", "f64OneTangent", "f64Pullback");
    double[] a = point(64);
    Object[] at64 = java.util.Arrays.stream(a).boxed().toArray();
    List<Object> components = List.copyOf(GeneratedCode.components(
        check.code().invokeGradientWith("p.Many", "f64", at64)).values());
    double[] expected = gradient(a);
    for (int i = 0; i < 64; i++) {
      assertThat((double) components.get(1 + i)).isWithin(1e-12).of(expected[i]);
    }
    check.check("f64One", at64);
    // caller(x) = sin(x * x^2) + sum_{i<63} (i+1) x^2 + 64 x^4.
    double x = 0.7;
    double callerGradient = (double) check.gradient("caller", x).get("x");
    assertThat(callerGradient).isWithin(1e-12).of(Math.cos(x * x * x) * 3 * x * x
        + 2 * x * (63 * 64 / 2.0) + 4 * 64 * x * x * x);
  }

  /**
   * Methods whose tangent would need a tangent that does not fit, even through a helper in
   * between, go without one: a Jacobian is then built by rows (found by the fuzzer, seed
   * 20261210, program 9480, where a Jacobian by columns called a helper's missing tangent).
   */
  @Test
  void aJacobianThroughACalleeWithoutATangentGoesByRows() throws Exception {
    StringBuilder arguments = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      arguments.append(i == 0 ? "" : ", ").append(i % 2 == 0 ? "y" : "x");
    }
    String members = manyParameters("wide", 64, "private")
        + manyParameters("wideVectorOf", 64, "@Differentiable")
            .replace("static double wideVectorOf", "static double[] wideVectorOf")
            .replaceFirst("return (.*);", "return new double[] {$1, a3 * a60};")
        + """
            record Point(double s, double[] v) {}

            private static double between(double x, double y) {
              return wide(%s) + x;
            }

            @Differentiable
            static double scalar(double x, double y) {
              return between(x, y) * y;
            }

            @Differentiable
            static double[] vector(double x, double y) {
              return new double[] {between(x, y), x * y, Math.exp(y)};
            }

            @Differentiable
            static double[] ofRecord(Point p, double x) {
              return new double[] {between(p.s(), x) * p.v()[0], p.v()[1], x};
            }
            """.formatted(arguments);
    RecordGradientCheck check = RecordGradientCheck.ofMembers("Rows", members);
    check.checkJacobian("vector", 0.3, -0.4);
    Class<?> pointType = check.code().load("p.Rows$Point");
    var newPoint = pointType.getDeclaredConstructor(double.class, double[].class);
    newPoint.setAccessible(true);
    check.checkJacobian("ofRecord", newPoint.newInstance(0.2, new double[] {1.5, -2}), 0.7);
    check.checkJacobian("wideVectorOf", java.util.Arrays.stream(point(64)).boxed().toArray());
    for (String method : List.of("scalar", "vector", "ofRecord", "wideVectorOf")) {
      assertWithMessage(method).that(check.hasTangent(method)).isFalse();
    }
    double x = 0.3;
    double y = -0.4;
    var gradient = GeneratedCode.components(
        check.code().invokeGradientWith("p.Rows", "scalar", x, y));
    double h = 1e-6;
    GradientCheck.assertClose("d scalar/dx", (check.code().invokeUser("p.Rows", "scalar", x + h, y)
        - check.code().invokeUser("p.Rows", "scalar", x - h, y)) / (2 * h),
        (double) gradient.get("x"));
    GradientCheck.assertClose("d scalar/dy", (check.code().invokeUser("p.Rows", "scalar", x, y + h)
        - check.code().invokeUser("p.Rows", "scalar", x, y - h)) / (2 * h),
        (double) gradient.get("y"));
  }

  /**
   * A recursive method with many parameters, passing them on in another order with one held
   * constant: its pullback variants stay few and their names short enough for class files (found
   * by the fuzzer, seed 20261212, program 6619, whose variants multiplied until the heap ran
   * out; a variant's record was named after all 61 of its parameters).
   */
  @Test
  void variantsOfAManyParameterRecursionStayFewAndShortlyNamed() throws Exception {
    int n = 62;
    StringBuilder parameters = new StringBuilder();
    StringBuilder passed = new StringBuilder();
    for (int i = 0; i < n; i++) {
      parameters.append("double a").append(i).append(", ");
      passed.append(i == n - 1 ? "0.5" : "a" + ((i + 1) % (n - 1))).append(", ");
    }
    ArrayGradientCheck check = ArrayGradientCheck.ofMembers("Rotate", """
          @Differentiable
          static double rotate(%sint level) {
            if (level <= 0) {
              return Math.sin(a0) * a1 + a%d;
            }
            return rotate(%slevel - 1) * a%d + a0;
          }
        """.formatted(parameters, n - 1, passed, n - 1));
    String generated = check.code().compilation().generatedSourceFile("p.RotateGrad")
        .orElseThrow().getCharContent(true).toString();
    java.util.regex.Matcher names =
        java.util.regex.Pattern.compile("rotatePullback\\w*").matcher(generated);
    java.util.Set<String> variants = new java.util.TreeSet<>();
    while (names.find()) {
      variants.add(names.group());
    }
    assertWithMessage("variants %s", variants).that(variants.size()).isAtMost(17);
    for (String variant : variants) {
      assertWithMessage(variant).that(variant.length()).isAtMost(120);
    }
    Object[] point = new Object[n + 1];
    double[] a = point(n);
    for (int i = 0; i < n; i++) {
      point[i] = a[i];
    }
    point[n] = 3;
    check.check("rotate", point);
  }

  /** 127 doubles fill 254 slots: the method is legal, its result record and pullback are not. */
  @Test
  void tooManyDoubleParametersForTheGradientIsAnErrorOnTheMethod() {
    String members = manyParameters("f", 127, "@Differentiable").replace("static double f(",
        "static double f( //!\n");
    MarkedSource source = MarkedSource.ofMembers(members);
    Compilation compilation = source.compile();
    assertThat(compilation).hadErrorContaining("does not fit Java's limit of 255 parameter slots")
        .inFile(source.file()).onLine(source.line());
    assertWithMessage("errors: %s", compilation.errors()).that(compilation.errors()).hasSize(1);
  }
}
