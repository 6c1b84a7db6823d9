package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * flatgrad declares itself an isolating processor to Gradle: each generated {@code CGrad} has the
 * class {@code C} as its one originating element, so it may depend on {@code C}'s source file
 * only. Gradle then regenerates {@code CGrad} when, and only when, that file changes. Here: the
 * callee's generated class is the same whether or not its callers are compiled with it.
 */
class IsolationTest {

  private static final String WEIGHTS = """
      package p;

      import dev.flatgrad.Differentiable;

      class Weights {
        @Differentiable
        static double weighted(double a, double b, double scale) {
          return scale * (a * a + 3 * b);
        }
      }
      """;

  /** Calls the callee with constants, which could ask for a specialized pullback of it. */
  private static final String CALLER = """
      package p;

      import dev.flatgrad.Differentiable;

      class Caller {
        @Differentiable
        static double energy(double x) {
          return Weights.weighted(x, 2.0, 0.5) + Weights.weighted(1.0, x, 2.0);
        }
      }
      """;

  @Test
  void aGeneratedClassDependsOnItsOwnSourceFileOnly(@TempDir Path dir) {
    JavacRun.Result alone = new JavacRun(dir.resolve("alone"))
        .source("p/Weights.java", WEIGHTS)
        .compileWith(new FlatgradProcessor());
    JavacRun.Result withCaller = new JavacRun(dir.resolve("with-caller"))
        .source("p/Weights.java", WEIGHTS)
        .source("p/Caller.java", CALLER)
        .compileWith(new FlatgradProcessor());

    assertWithMessage("%s", alone.diagnostics()).that(alone.success()).isTrue();
    assertWithMessage("%s", withCaller.diagnostics()).that(withCaller.success()).isTrue();
    assertWithMessage("p/WeightsGrad.java with and without its caller")
        .that(withCaller.generatedSource("p/WeightsGrad.java"))
        .isEqualTo(alone.generatedSource("p/WeightsGrad.java"));
  }
}
