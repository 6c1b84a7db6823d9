package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What loops become (DESIGN.md §2, "Loops stay loops"): the forward loop as written, then the same
 * loop run backwards in the backward section. A value the loop overwrites and the reverse pass
 * needs is saved on a tape before each overwrite and restored after its adjoint code; a loop of
 * linear increments needs no tape at all. The expected lines were written from the IR rules
 * (three-address form, adjoints declared at their first use, operands' contributions last operand
 * first), not copied from the generator.
 */
class LoopSourceTest {

  private static final String LOOPS =
      """
      package test;

      import dev.flatgrad.Differentiable;

      class Loops {
        @Differentiable
        static double rnn(double w, double u, double[] x) {
          double h = 0;
          for (int t = 0; t < x.length; t++) {
            h = Math.tanh(w * h + u * x[t]);
          }
          return h;
        }
      }
      """;

  /**
   * h is overwritten in the loop and the reverse pass reads it twice (tanh' from its output,
   * 1 − h², and ∂(w·h)/∂w = h of the previous step): it is pushed before each overwrite and popped
   * right after the adjoint code of that overwrite. The loop makes room for its x.length pushes
   * before it starts, so each push is a plain store. The counted loop runs backwards from its
   * bounds, with nothing recorded; the returned h is copied to {@code value} because the reverse
   * pass restores h to 0.
   */
  private static final List<String> RNN =
      List.of(
          "public static Rnn rnn(double w, double u, double[] x) {",
          "Arguments.requireArray(x, \"x\");",
          "// forward",
          "Tape tape = Tape.forThread();",
          "double[] saved = tape.doubles();",
          "int top = tape.doubleCount();",
          "double h = 0;",
          "if (top + x.length > saved.length) saved = Tape.grow(saved, top + x.length);",
          "for (int t = 0; t < x.length; t++) {",
          "double t0 = w * h;",
          "double t1 = u * x[t];",
          "double t2 = t0 + t1;",
          "saved[top++] = h;",
          "h = Math.tanh(t2);",
          "}",
          "double value = h;",
          "// backward",
          "double grad_h = 1.0;",
          "double grad_w = 0.0;",
          "double[] grad_x = new double[x.length];",
          "double grad_u = 0.0;",
          "for (int t = x.length - 1; t >= 0; t--) {",
          "double grad_t2 = grad_h * (1 - h * h);",
          "grad_h = 0.0;",
          "h = saved[--top];",
          "double grad_t1 = grad_t2;",
          "double grad_t0 = grad_t2;",
          "grad_x[t] += grad_t1 * u;",
          "grad_u += grad_t1 * x[t];",
          "grad_h += grad_t0 * w;",
          "grad_w += grad_t0 * h;",
          "}",
          "tape.setDoubles(saved, top);",
          "return new Rnn(value, grad_w, grad_u, grad_x);",
          "}");

  private static final String DOT =
      """
      package test;

      import dev.flatgrad.Differentiable;

      class Dot {
        @Differentiable
        static double dot(double[] w, double[] x) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * x[i];
          }
          return s;
        }
      }
      """;

  /**
   * {@code s = s + t0} is a linear increment: its adjoint code reads neither value of s, so s is
   * never saved; t0 is declared in the body and the reverse reads only its adjoint. No tape. And
   * s is a reduction: the iterations are independent but for it, so each one's reverse runs right
   * after its forward, with grad_s (the same in every iteration) set before the loop.
   */
  private static final List<String> DOT_METHOD =
      List.of(
          "public static Dot dot(double[] w, double[] x) {",
          "Arguments.requireArray(w, \"w\");",
          "Arguments.requireArray(x, \"x\");",
          "// forward",
          "double s = 0;",
          "// forward and backward, one iteration at a time: nothing is saved across iterations",
          "double grad_s = 1.0;",
          "double[] grad_x = new double[x.length];",
          "double[] grad_w = new double[w.length];",
          "for (int i = 0; i < w.length; i++) {",
          "double t0 = w[i] * x[i];",
          "s = s + t0;",
          "double grad_t0 = grad_s;",
          "grad_x[i] += grad_t0 * w[i];",
          "grad_w[i] += grad_t0 * x[i];",
          "}",
          "return new Dot(s, grad_w, grad_x);",
          "}");

  @Test
  void reversedLoopRestoresOverwrittenValuesFromTheTape() throws IOException {
    String source = generated("test.Loops", LOOPS);
    assertMethod(source, RNN);
  }

  @Test
  void loopOfLinearIncrementsNeedsNoTape() throws IOException {
    String source = generated("test.Dot", DOT);
    assertMethod(source, DOT_METHOD);
    assertWithMessage("a loop of linear increments must not use a tape; generated:\n%s", source)
        .that(source)
        .doesNotContain("Tape");
  }

  /**
   * Issue 4: "passive values (not depending on differentiated inputs ...) need no tape". Here xi
   * depends only on the data x and the counter, so the reverse pass computes it again.
   */
  @Test
  void passiveValueInALoopNeedsNoTape() throws IOException {
    String source = generated("test.Weighted", """
        package test;

        import dev.flatgrad.Differentiable;

        class Weighted {
          @Differentiable(wrt = "w")
          static double weighted(double[] w, double[] x) {
            double s = 0;
            for (int i = 0; i < w.length; i++) {
              double xi = x[i] * x[i];
              s += w[i] * xi;
            }
            return s;
          }
        }
        """);
    assertWithMessage("a passive value needs no tape; generated:\n%s", source)
        .that(source)
        .doesNotContain("Tape");
  }

  private static String generated(String className, String source) throws IOException {
    Compilation compilation = GeneratedCode.compileOnly(className, source);
    assertThat(compilation).succeeded();
    return compilation
        .generatedSourceFile(className + "Grad")
        .orElseThrow(() -> new AssertionError("no " + className + "Grad was generated"))
        .getCharContent(true)
        .toString();
  }

  /** The method is exactly these lines, contiguous; indentation and blank lines aside. */
  private static void assertMethod(String source, List<String> expected) {
    List<String> lines =
        source.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    assertWithMessage("generated source:\n%s", source)
        .that(lines)
        .containsAtLeastElementsIn(expected)
        .inOrder();
    assertWithMessage("the method must be exactly these lines, contiguous; generated:\n%s", source)
        .that(Collections.indexOfSubList(lines, expected))
        .isAtLeast(0);
  }
}
