package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.Method;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: legal user code whose names meet the names flatgrad generates. The generated code
 * must compile and be right, or flatgrad reports the clash on the user's class.
 */
class GeneratedNamesTest {

  /** The dense Hessian's own locals ({@code hessian}, {@code along_x}) yield to parameters. */
  @Test
  void parametersNamedLikeTheHessiansLocals() throws Exception {
    GradientCheck check = GradientCheck.ofMembers("HessianNames", """
        @Differentiable
        static double f(double hessian, double along_hessian) {
          return hessian * hessian * along_hessian + Math.sin(along_hessian);
        }
        """);
    check.check("f", List.of("hessian", "along_hessian"), GradientCheck.at(0.7, -1.3),
        GradientCheck.at(2.0, 0.4));

    GeneratedCode code = GeneratedCode.compile("p.HessianNames", """
        package p;
        import dev.flatgrad.Differentiable;
        class HessianNames {
          @Differentiable
          static double f(double hessian, double along_hessian) {
            return hessian * hessian * along_hessian + Math.sin(along_hessian);
          }
        }
        """);
    Method dense = code.load("p.HessianNamesGrad").getMethod("fHessian", double.class,
        double.class);
    double a = 0.7;
    double b = -1.3;
    double[][] h = (double[][]) dense.invoke(null, a, b);
    // f = a² b + sin b: f_aa = 2b, f_ab = 2a, f_bb = −sin b.
    GradientCheck.assertClose("f_aa", 2 * b, h[0][0]);
    GradientCheck.assertClose("f_ab", 2 * a, h[0][1]);
    GradientCheck.assertClose("f_ba", 2 * a, h[1][0]);
    GradientCheck.assertClose("f_bb", -Math.sin(b), h[1][1]);
  }

  @Test
  void aUserClassNamedLikeTheGradientClassIsReportedOnTheAnnotatedClass() {
    JavaFileObject foo = JavaFileObjects.forSourceString("p.Foo", """
        package p;
        import dev.flatgrad.Differentiable;
        class Foo {
          @Differentiable
          static double f(double x) { return x * x; }
        }
        """);
    JavaFileObject fooGrad = JavaFileObjects.forSourceString("p.FooGrad", """
        package p;
        class FooGrad {}
        """);
    for (List<JavaFileObject> order : List.of(List.of(foo, fooGrad), List.of(fooGrad, foo))) {
      Compilation compilation = compile(order);
      assertThat(compilation).hadErrorContaining(
          "flatgrad generates the class p.FooGrad for p.Foo, but the sources already declare")
          .inFile(foo).onLine(3);
      assertWithMessage("errors: %s", compilation.errors()).that(compilation.errors())
          .hasSize(1);
    }
  }

  @Test
  void twoAnnotatedClassesWithOneGradientClassAreReported() {
    JavaFileObject outer = JavaFileObjects.forSourceString("p.Outer", """
        package p;
        import dev.flatgrad.Differentiable;
        class Outer {
          static class Inner {
            @Differentiable
            static double f(double x) { return x * x; }
          }
        }
        """);
    JavaFileObject flat = JavaFileObjects.forSourceString("p.Outer_Inner", """
        package p;
        import dev.flatgrad.Differentiable;
        class Outer_Inner {
          @Differentiable
          static double g(double x) { return x * x; }
        }
        """);
    Compilation compilation = compile(List.of(outer, flat));
    assertThat(compilation).hadErrorContaining(
        "flatgrad generates the class p.Outer_InnerGrad for both");
    assertWithMessage("errors: %s", compilation.errors()).that(compilation.errors())
        .hasSize(1);
  }

  private static Compilation compile(List<JavaFileObject> files) {
    return Compiler.javac().withProcessors(new FlatgradProcessor())
        .withOptions("--release", "17").compile(files);
  }
}
