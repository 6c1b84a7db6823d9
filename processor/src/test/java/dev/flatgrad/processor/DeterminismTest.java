package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same sources give byte-identical generated files, whatever order javac reads them in. */
class DeterminismTest {

  private static final String LECTURE = """
      package demo;

      import dev.flatgrad.Activations;
      import dev.flatgrad.Differentiable;

      class Lecture {
        static final double SCALE = 0.5;

        @Differentiable
        static double neuron(double w0, double x0, double w1, double x1, double w2) {
          double s0 = w0 * x0;
          double s1 = w1 * x1;
          double s2 = s0 + s1;
          double s3 = s2 + w2;
          double L = Activations.sigmoid(s3);
          return L;
        }

        @Differentiable(wrt = "x")
        static double scaled(double x, double y, int n) {
          double t = x * y * SCALE;
          t = t + Math.exp(x) * n;
          t += Math.max(x, y);
          return t * t;
        }
      }
      """;

  private static final String MODELS = """
      package demo;

      import dev.flatgrad.Activations;
      import dev.flatgrad.Differentiable;

      class Models {
        static class Inner {
          @Differentiable
          static double loss(double a, double b) {
            double u = a * a + b - 11;
            double v = a + b * b - 7;
            return Activations.softplus(u * u + v * v);
          }
        }

        @Differentiable
        static double fanOut(double x) {
          double a = x * x;
          return a * a + a * Math.sin(a) - a / (1 + a);
        }
      }
      """;

  @Test
  void compilingTwiceGivesIdenticalFiles(@TempDir Path dir) {
    Map<String, byte[]> first = run(dir.resolve("first")).compileWith(new FlatgradProcessor())
        .generatedFiles();
    Map<String, byte[]> second = run(dir.resolve("second")).compileWith(new FlatgradProcessor())
        .generatedFiles();
    Map<String, byte[]> reversed = run(dir.resolve("reversed"))
        .compileReversedWith(new FlatgradProcessor())
        .generatedFiles();

    assertThat(first.keySet())
        .containsExactly("demo/LectureGrad.java", "demo/Models_InnerGrad.java",
            "demo/ModelsGrad.java");
    for (String file : first.keySet()) {
      assertWithMessage("%s, second run", file).that(second.get(file)).isEqualTo(first.get(file));
      assertWithMessage("%s, sources reversed", file).that(reversed.get(file))
          .isEqualTo(first.get(file));
    }
    assertThat(second.keySet()).isEqualTo(first.keySet());
    assertThat(reversed.keySet()).isEqualTo(first.keySet());
  }

  private static JavacRun run(Path dir) {
    return new JavacRun(dir)
        .source("demo/Lecture.java", LECTURE)
        .source("demo/Models.java", MODELS);
  }
}
