package dev.flatgrad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

/** Builds that turn every javac warning into an error still compile with flatgrad. */
class LintTest {

  @Test
  void compilesUnderXlintAllAndWerror() {
    Compilation compilation = Compiler.javac()
        .withProcessors(new FlatgradProcessor())
        .withOptions("--release", "17", "-Xlint:all", "-Werror")
        .compile(JavaFileObjects.forSourceString("test.Strict", """
            package test;

            import dev.flatgrad.Activations;
            import dev.flatgrad.Differentiable;

            final class Strict {
              @Differentiable
              static double neuron(double w, double x, double b) {
                return Activations.sigmoid(w * x + b);
              }

              @Differentiable(wrt = "x")
              static double weightedSquares(double[] x, double[] weights) {
                double total = 0;
                double running = 1;
                for (int i = 0; i < x.length; i++) {
                  running = running * Math.tanh(x[i]);
                  total += weights[i] * x[i] * x[i] + running;
                }
                return neuron(total, 2, running);
              }
            }
            """));

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void leavesAnotherGeneratorsGeneratedAnnotationUnclaimed() {
    Compilation compilation = Compiler.javac()
        .withProcessors(new FlatgradProcessor())
        .withOptions("--release", "17", "-Xlint:all")
        .compile(JavaFileObjects.forSourceString("test.Other", """
            package test;

            @javax.annotation.processing.Generated("some.other.Generator")
            final class Other {
              @dev.flatgrad.Differentiable
              static double square(double x) {
                return x * x;
              }
            }
            """));

    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("No processor claimed any of these annotations");
  }
}
