package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.flatgrad.processor.GradientCheck.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The lecture's neuron (DESIGN.md §1) and the flat code it must generate (DESIGN.md §2). */
class NeuronSourceTest {

  private static final String LECTURE =
      """
      package test;

      import dev.flatgrad.Activations;
      import dev.flatgrad.Differentiable;

      class Lecture {
        @Differentiable
        static double neuron(double w0, double x0, double w1, double x1, double w2) {
          double s0 = w0 * x0;
          double s1 = w1 * x1;
          double s2 = s0 + s1;
          double s3 = s2 + w2;
          double L = Activations.sigmoid(s3);
          return L;
        }
      }
      """;

  /** DESIGN.md §2, verbatim but for indentation. */
  private static final List<String> EXPECTED_METHOD =
      List.of(
          "public static Neuron neuron(double w0, double x0, double w1, double x1, double w2) {",
          "// forward",
          "double s0 = w0 * x0;",
          "double s1 = w1 * x1;",
          "double s2 = s0 + s1;",
          "double s3 = s2 + w2;",
          "double L = Activations.sigmoid(s3);",
          "// backward",
          "double grad_L = 1.0;",
          "double grad_s3 = grad_L * (1 - L) * L;",
          "double grad_w2 = grad_s3;",
          "double grad_s2 = grad_s3;",
          "double grad_s1 = grad_s2;",
          "double grad_s0 = grad_s2;",
          "double grad_x1 = grad_s1 * w1;",
          "double grad_w1 = grad_s1 * x1;",
          "double grad_x0 = grad_s0 * w0;",
          "double grad_w0 = grad_s0 * x0;",
          "return new Neuron(L, grad_w0, grad_x0, grad_w1, grad_x1, grad_w2);",
          "}");

  @Test
  void generatedMethodIsTheLecturesFlatCode() throws IOException {
    Compilation compilation = GeneratedCode.compileOnly("test.Lecture", LECTURE);
    assertThat(compilation).succeeded();
    JavaFileObject generated =
        compilation
            .generatedSourceFile("test.LectureGrad")
            .orElseThrow(() -> new AssertionError("no test.LectureGrad was generated"));
    String source = generated.getCharContent(true).toString();

    // Indentation and blank lines are the emitter's business; the lines themselves are the design.
    List<String> lines =
        source.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    assertWithMessage("generated source:\n%s", source)
        .that(lines)
        .containsAtLeastElementsIn(EXPECTED_METHOD)
        .inOrder();
    assertWithMessage("the method must be exactly these lines, contiguous; generated:\n%s", source)
        .that(Collections.indexOfSubList(lines, EXPECTED_METHOD))
        .isAtLeast(0);
  }

  @Test
  void valuesAreTheLecturesNumbers() {
    var code = GeneratedCode.compile("test.Lecture", LECTURE);
    double[] point = {2, -1, -3, -2, -3};
    var result = GeneratedCode.components(code.invokeGradient("test.Lecture", "neuron", point));
    assertThat(result.keySet()).containsExactly("value", "w0", "x0", "w1", "x1", "w2").inOrder();

    // s3 = 2 * -1 + -3 * -2 + -3 = 1, L = sigmoid(1), dL/ds3 = L (1 - L).
    double l = 1 / (1 + Math.exp(-1));
    double ds3 = l * (1 - l);
    assertEquals(
        Double.doubleToLongBits(code.invokeUser("test.Lecture", "neuron", point)),
        Double.doubleToLongBits((double) result.get("value")),
        "value() must be bit-for-bit the user's result");
    assertClose("value", l, (double) result.get("value"));
    assertClose("d/dw0", ds3 * -1, (double) result.get("w0"));
    assertClose("d/dx0", ds3 * 2, (double) result.get("x0"));
    assertClose("d/dw1", ds3 * -2, (double) result.get("w1"));
    assertClose("d/dx1", ds3 * -3, (double) result.get("x1"));
    assertClose("d/dw2", ds3, (double) result.get("w2"));

    // The seed's numbers, as printed in the lecture: 0.73 and -0.20, 0.39, -0.39, -0.59, 0.20.
    double[] seed = {0.73, -0.20, 0.39, -0.39, -0.59, 0.20};
    String[] names = {"value", "w0", "x0", "w1", "x1", "w2"};
    for (int i = 0; i < names.length; i++) {
      assertEquals(seed[i], (double) result.get(names[i]), 0.005, names[i]);
    }
  }
}
