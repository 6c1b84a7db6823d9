package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, one problem per case: each gives exactly one error, on the marked line, whose message
 * says what is wrong. Every snippet is valid Java, so the errors are flatgrad's alone.
 */
class DiagnosticsTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource({"signatures", "statements", "expressions", "calls", "fieldsAndLocals",
      "arrays"})
  void reportsOneErrorOnTheMarkedLine(String what, String members, String message) {
    MarkedSource source = MarkedSource.ofMembers(members);
    Compilation compilation = source.compile();

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(source.file()).onLine(source.line());
    assertWithMessage("errors for %s: %s", what, compilation.errors())
        .that(compilation.errors())
        .hasSize(1);
  }

  /** DESIGN.md §4: every problem is reported, and only the real ones. */
  @Nested
  class EveryProblem {

    @Test
    void threeProblemsInOneMethodGiveThreeErrors() {
      MarkedSource source = MarkedSource.ofMembers("""
          @Differentiable
          static double f(double x) {
            double a = Math.nextUp(x); //!
            double b = ((Object) x).hashCode(); //!
            java.util.BitSet c = null; //!
            return x;
          }
          """);
      Compilation compilation = source.compile();

      assertThat(compilation).hadErrorCount(3);
      assertThat(compilation).hadErrorContaining("Math.nextUp").inFile(source.file())
          .onLine(source.lines().get(0));
      assertThat(compilation).hadErrorContaining("calls to methods of").inFile(source.file())
          .onLine(source.lines().get(1));
      assertThat(compilation).hadErrorContaining("local variable c has type java.util.BitSet")
          .inFile(source.file())
          .onLine(source.lines().get(2));
    }

    @Test
    void problemsInSeveralMethodsAreAllReported() {
      MarkedSource source = MarkedSource.ofMembers("""
          @Differentiable
          static double first(double x) {
            return Math.nextDown(x); //!
          }

          @Differentiable
          double second(double self) { //!
            return self;
          }

          @Differentiable(wrt = "y") //!
          static double third(double x) {
            return x;
          }
          """);
      Compilation compilation = source.compile();

      assertThat(compilation).hadErrorCount(3);
      assertThat(compilation).hadErrorContaining("Math.nextDown").inFile(source.file())
          .onLine(source.lines().get(0));
      assertThat(compilation).hadErrorContaining("parameter 'self' of the instance method second")
          .inFile(source.file()).onLine(source.lines().get(1));
      assertThat(compilation).hadErrorContaining("wrt names 'y'").inFile(source.file())
          .onLine(source.lines().get(2));
    }

    @Test
    void aBadMethodDoesNotStopTheGoodOnesBeingGenerated(@TempDir Path dir) throws Exception {
      var run = new JavacRun(dir).source("test/Mixed.java", """
          package test;

          import dev.flatgrad.Differentiable;

          class Mixed {
            @Differentiable
            static double good(double x) {
              return x * x;
            }

            @Differentiable
            static double broken(double x) {
              return x * Math.random();
            }

            @Differentiable
            static double alsoGood(double x, double y) {
              return x * y;
            }
          }
          """);
      JavacRun.Result result = run.compileWith(new FlatgradProcessor());

      assertWithMessage("errors").that(result.errors()).hasSize(1);
      assertWithMessage("error").that(result.errors().get(0).getMessage(null))
          .contains("Math.random");
      assertWithMessage("line").that(result.errors().get(0).getLineNumber()).isEqualTo(13);
      String generated = result.generatedSource("test/MixedGrad.java");
      assertWithMessage("generated:\n%s", generated).that(generated)
          .contains("public static Good good(double x)");
      assertWithMessage("generated:\n%s", generated).that(generated)
          .contains("public static AlsoGood alsoGood(double x, double y)");
      assertWithMessage("generated:\n%s", generated).that(generated).doesNotContain("broken");

      // The generated class stands on its own: compile it alone and call the good method.
      Path generatedOnly = dir.resolve("generated-only");
      JavacRun.Result alone = new JavacRun(generatedOnly)
          .source("test/MixedGrad.java", generated)
          .compileDiscovering("-proc:none");
      assertWithMessage("%s", alone.diagnostics()).that(alone.success()).isTrue();
      try (var loader = new URLClassLoader(new URL[] {generatedOnly.resolve("classes").toUri()
          .toURL()}, getClass().getClassLoader())) {
        Object record = loader.loadClass("test.MixedGrad")
            .getMethod("good", double.class).invoke(null, 3.0);
        assertWithMessage("good(3)").that(GeneratedCode.components((Record) record))
            .containsExactly("value", 9.0, "x", 6.0).inOrder();
      }
    }

    @Test
    void aBadSignatureDoesNotHideTheBodysProblems() {
      MarkedSource source = MarkedSource.ofMembers("""
          @Differentiable(wrt = "z") //!
          static double f(double x,
              Object o, //!
              double value) { //!
            double y = Math.nextDown(x); //!
            y += o.hashCode();
            java.util.BitSet b = null; //!
            return y * value;
          }
          """);
      Compilation compilation = source.compile();

      assertThat(compilation).hadErrorCount(5);
      assertThat(compilation).hadErrorContaining("wrt names 'z'").inFile(source.file())
          .onLine(source.lines().get(0));
      assertThat(compilation).hadErrorContaining("parameter o of @Differentiable method f has"
          + " type java.lang.Object").inFile(source.file()).onLine(source.lines().get(1));
      assertThat(compilation).hadErrorContaining("parameter 'value' of @Differentiable method f")
          .inFile(source.file()).onLine(source.lines().get(2));
      assertThat(compilation).hadErrorContaining("Math.nextDown").inFile(source.file())
          .onLine(source.lines().get(3));
      assertThat(compilation).hadErrorContaining("local variable b has type java.util.BitSet")
          .inFile(source.file()).onLine(source.lines().get(4));
    }

    @Test
    void aBadConditionDoesNotHideAProblemInTheBranch() {
      MarkedSource source = MarkedSource.ofMembers("""
          @Differentiable
          static double f(double x) {
            if (Math.nextUp(x) > 0) { //!
              x = Math.nextDown(x); //!
            }
            return x;
          }
          """);
      Compilation compilation = source.compile();

      assertThat(compilation).hadErrorCount(2);
      assertThat(compilation).hadErrorContaining("Math.nextUp").inFile(source.file())
          .onLine(source.lines().get(0));
      assertThat(compilation).hadErrorContaining("Math.nextDown").inFile(source.file())
          .onLine(source.lines().get(1));
    }

    @Test
    void aBadLoopHeaderDoesNotHideAProblemInTheBody() {
      MarkedSource source = MarkedSource.ofMembers("""
          @Differentiable
          static double f(double x) {
            double s = 0;
            for (Long i = 0L; i < 3; i++) { //!
              s += x * i;
              double noise = Math.random(); //!
              s += noise;
            }
            return s;
          }
          """);
      Compilation compilation = source.compile();

      assertThat(compilation).hadErrorCount(2);
      assertThat(compilation).hadErrorContaining("local variable i has type Long")
          .inFile(source.file()).onLine(source.lines().get(0));
      assertThat(compilation).hadErrorContaining("Math.random").inFile(source.file())
          .onLine(source.lines().get(1));
    }

    @Test
    void aBrokenLocalIsReportedOnceNotAtEachUse() {
      MarkedSource source = MarkedSource.ofMembers("""
          @Differentiable
          static double f(double x) {
            double y = Math.nextUp(x); //!
            double z = y * 3;
            y += z;
            double w = Math.exp(z) + y;
            return w;
          }
          """);
      Compilation compilation = source.compile();

      assertThat(compilation).hadErrorCount(1);
      assertThat(compilation).hadErrorContaining("Math.nextUp").inFile(source.file())
          .onLine(source.line());
    }

    @Test
    void aBadParameterIsReportedOnceNotAtEachUse() {
      MarkedSource source = MarkedSource.ofMembers("""
          @Differentiable
          static double f(double x,
              Object label) { //!
            double n = label.hashCode();
            return x * n;
          }
          """);
      Compilation compilation = source.compile();

      assertThat(compilation).hadErrorCount(1);
      assertThat(compilation).hadErrorContaining("has type java.lang.Object")
          .inFile(source.file()).onLine(source.line());
    }
  }

  /**
   * One mistake, one error: what a reported statement declared or assigned, and the local classes
   * it declared, are not reported again where they are used.
   */
  @Nested
  class NoCascades {

    @Test
    void aLocalOfAnUnsupportedTypeIsReportedOnce() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            Double d = x; //!
            return d * 2;
          }
          """, "local variable d has type Double");
    }

    @Test
    void aLongLocalIsReportedOnceNotWhereItIsRead() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            Long n = 3L; //!
            return x * n;
          }
          """, "local variable n has type Long");
    }

    @Test
    void aLocalOfAnUnsupportedTypeIsReportedOnceNotWhereItIsAssigned() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            Integer s = 0; //!
            s = 1;
            s += 2;
            s++;
            return x;
          }
          """, "local variable s has type Integer");
    }

    @Test
    void aLocalOfAnUnsupportedTypeIsReportedOnceAsALoopBound() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            Long n = 3L; //!
            double s = 0;
            for (int i = 0; i < n; i++) {
              s += x;
            }
            return s;
          }
          """, "local variable n has type Long");
    }

    @Test
    void anUnsupportedLoopVariableIsReportedOnce() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            double s = 0;
            for (Integer i = 0; i < 3; i++) { //!
              s += x * i;
            }
            return s;
          }
          """, "local variable i has type Integer");
    }

    @Test
    void varWithoutInitializerIsReportedOnce() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            var y; //!
            y = x;
            return y;
          }
          """, "cannot infer type for local variable y (cannot use 'var' on variable without"
          + " initializer)");
    }

    @Test
    void aCallOnABrokenLocalIsNotReportedAgain() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            Object s = x; //!
            return x * s.hashCode() + s.toString().length();
          }
          """, "local variable s has type Object");
    }

    @Test
    void aLambdaInALocalIsReportedOnceAtTheLambda() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            java.util.function.Function<Double, Double> square = v -> v * v; //!
            return square.apply(x);
          }
          """, "is not supported: flatgrad translates lambdas for interfaces with one abstract"
          + " method");
    }

    @Test
    void aMethodReferenceInALocalIsReportedOnceAtTheReference() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            DoubleUnaryOperator e = Math::exp; //!
            return e.applyAsDouble(x);
          }
          """, "method references are not supported here: write it as a lambda");
    }

    @Test
    void aCastLambdaInAVarIsReportedOnceAtTheLambda() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            var square = (java.util.function.Function<Double, Double>) v -> v * v; //!
            return square.apply(x);
          }
          """, "is not supported: flatgrad translates lambdas for interfaces with one abstract"
          + " method");
    }

    @Test
    void anObjectInALocalIsReportedOnceAtNew() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            java.util.Random random = new java.util.Random(42); //!
            return x * random.nextDouble();
          }
          """, "object creation (new) is not supported in a @Differentiable method: write its"
          + " computation out here");
    }

    @Test
    void anAnonymousClassInALocalIsReportedOnce() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            DoubleUnaryOperator square = new DoubleUnaryOperator() {
              int calls; //!

              public double applyAsDouble(double v) {
                return v * v;
              }
            };
            return square.applyAsDouble(x);
          }
          """, "an anonymous class with a field is not supported");
    }

    @Test
    void aCallStatementOnABrokenLocalIsNotReportedAgain() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            java.util.BitSet text = new java.util.BitSet(); //!
            text.set(1);
            return x;
          }
          """, "object creation (new) is not supported");
    }

    @Test
    void anArrayOfAnUnsupportedTypeIsReportedOnce() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            double[][][][] a = new double[3][1][1][1]; //!
            a[0][0][0][0] = 1;
            return x * a[0][0][0][0] + a.length;
          }
          """, "arrays of type double[][][][] are not supported");
    }

    @Test
    void anArrayWithoutSizeIsReportedOnce() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            double[] u; //!
            u[0] = x;
            return u[0];
          }
          """, "declare the array u with its size");
    }

    @Test
    void aLocalAssignedInAnUnsupportedStatementIsNotUninitialized() {
      assertOneError("""
          @Differentiable
          static double f(double x, int k) {
            double y;
            synchronized (Bad.class) { //!
              y = x;
            }
            return y;
          }
          """, "a synchronized block is not supported");
    }

    @Test
    void aLocalAssignedUnderABadConditionIsNotUninitialized() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            double y;
            if (Math.nextUp(x) > 0) { //!
              y = 1;
            } else {
              y = 2;
            }
            return y;
          }
          """, "Math.nextUp is not supported");
    }

    @Test
    void aLocalAssignedInsideAnExpressionIsNotUninitialized() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            int m;
            double[] z = new double[m = 2]; //!
            return m + z[0] * x;
          }
          """, "an assignment inside an expression");
    }

    @Test
    void aLocalClassIsReportedOnceNotWhereItIsUsed() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            class Helper { //!
              static double twice(double v) {
                return 2 * v;
              }
            }
            Helper helper = new Helper();
            var other = new Helper();
            return Helper.twice(x) + new Helper().hashCode();
          }
          """, "a local class is not supported in a @Differentiable method: write its"
          + " computations as static @Differentiable methods of the class instead");
    }

    @Test
    void aLocalRecordIsReportedOnceNotWhereItIsUsed() {
      assertOneError("""
          @Differentiable
          static double f(double x) {
            record Point(double a) { //!
            }
            var p = new Point(x);
            return p.a();
          }
          """, "a local record is not supported");
    }

    private void assertOneError(String members, String message) {
      MarkedSource source = MarkedSource.ofMembers(members);
      Compilation compilation = source.compile();
      assertWithMessage("errors: %s", compilation.errors()).that(compilation.errors()).hasSize(1);
      assertThat(compilation).hadErrorContaining(message).inFile(source.file())
          .onLine(source.line());
    }
  }

  static Stream<Arguments> signatures() {
    return Stream.of(
        bad("throws clause naming a private exception", """
            private static class Oops extends Exception {
            }

            @Differentiable
            static double f(double x) throws Oops { //!
              return x;
            }
            """, "throws test.Bad.Oops, which the generated class cannot name; make it"
            + " package-private or public"),
        bad("a call on this to a method a subclass may override", """
            @Differentiable
            double g(double x) {
              return x * x;
            }

            @Differentiable
            double f(double x) {
              return g(x) + 1; //!
            }
            """, "g may be overridden in a subclass of Bad, whose derivative flatgrad cannot see"),
        bad("instance method of a generic class", """
            static class Box<T> {
              @Differentiable
              double f(double x) { //!
                return x;
              }
            }
            """, "is an instance method of the generic class Box"),
        bad("instance method with a custom derivative", """
            @Differentiable(pullback = "fBack")
            double f(double x) { //!
              return x;
            }

            static double fBack(double x, double upstream) {
              return upstream;
            }
            """, "has a custom derivative, so it must be static"),
        bad("local named self in an instance method", """
            @Differentiable
            double f(double x) {
              double self = x; //!
              return self;
            }
            """, "the local variable self clashes with the receiver"),
        bad("abstract method", """
            abstract static class Shape {
              @Differentiable
              abstract double area(double r); //!
            }
            """, "area is abstract"),
        bad("interface method without body", """
            interface Fn {
              @Differentiable
              double apply(double x); //!
            }
            """, "apply is abstract"),
        bad("native method", """
            @Differentiable
            static native double f(double x); //!
            """, "f is native"),
        bad("returns long", """
            @Differentiable
            static long f(double x) { //!
              return (long) x;
            }
            """, "returns long; it must return double"),
        bad("Jacobian with respect to a float", """
            @Differentiable
            static double[] f(float x, double z) { //!
              double[] y = new double[1];
              y[0] = x * z;
              return y;
            }
            """, "Jacobian with respect to the float parameter x is not supported yet"),
        bad("returns void", """
            @Differentiable
            static void f(double x) { //!
            }
            """, "returns void; it must return double"),
        bad("returns boxed Double", """
            @Differentiable
            static Double f(double x) { //!
              return x;
            }
            """, "returns java.lang.Double; it must return double"),
        bad("Object parameter", """
            @Differentiable
            static double f(double x,
                Object label) { //!
              return x;
            }
            """, "parameter label of @Differentiable method f has type java.lang.Object"),
        bad("boxed Long parameter", """
            @Differentiable
            static double f(double x,
                Long n) { //!
              return x;
            }
            """, "parameter n of @Differentiable method f has type java.lang.Long"),
        bad("boxed Double parameter", """
            @Differentiable
            static double f(double x,
                Double y) { //!
              return x;
            }
            """, "parameter y of @Differentiable method f has type java.lang.Double"),
        bad("parameter named value", """
            @Differentiable
            static double f(double x,
                double value) { //!
              return x * value;
            }
            """, "parameter 'value' of @Differentiable method f clashes with the value component"),
        bad("wrt names an unknown parameter", """
            @Differentiable(wrt = "z") //!
            static double f(double x) {
              return x;
            }
            """, "wrt names 'z', but f has no parameter of that name"),
        bad("wrt names an int parameter", """
            @Differentiable(wrt = {"x", "n"}) //!
            static double f(double x, int n) {
              return x * n;
            }
            """, "wrt names 'n', a parameter of type int; only double, float, their arrays and matrices"),
        bad("wrt names a parameter twice", """
            @Differentiable(wrt = {"x", "y",
                "x"}) //!
            static double f(double x, double y) {
              return x * y;
            }
            """, "wrt names 'x' twice"));
  }

  static Stream<Arguments> statements() {
    return Stream.of(
        bad("switch on a long", """
            @Differentiable
            static double f(double x, long k) {
              switch (k) { //!
                default:
                  x = x * 3;
              }
              return x;
            }
            """, "a switch on a long is not supported"),
        bad("try statement", """
            @Differentiable
            static double f(double x) {
              double y = x;
              try { //!
                y = x * x;
              } finally {
                y = y + 1;
              }
              return y;
            }
            """, "a try statement is not supported"),
        bad("throw of something other than a new exception", """
            static RuntimeException failure() {
              return new IllegalStateException("no");
            }

            @Differentiable
            static double f(double x) {
              if (x < 0) {
                throw failure(); //!
              }
              return x;
            }
            """, "only a new exception can be thrown here, as in throw new"
            + " IllegalArgumentException(\"x must be > 0: \" + x)"),
        bad("throw of a private exception class", """
            private static class Oops extends RuntimeException {
            }

            @Differentiable
            static double f(double x) {
              if (x < 0) {
                throw new Oops(); //!
              }
              return x;
            }
            """, "Oops is private, but the generated code must throw it; make it"
            + " package-private"),
        bad("a method that always throws", """
            @Differentiable
            static double f(double x) { //!
              throw new UnsupportedOperationException("not yet");
            }
            """, "f always throws or loops forever: it has no value to differentiate"),
        bad("synchronized block", """
            @Differentiable
            static double f(double x) {
              double y = x;
              synchronized (Bad.class) { //!
                y = y * 2;
              }
              return y;
            }
            """, "a synchronized block is not supported"),
        bad("local class", """
            @Differentiable
            static double f(double x) {
              class Helper { //!
              }
              return x;
            }
            """, "a local class is not supported"),
        bad("an instance method called as a statement", """
            @Differentiable
            static double f(double x) {
              new java.util.BitSet().set(1); //!
              return x;
            }
            """, "is not supported as a statement: only calls of static methods that return"
            + " nothing flatgrad differentiates"),
        bad("a Math call as a statement", """
            @Differentiable
            static double f(double x) {
              Math.exp(x); //!
              return x;
            }
            """, "the call Math.exp(...) is not supported as a statement: only calls of static"
            + " methods that return nothing flatgrad differentiates"),
        bad("a method of a private field that is no logger", """
            private static final StringBuilder TRACE = new StringBuilder();

            @Differentiable
            static double f(double x) {
              TRACE.append("f"); //!
              return x;
            }
            """, "the generated code cannot call methods of the private field TRACE, and copies"
            + " only private loggers (its initializer is no call such as Logger.getLogger"),
        bad("System.arraycopy between arrays of two types", """
            @Differentiable
            static double f(double x) {
              double[] t = new double[2];
              int[] k = {1, 2};
              System.arraycopy(k, 0, t, 0, 2); //!
              return t[0] * x;
            }
            """, "System.arraycopy from int[] into double[] throws ArrayStoreException"),
        bad("Arrays.sort of an int[]", """
            @Differentiable
            static double f(double x) {
              int[] t = {2, 1};
              java.util.Arrays.sort(t); //!
              return t[0] * x;
            }
            """, "Arrays.sort is supported for a double[] variable"),
        bad("local record", """
            @Differentiable
            static double f(double x) {
              record Pair(double a, double b) { //!
              }
              return x;
            }
            """, "a local record is not supported in a @Differentiable method: write its"
            + " computations as static @Differentiable methods of the class instead"),
        bad("local interface", """
            @Differentiable
            static double f(double x) {
              interface Shape { //!
              }
              return x;
            }
            """, "a local interface is not supported"),
        bad("object creation as a statement", """
            @Differentiable
            static double f(double x) {
              new StringBuilder(); //!
              return x;
            }
            """, "object creation (new) is not supported as a statement"));
  }

  static Stream<Arguments> expressions() {
    return Stream.of(
        bad("lambda", """
            @Differentiable
            static double f(double x) {
              double y = ((DoubleUnaryOperator) v -> v * v).applyAsDouble(x); //!
              return y;
            }
            """, "a lambda expression is not supported"),
        bad("lambda under a cast", """
            @Differentiable
            static double f(double x) {
              double y = ((DoubleUnaryOperator) (v -> v * v)).applyAsDouble(x); //!
              return y;
            }
            """, "a lambda expression is not supported in a @Differentiable method: write its"
            + " computation out here, or in a static @Differentiable method"),
        bad("method reference", """
            @Differentiable
            static double f(double x) {
              double y = ((DoubleUnaryOperator) Math::exp).applyAsDouble(x); //!
              return y;
            }
            """, "a method reference is not supported"),
        bad("new object", """
            @Differentiable
            static double f(double x) {
              var random = new java.util.Random(); //!
              return x;
            }
            """, "object creation (new) is not supported"),
        bad("method call on a new object", """
            @Differentiable
            static double f(double x) {
              double y = x * new java.util.Random(42).nextDouble(); //!
              return y;
            }
            """, "object creation (new) is not supported"),
        bad("method call on a string literal", """
            @Differentiable
            static double f(double x) {
              return x * "abc".hashCode(); //!
            }
            """, "calls to methods of the string \"abc\" are not supported: a @Differentiable"
            + " method calls only the string methods that answer with data, such as"
            + " equalsIgnoreCase, startsWith, length and charAt"),
        bad("instanceof", """
            @Differentiable
            static double f(double x) {
              var isNumber = ((Object) x) instanceof Double; //!
              return x;
            }
            """, "instanceof is not supported"),
        bad("assignment inside an array size", """
            @Differentiable
            static double f(double x, int n) {
              int m;
              double[] z = new double[m = n + 1]; //!
              return z.length * x + m;
            }
            """, "an assignment inside an expression (write it as a statement) is not supported"),
        bad("a compound assignment that changes its own target", """
            @Differentiable
            static double f(double w) {
              w += w += 1; //!
              return w;
            }
            """, "a compound assignment whose right side changes its own target is not supported"),
        bad("increment inside an array size", """
            @Differentiable
            static double f(double x, int n) {
              double[] y = new double[n++]; //!
              return x * n;
            }
            """, "++ or -- inside an expression (write it as a statement) is not supported"),
        bad("unknown name", """
            @Differentiable
            static double f(double x) {
              return x * y; //!
            }
            static double y() {
              return 1;
            }
            """, "cannot find symbol: variable y"));
  }

  static Stream<Arguments> calls() {
    return Stream.of(
        bad("a problem inside a helper without @Differentiable, reported in the helper", """
            static double square(double v) {
              return v * v * ((Object) v).hashCode(); //!
            }

            @Differentiable
            static double f(double x) {
              return square(x);
            }
            """, "calls to methods of"),
        bad("overloaded helpers", """
            static double g(double v) {
              return v;
            }

            static double g(double[] v) {
              return v[0];
            }

            @Differentiable
            static double f(double x) {
              return g(x); //!
            }
            """, "the call to g matches several overloads with 1 parameters"),
        bad("@Differentiable callee writing to its array parameter", """
            @Differentiable
            static double g(double[] v) {
              v[0] = 2 * v[0];
              return v[0];
            }

            @Differentiable
            static double f(double[] x) {
              double[] t = new double[1];
              t[0] = x[0];
              return g(t) + t[0]; //!
            }
            """, "calls to g(...) are not supported: it writes to its array parameter v"),
        bad("@Differentiable callee writing its array parameter in a void helper", """
            static void twice(double[] a) {
              a[0] *= 2;
            }

            @Differentiable
            static double g(double[] v) {
              twice(v);
              return v[0];
            }

            @Differentiable
            static double f(double[] x) {
              double[] t = new double[1];
              t[0] = x[0];
              return g(t) + t[0]; //!
            }
            """, "calls to g(...) are not supported: it writes to its array parameter v"),
        bad("a void helper that calls itself", """
            static void down(double[] a, int n) {
              if (n > 0) {
                a[n] += a[n - 1];
                down(a, n - 1); //!
              }
            }

            @Differentiable
            static double f(double[] x) {
              double[] t = new double[3];
              t[0] = x[0];
              down(t, 2);
              return t[2];
            }
            """, "the void method down calls itself"),
        bad("a void helper of another class", """
            static final class Other {
              @Differentiable
              static void fill(double[] a, double v) {
                a[0] = v;
              }
            }

            @Differentiable
            static double f(double x) {
              double[] t = new double[1];
              Other.fill(t, x); //!
              return t[0];
            }
            """, "flatgrad differentiates the void method fill by reading its body where it is"
            + " called, which it does only for methods of the caller's own class or a class"
            + " around it"),
        bad("a void helper writing into a field", """
            static final double[] TABLE = {1, 2};

            static void fill(double[] a, double v) {
              a[0] = v;
            }

            @Differentiable
            static double f(double x) {
              fill(TABLE, x); //!
              return x;
            }
            """, "fill writes into its parameter a, but TABLE is a field"),
        bad("an error in a void helper inlined at three calls is reported once", """
            private static void fill(double[] a, double v) {
              java.util.BitSet c = null; //!
              a[0] = v;
            }

            @Differentiable
            static double f(double x) {
              double[] t = new double[1];
              fill(t, x);
              fill(t, 2 * x);
              return t[0];
            }

            @Differentiable
            static double g(double x) {
              double[] t = new double[1];
              fill(t, x);
              return t[0];
            }
            """, "local variable c has type java.util.BitSet"),
        bad("a void helper with a parameter of an unsupported type", """
            private static void check(double v, Object why) {
            }

            @Differentiable
            static double f(double x) {
              check(x, null); //!
              return x;
            }
            """, "the parameter why of check has type java.lang.Object"),
        bad("varargs helper", """
            static double sum(double... v) {
              return v[0];
            }

            @Differentiable
            static double f(double x) {
              return sum(x, x); //!
            }
            """, "calls to sum(...) with values for its variable arguments are not supported:"
            + " pass them in one array"),
        bad("an overridable instance helper", """
            double scale(double x) {
              return 2 * x;
            }

            @Differentiable
            double f(double x) {
              return scale(x); //!
            }
            """, "scale may be overridden in a subclass of Bad, whose derivative flatgrad cannot"
            + " see from here; make scale private or final (or Bad final)"),
        bad("an instance helper on another object", """
            private double scale(double x) {
              return 2 * x;
            }

            @Differentiable
            static double f(double x) {
              return new Bad().scale(x); //!
            }
            """, "object creation (new) is not supported"),
        bad("one value for a varargs helper", """
            static double sum(double... v) {
              return v[0];
            }

            @Differentiable
            static double f(double x) {
              return sum(x); //!
            }
            """, "calls to sum(...) with values for its variable arguments are not supported:"
            + " pass them in one array"),
        bad("helper with an unsupported parameter type", """
            static double g(double v, Object unit) {
              return v;
            }

            @Differentiable
            static double f(double x) {
              return g(x, null); //!
            }
            """, "its parameter unit has type java.lang.Object"),
        bad("a derivative flowing into a passive call returning double", """
            @Differentiable
            static double f(double x) {
              double y = x * 2;
              return Double.sum(y, 1) * x; //!
            }
            """, "the call to Double.sum passes a value that depends on a differentiated"
            + " parameter, but flatgrad cannot differentiate Double.sum: annotate it"
            + " @Differentiable, give it a custom derivative with @Differentiable(pullback ="
            + " ...), or pass it values that carry no derivative"),
        bad("a passive call returning long", """
            @Differentiable
            static double f(double x) {
              return x * Double.doubleToLongBits(x); //!
            }
            """, "Double.doubleToLongBits returns long, which a @Differentiable method cannot"
            + " compute with"),
        bad("Math.random", """
            @Differentiable
            static double f(double x) {
              double noise = Math.random(); //!
              return x + noise;
            }
            """, "Math.random is not deterministic"),
        bad("Math.nextUp", """
            @Differentiable
            static double f(double x) {
              return Math.nextUp(x); //!
            }
            """, "Math.nextUp is not supported; the supported Math functions are"),
        bad("object-typed local", """
            @Differentiable
            static double f(double x) {
              java.util.BitSet text = null; //!
              return x;
            }
            """, "local variable text has type java.util.BitSet"));
  }

  static Stream<Arguments> fieldsAndLocals() {
    return Stream.of(
        bad("write to a static field", """
            static double total;

            @Differentiable
            static double f(double x) {
              total = x; //!
              return x;
            }
            """, "writes to fields are not supported"),
        bad("compound write to a static field", """
            static double total;

            @Differentiable
            static double f(double x) {
              total += x; //!
              return x;
            }
            """, "writes to fields are not supported"),
        bad("write to a qualified static field", """
            static double total;

            @Differentiable
            static double f(double x) {
              Bad.total = x; //!
              return x;
            }
            """, "writes to fields are not supported"),
        bad("write to an unknown name", """
            @Differentiable
            static double f(double x) {
              y = x; //!
              return x;
            }
            """, "cannot find symbol: variable y"),
        bad("compound write to an unknown name", """
            @Differentiable
            static double f(double x) {
              y *= x; //!
              return x;
            }
            """, "cannot find symbol: variable y"),
        bad("write to an instance field", """
            double weight = 2;

            @Differentiable
            double f(double x) {
              weight = x; //!
              return x;
            }
            """, "writes to fields are not supported"),
        bad("field of type long", """
            static final Long N = 3L;

            @Differentiable
            static double f(double x) {
              return N * x; //!
            }
            """, "the field N has type java.lang.Long"),
        bad("read of an instance field", """
            final double weight = 2;

            @Differentiable
            static double f(double x) {
              return x * weight; //!
            }
            """, "the instance field weight cannot be read from a static method"),
        bad("double assigned to an int local", """
            @Differentiable
            static double f(double x) {
              int n = x; //!
              return n;
            }
            """, "incompatible types: possible lossy conversion from double to int"),
        bad("boxed Double local", """
            @Differentiable
            static double f(double x) {
              Double d = x; //!
              return x;
            }
            """, "local variable d has type Double"),
        bad("long local", """
            @Differentiable
            static double f(double x) {
              Long n = 3L; //!
              return x;
            }
            """, "local variable n has type Long"),
        bad("functional interface local", """
            @Differentiable
            static double f(double x) {
              java.util.function.Function<Double, Double> square = v -> v * v; //!
              return x;
            }
            """, "is not supported: flatgrad translates lambdas for interfaces with one abstract"
            + " method that takes and returns numbers"),
        bad("object-typed local with new", """
            @Differentiable
            static double f(double x) {
              java.util.BitSet text = new java.util.BitSet(); //!
              return x;
            }
            """, "object creation (new) is not supported in a @Differentiable method: write its"
            + " computation out here, or in a static @Differentiable method"),
        bad("var without initializer", """
            @Differentiable
            static double f(double x) {
              var y; //!
              return x;
            }
            """, "cannot infer type for local variable y (cannot use 'var' on variable without"
            + " initializer)"));
  }

  static Stream<Arguments> arrays() {
    return Stream.of(
        bad("write to a matrix parameter", """
            @Differentiable
            static double f(double[][] w, double x) {
              w[0][0] = x; //!
              return x;
            }
            """, "writes to the matrix parameter w are not supported"),
        bad("matrix in a loop whose size changes", """
            @Differentiable
            static double f(double[] w) {
              double s = 0;
              for (int i = 0; i < w.length; i++) {
                double[][] block = new double[i + 1][2]; //!
                block[i][0] = w[i];
                s += block[i][0];
              }
              return s;
            }
            """, "the matrix block is declared inside a loop or branch, so its sizes must be"
            + " fixed"),
        bad("matrix in a loop sized by a local reassigned later", """
            @Differentiable
            static double f(double[] w) {
              double s = 0;
              int m = 2;
              for (int i = 0; i < w.length; i++) {
                double[][] block = new double[m][2]; //!
                block[0][0] = w[i];
                s += block[0][0];
                m = m + 1;
              }
              return s;
            }
            """, "the matrix block is declared inside a loop or branch, so its sizes must be"
            + " fixed"),
        bad("an assert whose message changes a variable", """
            @Differentiable
            static double f(double b) {
              assert b > -1e300 : "v = " + (++b); //!
              return b;
            }
            """, "this assert changes b, but Java evaluates an assert's condition only when"
            + " assertions are enabled (-ea) and its message only when the condition fails"),
        bad("array chosen by a conditional", """
            @Differentiable
            static double f(double[] w, double[] v, boolean b) {
              double[] u = b ? w : v; //!
              return u[0];
            }
            """, "the array u chooses among arrays, which flatgrad supports only for tables held"
            + " in fields (static arrays), not for w; index the arrays in each branch instead"),
        bad("write through a row view of a matrix parameter", """
            @Differentiable
            static double f(double[][] m, double x) {
              double[] row = m[0];
              row[1] = x; //!
              return row[1];
            }
            """, "writes to the matrix parameter m (through row) are not supported"),
        bad("ragged tensor initializer", """
            @Differentiable
            static double f(double x) {
              double[][][] t = {{{x, x}}, {{x}}}; //!
              return t[1][0][0];
            }
            """, "the rows of t have different lengths (2 and 1)"),
        bad("matrix without the size of its rows", """
            @Differentiable
            static double f(double x) {
              double[][] m = new double[3][]; //!
              return x;
            }
            """, "the rows of m must be assigned in the same block as its declaration"),
        bad("index into an unknown name", """
            @Differentiable
            static double f(double x) {
              u[0] = x; //!
              return x;
            }
            """, "cannot find symbol: variable u"),
        bad("write into a static final array", """
            static final double[] W = {1, 2};

            @Differentiable
            static double f(double x) {
              W[0] = x; //!
              return x;
            }
            """, "writes to the elements of the field W are not supported"),
        bad("alias of an array reallocated while it is in scope", """
            @Differentiable
            static double f(double[] w) {
              double[] z = new double[w.length];
              double[] v = z; //!
              for (int i = 0; i < 2; i++) {
                z = new double[3];
              }
              return w[0] + v[0];
            }
            """, "v refers to the array that z holds, and z is reallocated while v is in scope"
            + " (z = new double[3]); Java's v would keep the old array"),
        bad("for-each over an array its body reallocates", """
            @Differentiable
            static double f(double[] w) {
              double[] z = w.clone();
              double s = 0;
              for (double e : z) { //!
                s += e;
                z = new double[1];
              }
              return s;
            }
            """, "e refers to the array that z holds, and z is reallocated while e is in scope"),
        bad("array reassigned both new arrays and other arrays", """
            @Differentiable
            static double f(double[] w) {
              double[] z = new double[2];
              double[] t = new double[2];
              t = z;
              z = new double[3]; //!
              return w[0] + t[0];
            }
            """, "the array z is reassigned both a new array and other arrays"),
        bad("reallocated array initialized with a parameter", """
            @Differentiable
            static double f(double[] w) {
              double[] z = w; //!
              z = new double[3];
              return z[0];
            }
            """, "the array z is reallocated, so initialize it with a new array too"),
        bad("reallocated array assigned a call", """
            @Differentiable
            static double f(double[] w) {
              double[] z = new double[2];
              for (int i = 0; i < 2; i++) {
                z = new double[i + 1];
                z = java.util.Arrays.copyOf(z, 4); //!
              }
              return w[0] + z[0];
            }
            """, "a copy of z into z itself is supported only at the top level of the method"),
        bad("long[][] parameter", """
            @Differentiable
            static double f(double x,
                long[][] counts) { //!
              return x;
            }
            """, "parameter counts of @Differentiable method f has type long[][]"),
        bad("three-dimensional float array parameter", """
            @Differentiable
            static double f(double x,
                float[][][] cube) { //!
              return x;
            }
            """, "parameter cube of @Differentiable method f has type float[][][]"),
        bad("wrt names a boolean[] parameter", """
            @Differentiable(wrt = {"x", "mask"}) //!
            static double f(double x, boolean[] mask) {
              return x;
            }
            """, "wrt names 'mask', a parameter of type boolean[]"));
  }

  private static Arguments bad(String what, String members, String message) {
    return Arguments.of(what, members, message);
  }
}
