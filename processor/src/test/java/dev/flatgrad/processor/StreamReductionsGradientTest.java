package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reductions of streams of doubles, as modern Java writes them: {@code Arrays.stream(x).max()
 * .getAsDouble()}, {@code map(v -> ...)} chains, {@code IntStream.range(...).mapToDouble(i ->
 * ...).sum()}, {@code DoubleStream.of(...)}, {@code average()}, in loops and in the branch of a
 * conditional. Values, gradients, tangents and Hessian-vector products against central
 * differences of the user's method. Sums are checked bit for bit at points whose sums are exact
 * (the stream compensates rounding, the generated loop adds left to right), elsewhere to rounding.
 */
class StreamReductionsGradientTest {

  private static ArrayGradientCheck check;

  @BeforeAll
  static void compile() {
    check = ArrayGradientCheck.of(GeneratedCode.compile("p.Streams", """
        package p;

        import dev.flatgrad.Differentiable;
        import java.util.Arrays;
        import java.util.stream.DoubleStream;
        import java.util.stream.IntStream;

        class Streams {
          @Differentiable
          static double logSumExp(double... x) {
            if (x.length == 0) {
              return Double.NEGATIVE_INFINITY;
            }
            double max = Arrays.stream(x).max().getAsDouble();
            double sum = 0;
            for (double v : x) {
              sum += Math.exp(v - max);
            }
            return max + Math.log(sum);
          }

          @Differentiable
          static double mix(double[] a, double[] b, double c) {
            double dot = IntStream.range(0, a.length).mapToDouble(i -> a[i] * b[i]).sum();
            double sq = Arrays.stream(a).map(v -> v * v).map(w -> w + c).sum();
            double lo = DoubleStream.of(c, dot, sq).min().orElse(0);
            double avg = a.length > 1 ? Arrays.stream(a, 1, a.length).average().orElse(c) : c;
            double closed = IntStream.rangeClosed(1, b.length).mapToDouble(k -> k * b[k - 1])
                .sum();
            return dot * sq + lo * avg + closed;
          }

          @Differentiable
          static double rowPeaks(double[][] m, double w) {
            double total = 0;
            for (double[] row : m) {
              total += Arrays.stream(row).map(v -> Math.sin(v * w)).max().orElse(0) * w;
            }
            return total;
          }

          @Differentiable
          static double largest(double[] x) {
            return x.length == 0 ? 0 : Arrays.stream(x).max().getAsDouble() * x[0];
          }

          @Differentiable
          static double strictLargest(double[] x) {
            return Arrays.stream(x).max().getAsDouble();
          }
        }
        """), "p.Streams");
  }

  @Test
  void theMaximumOfALogSumExp() {
    double[] x = {0.3, 1.7, -0.4, 1.2};
    check.check("logSumExp", x);
    SecondOrderTest.checkHessianVector(check.code(), "p.Streams", "logSumExp", x);
    // d/dx_i of log Σ exp(x_j) is the softmax, whatever the max subtracted.
    double[] gradient = (double[]) check.gradient("logSumExp", x).get("x");
    double total = 0;
    for (double v : x) {
      total += Math.exp(v);
    }
    for (int i = 0; i < x.length; i++) {
      assertThat(gradient[i]).isWithin(1e-15).of(Math.exp(x[i]) / total);
    }
  }

  @Test
  void sumsMapsRangesAndValues() {
    // Dyadic values: every sum is exact, so the stream's compensated sum is the loop's.
    double[] a = {0.5, 1.25, -0.75};
    double[] b = {1.5, -0.5, 2.0};
    check.check("mix", a, b, 0.25);
    SecondOrderTest.checkHessianVector(check.code(), "p.Streams", "mix", a, b, 0.25);
  }

  @Test
  void elsewhereTheValueAgreesToRounding() {
    double[] a = {0.1, 0.7, -0.3, 1e-3};
    double[] b = {1.3, -0.2, 0.9, 3.7};
    double user = check.value("mix", a, b, 0.37);
    double generated = (double) check.gradient("mix", a, b, 0.37).get("value");
    assertThat(generated).isWithin(1e-14 * Math.abs(user)).of(user);
  }

  @Test
  void aReductionInALoopOverRows() {
    double[][] m = {{0.5, -1.3, 2.2}, {1.7, 0.2, -0.9}};
    check.check("rowPeaks", m, 0.8);
    SecondOrderTest.checkHessianVector(check.code(), "p.Streams", "rowPeaks", m, 0.8);
  }

  @Test
  void aReductionInABranchRunsOnlyWhenItIsTaken() {
    check.check("largest", new double[] {0.4, -2.0, 1.5});
    assertThat((double) check.gradient("largest", new double[0]).get("value")).isEqualTo(0.0);
  }

  @Test
  void theMaximumOfNothingThrowsAsTheStreamDoes() {
    InvocationTargetException thrown = assertThrows(InvocationTargetException.class, () ->
        check.code().gradientMethod("p.Streams", "strictLargest").invoke(null,
            (Object) new double[0]));
    assertThat(thrown.getCause()).isInstanceOf(java.util.NoSuchElementException.class);
    assertThat(thrown.getCause()).hasMessageThat().isEqualTo("No value present");
  }

  @Test
  void theGeneratedCodeIsTheLoop() {
    String source = check.code().generatedMethodSource("p.StreamsGrad", "Mix mix(");
    assertThat(source).contains("double element = a[i] * b[i];");
    assertThat(source).contains("sum = sum + element;");
  }
}
