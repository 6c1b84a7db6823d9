package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.flatgrad.processor.ad.Gradient;
import dev.flatgrad.processor.ad.ReverseMode;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Function;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN.md §4, "the processor never throws": a bug inside flatgrad, forced here by handing the
 * processor an AD stage that fails, becomes one error on the method, and the other methods of the
 * class are still generated.
 */
class InternalFailureTest {

  private static final String MEMBERS = """
      @Differentiable
      static double fine(double x) {
        return x * x;
      }

      @Differentiable
      static double trigger(double x) { //!
        return x + 1;
      }
      """;

  static Stream<Arguments> failures() {
    return Stream.of(
        failure("IllegalStateException", () -> new IllegalStateException("no adjoint for t3")),
        failure("NullPointerException", NullPointerException::new),
        failure("AssertionError", () -> new AssertionError("unreachable")),
        failure("NoClassDefFoundError", () -> new NoClassDefFoundError("Missing")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void anInternalFailureIsOneErrorOnTheMethod(String name, Supplier<Throwable> failure) {
    MarkedSource source = MarkedSource.ofMembers(MEMBERS);
    FlatgradProcessor processor = new FlatgradProcessor(failingOn("trigger", failure));

    Compilation compilation = source.compile(processor);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("flatgrad could not differentiate Bad.trigger because of an internal"
            + " error: java.lang." + name)
        .inFile(source.file())
        .onLine(source.line());
    assertThat(compilation).hadErrorContaining("This is a bug in flatgrad, not in your code:"
        + " please report it with the source of this method.");
    String error = compilation.errors().get(0).getMessage(null);
    assertWithMessage("names where it was thrown").that(error).contains(" at ");
  }

  @Test
  void aStackOverflowSaysTheExpressionIsTooDeepAndWhatToDo() {
    // What a 3,000-term expression does to the recursive passes on a small stack (found by
    // MalformedFuzzTest): no bug to report, but one error on the method with two ways out.
    MarkedSource source = MarkedSource.ofMembers(MEMBERS);
    FlatgradProcessor processor = new FlatgradProcessor(
        failingOn("trigger", StackOverflowError::new));

    Compilation compilation = source.compile(processor);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("flatgrad could not differentiate Bad.trigger: an expression in it is"
            + " nested too deeply for the compiler's stack. Split it into several statements,"
            + " or give the compiler a larger stack (javac -J-Xss64m")
        .inFile(source.file())
        .onLine(source.line());
  }

  @Test
  void theOtherMethodsAreStillGenerated(@TempDir Path dir) {
    var run = new JavacRun(dir).source("test/Bad.java", MarkedSource.ofMembers(MEMBERS).text());
    FlatgradProcessor processor = new FlatgradProcessor(
        failingOn("trigger", () -> new IllegalStateException("no adjoint for t3")));

    JavacRun.Result result = run.compileWith(processor);

    assertWithMessage("%s", result.diagnostics()).that(result.errors()).hasSize(1);
    String generated = result.generatedSource("test/BadGrad.java");
    assertWithMessage("generated:\n%s", generated).that(generated)
        .contains("public static Fine fine(double x)");
    assertWithMessage("generated:\n%s", generated).that(generated).doesNotContain("trigger");
  }

  /** Reverse mode, except that it fails on the method named {@code name}. */
  private static FlatgradProcessor.Differentiator failingOn(String name,
      Supplier<Throwable> failure) {
    return new FlatgradProcessor.Differentiator() {
      @Override
      public Gradient gradient(Function function, Predicate<Callee> specializable) {
        failIfNamed(function);
        return ReverseMode.differentiate(function, specializable);
      }

      @Override
      public Gradient pullback(Function function, String methodName,
          Predicate<Callee> specializable) {
        failIfNamed(function);
        return ReverseMode.pullback(function, methodName, specializable);
      }

      private void failIfNamed(Function function) {
        if (function.name().equals(name)) {
          throw sneaky(failure.get());
        }
      }
    };
  }

  private static Arguments failure(String name, Supplier<Throwable> failure) {
    return Arguments.of(name, failure);
  }

  /** Throws any throwable, checked or not, from a lambda that declares none. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable throwable) throws T {
    throw (T) throwable;
  }
}
