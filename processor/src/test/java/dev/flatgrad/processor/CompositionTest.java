package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.JavaFileObjects;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differentiable methods calling each other: across classes, recursively, from a jar, through
 * custom derivatives; and the pullback and allocation-free entry points called directly.
 */
class CompositionTest {

  private static JavaFileObject source(String className, String body) {
    return JavaFileObjects.forSourceString("p." + className, """
        package p;

        import dev.flatgrad.Differentiable;

        class %s {
        %s
        }
        """.formatted(className, body));
  }

  private static final JavaFileObject NORMAL = source("Normal", """
        /** The standard normal CDF (Abramowitz and Stegun 26.2.17), by symmetry below 0. */
        @Differentiable
        static double cdf(double x) {
          if (x < 0) {
            return 1 - cdf(-x);
          }
          double t = 1 / (1 + 0.2316419 * x);
          double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937
              + t * (-1.821255978 + t * 1.330274429))));
          return 1 - Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) * poly;
        }
      """);

  private static final JavaFileObject OPTIONS = source("Options", """
        @Differentiable(wrt = {"s", "sigma"})
        static double call(double s, double k, double r, double sigma, double t) {
          double sq = sigma * Math.sqrt(t);
          double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / sq;
          double d2 = d1 - sq;
          return s * Normal.cdf(d1) - k * Math.exp(-r * t) * Normal.cdf(d2);
        }
      """);

  @Test
  void blackScholesThroughANormalCdfInAnotherClass() {
    GeneratedCode code = GeneratedCode.compileAll(List.of(), NORMAL, OPTIONS);
    ArrayGradientCheck options = ArrayGradientCheck.of(code, "p.Options");
    options.check("call", 100.0, 95.0, 0.03, 0.25, 0.5);
    options.check("call", 80.0, 95.0, 0.03, 0.4, 2.0); // out of the money: d1 < 0, the branch
    // Delta is N(d1): with the approximate N, up to the approximation's error.
    double s = 100;
    double d1 = (Math.log(s / 95) + (0.03 + 0.5 * 0.25 * 0.25) * 0.5) / (0.25 * Math.sqrt(0.5));
    double normal = (double) code.invokeUserWith("p.Normal", "cdf", d1);
    double delta = (double) options.gradient("call", s, 95.0, 0.03, 0.25, 0.5).get("s");
    assertThat(delta).isWithin(1e-3).of(normal);
  }

  @Test
  void chainOfThreeHelpers() {
    GeneratedCode code = GeneratedCode.compileAll(List.of(), source("Chain", """
          @Differentiable static double a(double x, double y) { return b(x * y) * 2 + y; }
          @Differentiable static double b(double u) { return c(u) + u * u; }
          @Differentiable static double c(double v) { return Math.sin(v * v); }
        """));
    ArrayGradientCheck chain = ArrayGradientCheck.of(code, "p.Chain");
    chain.check("a", 0.7, -1.3);
    chain.check("a", 1.9, 0.4);
  }

  @Test
  void mutualCallsBetweenTwoClasses() {
    GeneratedCode code = GeneratedCode.compileAll(List.of(),
        source("Even", """
              @Differentiable
              static double f(double x, int n) {
                if (n == 0) {
                  return x;
                }
                return Math.sin(Odd.g(x, n - 1)) + x;
              }
            """),
        source("Odd", """
              @Differentiable
              static double g(double x, int n) {
                return Even.f(x * 1.1, n) * x;
              }
            """));
    ArrayGradientCheck even = ArrayGradientCheck.of(code, "p.Even");
    even.check("f", 0.8, 0);
    even.check("f", 0.8, 5);
    ArrayGradientCheck.of(code, "p.Odd").check("g", -0.6, 4);
  }

  @Test
  void constantArgumentsCostTheCalleeNothing() throws Exception {
    GeneratedCode code = GeneratedCode.compileAll(List.of(), source("Weighted", """
          @Differentiable
          static double weighted(double[] v, double[] weights, double scale) {
            double s = 0;
            for (int i = 0; i < v.length; i++) {
              s += weights[i] * v[i] * v[i];
            }
            return scale * s;
          }

          @Differentiable(wrt = "v")
          static double energy(double[] v, double[] weights) {
            return weighted(v, weights, 0.5) + weighted(weights, v, 2.0);
          }
        """));
    ArrayGradientCheck.of(code, "p.Weighted").check("energy",
        new double[] {0.3, -1.2, 2.0}, new double[] {1.0, 0.5, 2.5});
    String generated = code.compilation().generatedSourceFile("p.WeightedGrad").orElseThrow()
        .getCharContent(true).toString();
    // Each call differentiates only what depends on v: variants without the constants.
    assertThat(generated).contains("weightedPullback_v(v, weights, 0.5, ");
    assertThat(generated).contains("weightedPullback_weights(weights, v, 2.0, ");
    assertThat(generated).contains("public static double weightedPullback_v(");
  }

  @Test
  void recursion() {
    GeneratedCode code = GeneratedCode.compileAll(List.of(), source("Power", """
          @Differentiable
          static double power(double x, int n) {
            return n == 0 ? 1 : x * power(x, n - 1);
          }
        """));
    ArrayGradientCheck power = ArrayGradientCheck.of(code, "p.Power");
    power.check("power", 1.3, 7);
    double derivative = (double) power.gradient("power", 1.3, 7).get("x");
    assertThat(derivative).isWithin(1e-12).of(7 * Math.pow(1.3, 6));
  }

  @Test
  void calleeFromASeparatelyCompiledJar(@TempDir Path library) throws Exception {
    GeneratedCode compiled = GeneratedCode.compileAll(List.of(), libraryInPackage("lib"));
    compiled.writeClassesTo(library);
    assertThat(Files.exists(library.resolve("lib/LibGrad.class"))).isTrue();

    GeneratedCode client = GeneratedCode.compileAll(List.of(library.toFile()),
        JavaFileObjects.forSourceString("p.Client", """
            package p;

            import dev.flatgrad.Differentiable;
            import lib.Lib;

            class Client {
              @Differentiable
              static double scaled(double[] v, double a) {
                return Math.log(1 + a * Lib.norm2(v));
              }
            }
            """));
    assertWithMessage("the library's classes come from the jar, not this compilation")
        .that(client.compilation().generatedFiles().stream()
            .anyMatch(file -> file.getName().contains("LibGrad")))
        .isFalse();
    ArrayGradientCheck.of(client, "p.Client").check("scaled", new double[] {0.5, -1, 2}, 0.3);
  }

  private static JavaFileObject libraryInPackage(String packageName) {
    return JavaFileObjects.forSourceString(packageName + ".Lib", """
        package %s;

        import dev.flatgrad.Differentiable;

        public class Lib {
          @Differentiable
          public static double norm2(double[] v) {
            double s = 0;
            for (int i = 0; i < v.length; i++) {
              s += v[i] * v[i];
            }
            return s;
          }
        }
        """.formatted(packageName));
  }

  private static final JavaFileObject STABLE = source("Stable", """
        /** Log-sum-exp, shifted by the maximum so exp never overflows. */
        @Differentiable(pullback = "logSumExpPullback")
        static double logSumExp(double[] x) {
          double max = Double.NEGATIVE_INFINITY;
          for (double xi : x) {
            max = Math.max(max, xi);
          }
          double sum = 0;
          for (double xi : x) {
            sum += Math.exp(xi - max);
          }
          return max + Math.log(sum);
        }

        /** Its gradient is the softmax. */
        static double logSumExpPullback(double[] x, double upstream, double[] gradX) {
          double lse = logSumExp(x);
          for (int i = 0; i < x.length; i++) {
            gradX[i] += upstream * Math.exp(x[i] - lse);
          }
          return lse;
        }

        record ScaledPullback(double value, double a) {}

        @Differentiable(pullback = "scaledPullback")
        static double scaled(double a, double[] x) {
          return a * logSumExp(x);
        }

        static ScaledPullback scaledPullback(double a, double[] x, double upstream,
            double[] gradX) {
          double lse = logSumExpPullback(x, upstream * a, gradX);
          return new ScaledPullback(a * lse, upstream * lse);
        }

        @Differentiable
        static double crossEntropy(double[] logits, int label, double temperature) {
          double[] scaledLogits = new double[logits.length];
          for (int i = 0; i < logits.length; i++) {
            scaledLogits[i] = logits[i] / temperature;
          }
          return logSumExp(scaledLogits) - scaledLogits[label] + 0 * scaled(temperature, logits);
        }
      """);

  @Test
  void customRuleUsedInsideADifferentiableMethod() {
    GeneratedCode code = GeneratedCode.compileAll(List.of(), STABLE);
    ArrayGradientCheck stable = ArrayGradientCheck.of(code, "p.Stable");
    stable.check("crossEntropy", new double[] {0.5, 2.0, -1.0}, 1, 0.7);
    stable.check("logSumExp", new double[] {800, 801, 799}); // where exp alone overflows
    stable.check("scaled", 1.5, new double[] {0.2, -0.4});
  }

  @Test
  void pullbackCalledDirectlyWithAnUpstreamGradient() throws Exception {
    GeneratedCode code = GeneratedCode.compileAll(List.of(), source("Model", """
          @Differentiable(wrt = {"w", "b"})
          static double loss(double[] w, double b, double[] x) {
            double z = b;
            for (int i = 0; i < w.length; i++) {
              z += w[i] * x[i];
            }
            return Math.log1p(Math.exp(-z));
          }
        """));
    double[] w = {0.3, -0.2};
    double[] x = {1.5, 0.5};
    Map<String, Object> gradient =
        ArrayGradientCheck.of(code, "p.Model").gradient("loss", w, 0.1, x);
    Method pullback = code.load("p.ModelGrad").getMethod("lossPullback",
        double[].class, double.class, double[].class, double.class, double[].class);
    pullback.setAccessible(true);
    double[] sink = {10, 20};
    Record result = (Record) pullback.invoke(null, w, 0.1, x, 2.5, sink);
    Map<String, Object> pulled = GeneratedCode.components(result);
    double[] gradW = (double[]) gradient.get("w");
    assertThat(sink[0]).isWithin(1e-12).of(10 + 2.5 * gradW[0]); // added, not overwritten
    assertThat(sink[1]).isWithin(1e-12).of(20 + 2.5 * gradW[1]);
    assertThat((double) pulled.get("b")).isWithin(1e-12).of(2.5 * (double) gradient.get("b"));
    assertThat((double) pulled.get("value")).isEqualTo(gradient.get("value"));
  }

  @Test
  void accumulateAllocatesNothingPerCall() throws Throwable {
    GeneratedCode code = GeneratedCode.compileAll(List.of(), source("Net", """
          @Differentiable(wrt = "w")
          static double loss(double[] w, double[] x, double[] y) {
            double total = 0;
            double h = 0;
            for (int i = 0; i < x.length; i++) {
              h = Math.tanh(w[0] * h + w[1] * x[i]);
              double d = h - y[i];
              total += d * d;
            }
            return total;
          }
        """));
    Method accumulate = code.load("p.NetGrad").getMethod("lossAccumulate",
        double[].class, double[].class, double[].class, double[].class);
    accumulate.setAccessible(true);
    double[] w = {0.5, -0.3};
    double[] x = new double[64];
    double[] y = new double[64];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(i);
      y[i] = Math.cos(i);
    }
    double[] gradW = new double[2];
    // invokeExact: no boxing or argument arrays, unlike reflection, so what is counted below is
    // what the generated code allocates.
    MethodHandle handle = MethodHandles.lookup().unreflect(accumulate);
    double sum = 0;
    for (int i = 0; i < 20_000; i++) {
      sum += (double) handle.invokeExact(w, x, y, gradW); // warm up: the JIT, the tape's size
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int calls = 10_000;
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < calls; i++) {
      sum += (double) handle.invokeExact(w, x, y, gradW);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(sum).isGreaterThan(0.0);
    assertWithMessage("bytes allocated in %s calls", calls).that(allocated).isLessThan(1024L);
  }
}
