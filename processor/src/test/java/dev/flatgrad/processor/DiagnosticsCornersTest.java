package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics that used to be missing or wrong: methods flatgrad never saw, a message that
 * contradicted itself, a follow-on error about an error, and a method too large for javac that
 * ran the processor out of memory.
 */
class DiagnosticsCornersTest {

  @Test
  void methodOfALocalClassIsReported() {
    assertOneError("""
        static double host(double y) {
          class Local {
            @Differentiable
            static double f(double x) { //!
              return x * x;
            }
          }
          return y;
        }
        """, "@Differentiable on a method of a local class is not supported");
  }

  @Test
  void methodOfAnAnonymousClassIsReported() {
    assertOneError("""
        static Object anonymous = new Object() {
          @Differentiable
          double f(double x) { //!
            return x;
          }
        };
        """, "@Differentiable on a method of an anonymous class is not supported");
  }

  @Test
  void methodOfAClassInsideALambdaInsideALocalClassIsReported() {
    assertOneError("""
        @Differentiable
        static double fine(double x) {
          return x * x;
        }

        static Runnable task = () -> {
          class Local {
            class Member {
              @Differentiable
              double g(double x) { //!
                return x;
              }
            }
          }
        };
        """, "@Differentiable on a method of a local class is not supported");
  }

  @Test
  void anArrayAllocatedAsAnArgumentSaysWhatToWriteInstead() {
    // With its elements, new double[] {x, y} as an argument works (ArrayInitializersGradientTest).
    Compilation compilation = assertOneError("""
        @Differentiable
        static double sum(double[] v) {
          return v[0] + v[1];
        }

        @Differentiable
        static double f(double x, double y) {
          return sum(new double[2]) + x; //!
        }
        """, "an array created inside an expression is not supported: create it in a declaration"
        + " of its own");
    // Not "array creation is not supported ...; use ... arrays".
    assertThat(compilation.errors().get(0).getMessage(null)).doesNotContain("use double and int");
  }

  @Test
  void aBadAssignmentInAConditionIsOneErrorNotAlsoAnUninitializedVariable() {
    assertOneError("""
        @Differentiable
        static double f(double x) {
          double y;
          if ((y = x * ((Object) x).hashCode()) > 0) { //!
            return y;
          }
          while (y < 0) {
            y = y + 1;
            x = x * y;
          }
          return x;
        }
        """, "calls to methods of");
  }

  @Test
  void methodTooLargeForJavacIsReportedOnIt() {
    StringBuilder body = new StringBuilder("double a0 = x;\n");
    for (int i = 1; i < 20_000; i++) {
      body.append("double a").append(i).append(" = a").append(i - 1).append(" * x + ")
          .append(i % 7).append(".0;\n");
    }
    assertOneError("""
        @Differentiable
        static double f(double x) { //!
        %s  return a19999;
        }
        """.formatted(body), "code too large: f compiles to more than");
  }

  @Test
  void aLongMethodJavacAcceptsIsNotReported() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      body.append("s = Math.sin(s) * x + ").append(i % 7).append(".0;\n");
    }
    MarkedSource source = MarkedSource.ofMembers("""
        @Differentiable
        static double f(double x) {
          double s = x;
        %s  return s;
        }
        """.formatted(body));
    assertThat(source.compile()).succeeded();
  }

  private static Compilation assertOneError(String members, String message) {
    MarkedSource source = MarkedSource.ofMembers(members);
    Compilation compilation = source.compile();
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(source.file())
        .onLine(source.line());
    assertWithMessage("errors: %s", compilation.errors()).that(compilation.errors()).hasSize(1);
    return compilation;
  }
}
