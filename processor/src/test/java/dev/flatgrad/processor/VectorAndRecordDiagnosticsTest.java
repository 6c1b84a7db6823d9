package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What flatgrad cannot do yet with vector-valued methods and record parameters: each case gives
 * exactly one error, on the marked line, saying what to write instead.
 */
class VectorAndRecordDiagnosticsTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsOneErrorOnTheMarkedLine(String what, String members, String message) {
    MarkedSource source = MarkedSource.ofMembers(members);
    Compilation compilation = source.compile();

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(source.file())
        .onLine(source.line());
    assertWithMessage("errors for %s: %s", what, compilation.errors())
        .that(compilation.errors())
        .hasSize(1);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("returns double[][]", """
            @Differentiable
            static double[][] f(double x) { //!
              return new double[][] {{x}};
            }
            """, "returns double[][]; it must return double, float or double[]"),
        Arguments.of("early return of a vector", """
            @Differentiable
            static double[] f(double x) {
              double[] y = {x, 2 * x};
              if (x > 0) {
                return y; //!
              }
              return y;
            }
            """, "must return once, as its last statement"),
        Arguments.of("returns a parameter", """
            @Differentiable
            static double[] f(double[] x) {
              return x; //!
            }
            """, "return a local array"),
        Arguments.of("record with a String component", """
            record Named(double[] w, String name) {}

            @Differentiable
            static double f(
                Named n) { //!
              return n.w()[0];
            }
            """, "component name of the record test.Bad.Named has type java.lang.String"),
        Arguments.of("private record", """
            private record P(double a) {}

            @Differentiable
            static double f(
                P p) { //!
              return p.a();
            }
            """, "is private, but the generated class must name it"),
        Arguments.of("record used as a value", """
            record Inner(double[] b) {}
            record Outer(Inner inner, double c) {}

            @Differentiable
            static double f(Outer o) {
              if (o.inner() == null) { //!
                return 0;
              }
              return o.inner().b().length * o.c();
            }
            """, "o.inner() is a record, which is not a value"),
        Arguments.of("wrt names a data record", """
            record D(double x, int n) {}

            @Differentiable(wrt = "d") //!
            static double f(D d) {
              return d.x() * d.n();
            }
            """, "wrt names 'd', a record with int or boolean components"),
        Arguments.of("a record passed to a method outside its wrt", """
            record P(double[] w) {}

            @Differentiable(wrt = "s")
            static double g(P p, double s) {
              return p.w()[0] * s;
            }

            @Differentiable
            static double f(P p) { //!
              return 2 * g(p, 1.0);
            }
            """, "as its parameter 'p', which g is not differentiated with respect to"),
        Arguments.of("write into a record's array", """
            record P(double[] w) {}

            @Differentiable
            static double f(P p) {
              p.w()[0] = 1; //!
              return p.w()[0];
            }
            """, "p.w()"));
  }
}
