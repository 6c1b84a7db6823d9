package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Derivatives for methods the user cannot annotate, {@code @Differentiable(of = Foreign.class)}:
 * every caller in the compilation finds them; checked against central finite differences of the
 * user's own methods. Also the errors at calls of other files' methods without one.
 */
class ForeignRulesTest {

  /** A "library" class the user does not own: no flatgrad annotations. */
  private static final JavaFileObject NORMAL = JavaFileObjects.forSourceString("lib.Normal", """
      package lib;

      public final class Normal {
        private Normal() {}

        public static double density(double x) {
          return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
        }

        /** A smooth stand-in for the normal CDF whose derivative density is exact: a logistic. */
        public static double cdf(double x) {
          double z = 1.702 * x;
          return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
        }

        public static double cdfDensity(double x) {
          double c = cdf(x);
          return 1.702 * c * (1 - c);
        }

        public static double logistic(double x) {
          return 1 / (1 + Math.exp(-x));
        }
      }
      """);

  /** The user's rules: a custom pullback for cdf, a differentiable body for logistic. */
  private static final JavaFileObject RULES = JavaFileObjects.forSourceString("p.Rules", """
      package p;

      import dev.flatgrad.Differentiable;
      import lib.Normal;

      public final class Rules {
        private Rules() {}

        @Differentiable(of = Normal.class, pullback = "cdfPullback")
        public static double cdf(double x) {
          return Normal.cdf(x);
        }

        record CdfPullback(double value, double x) {}

        static CdfPullback cdfPullback(double x, double upstream) {
          return new CdfPullback(Normal.cdf(x), upstream * Normal.cdfDensity(x));
        }

        @Differentiable(of = Normal.class)
        public static double logistic(double x) {
          return 1 / (1 + Math.exp(-x));
        }
      }
      """);

  private static final JavaFileObject PRICING = JavaFileObjects.forSourceString("p.Pricing", """
      package p;

      import dev.flatgrad.Differentiable;
      import lib.Normal;

      class Pricing {
        @Differentiable(wrt = {"s", "sigma"})
        static double call(double s, double k, double r, double sigma, double t) {
          double sq = sigma * Math.sqrt(t);
          double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / sq;
          double d2 = d1 - sq;
          return s * Normal.cdf(d1) - k * Math.exp(-r * t) * Normal.cdf(d2);
        }
      }
      """);

  private static final JavaFileObject MODEL = JavaFileObjects.forSourceString("q.Model", """
      package q;

      import static lib.Normal.logistic;

      import dev.flatgrad.Differentiable;

      public class Model {
        @Differentiable
        public static double loss(double[] w, double[] x) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += Math.log(logistic(w[i] * x[i]));
          }
          return -s + lib.Normal.cdf(w[0]);
        }
      }
      """);

  @Test
  void everyCallerInTheCompilationFindsTheRule() {
    GeneratedCode code = GeneratedCode.compileAll(List.of(), NORMAL, RULES, PRICING, MODEL);
    ArrayGradientCheck.of(code, "p.Pricing").check("call", 100.0, 95.0, 0.03, 0.25, 0.5);
    ArrayGradientCheck.of(code, "q.Model")
        .check("loss", new double[] {0.4, -1.1, 2.0}, new double[] {1.5, 0.3, -0.7});
  }

  @Test
  void theGeneratedCodeCallsTheRuleAndTheForeignValue() {
    GeneratedCode code = GeneratedCode.compileAll(List.of(), NORMAL, RULES, PRICING);
    String call = code.generatedMethodSource("p.PricingGrad", "Call call(");
    assertThat(call).contains("RulesGrad.cdfPullback(");
    assertThat(call).contains("Rules.cdf(d1)");
  }

  @Test
  void aCallOfAnotherFilesMethodWithoutARuleSaysHow() {
    Compilation compilation = compile(NORMAL, PRICING);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("the call to Normal.cdf passes a value that"
        + " depends on a differentiated parameter").inFile(PRICING).onLine(12);
    assertThat(compilation).hadErrorContaining("attach a derivative from your own code: a"
        + " static method cdf with its parameter types, annotated @Differentiable(of ="
        + " Normal.class, pullback = ...)");
  }

  @Test
  void aHelperInAnotherFileNeedsTheAnnotation() {
    JavaFileObject util = JavaFileObjects.forSourceString("p.Util", """
        package p;

        class Util {
          static double square(double v) {
            return v * v;
          }
        }
        """);
    JavaFileObject user = JavaFileObjects.forSourceString("p.User", """
        package p;

        import dev.flatgrad.Differentiable;

        class User {
          @Differentiable
          static double f(double x) {
            return Util.square(x) + x;
          }
        }
        """);
    Compilation compilation = compile(util, user);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("the call to Util.square passes a value that"
        + " depends on a differentiated parameter, but flatgrad cannot differentiate"
        + " Util.square: annotate it @Differentiable").inFile(user).onLine(8);
    assertThat(compilation).hadErrorContaining("flatgrad differentiates methods without"
        + " @Differentiable only in the caller's own top-level class: generated code may depend"
        + " on its own source file only");
  }

  @Test
  void aRuleForAMethodTheForeignClassLacksIsReportedOnItsAnnotation() {
    JavaFileObject rules = JavaFileObjects.forSourceString("p.BadRules", """
        package p;

        import dev.flatgrad.Differentiable;
        import lib.Normal;

        class BadRules {
          @Differentiable(of = Normal.class)
          static double cdf(double x, double y) {
            return x * y;
          }
        }
        """);
    Compilation compilation = compile(NORMAL, rules);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("Normal has no method cdf(double, double)")
        .inFile(rules).onLine(7);
  }

  @Test
  void aStandInWithoutPullbackCannotCallTheMethodItStandsIn() {
    JavaFileObject rules = JavaFileObjects.forSourceString("p.LoopRules", """
        package p;

        import dev.flatgrad.Differentiable;
        import lib.Normal;

        class LoopRules {
          @Differentiable(of = Normal.class)
          static double density(double x) {
            return Normal.density(x);
          }
        }
        """);
    Compilation compilation = compile(NORMAL, rules);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("density gives the derivative of"
        + " Normal.density").inFile(rules).onLine(9);
  }

  @Test
  void aRuleOtherPackagesCannotCallIsReportedAtTheirCalls() {
    JavaFileObject rules = JavaFileObjects.forSourceString("p.HiddenRules", """
        package p;

        import dev.flatgrad.Differentiable;
        import lib.Normal;

        class HiddenRules {
          @Differentiable(of = Normal.class)
          static double logistic(double x) {
            return 1 / (1 + Math.exp(-x));
          }
        }
        """);
    Compilation compilation = compile(NORMAL, rules, MODEL);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("the derivative of Normal.logistic is"
        + " HiddenRules.logistic, which generated code in another package cannot call")
        .inFile(MODEL).onLine(12);
  }

  private static Compilation compile(JavaFileObject... sources) {
    return Compiler.javac().withProcessors(new FlatgradProcessor()).compile(sources);
  }
}
