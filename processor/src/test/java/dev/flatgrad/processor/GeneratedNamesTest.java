package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: legal user code whose names meet the names flatgrad generates. The generated code
 * must compile and be right, or flatgrad reports the clash on the user's class.
 */
class GeneratedNamesTest {

  /** The dense Hessian's own locals ({@code hessian}, {@code along_x}) yield to parameters. */
  /**
   * Parameters named Tape and dev (found by the program fuzzer, seed 20261216): the first makes
   * the class write dev.flatgrad.Tape, which the second hides, in its method or another one.
   * Parameters keep their names, so this is an error on the first, never code javac rejects.
   */
  @Test
  void aParameterHidingTheRootOfAClassAnotherParameterShadowsIsAnError() {
    MarkedSource sameMethod = MarkedSource.ofMembers("""
          @Differentiable
          static double step(double Tape, int k, double dev) { //!
            double s = dev;
            for (int i = 0; i < k; i++) {
              s = s * Tape + dev;
            }
            return s;
          }
        """);
    Compilation compilation = sameMethod.compile();
    assertThat(compilation).hadErrorContaining("the parameter Tape makes the generated class"
        + " write the class Tape in full, dev.flatgrad.Tape, which the parameter dev of step"
        + " hides").inFile(sameMethod.file()).onLine(sameMethod.line());
    assertThat(compilation.errors()).hasSize(1);

    MarkedSource otherMethod = MarkedSource.ofMembers("""
          @Differentiable
          static double f(double Math, double x) { //!
            return Math * x;
          }

          @Differentiable
          static double g(double java, double x) {
            return java * x * x;
          }
        """);
    compilation = otherMethod.compile();
    assertThat(compilation).hadErrorContaining("java.lang.Math, which the parameter java of g"
        + " hides").inFile(otherMethod.file()).onLine(otherMethod.line());
    assertThat(compilation.errors()).hasSize(1);
  }

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

  /**
   * Java forbids record components named like Object's methods: the gradient of {@code wait}
   * is the component {@code wait_}. Callers' generated code reads those components too.
   */
  @Test
  void parametersNamedLikeObjectsMethods() {
    ArrayGradientCheck f = ArrayGradientCheck.ofMembers("ObjectNames", """
          @Differentiable
          static double all(double wait, double hashCode, double toString, double getClass,
              double clone, double finalize, double notify, double notifyAll) {
            return wait * hashCode + Math.sin(toString * getClass) + clone * clone * finalize
                + notify / (1 + notifyAll * notifyAll);
          }

          @Differentiable
          static double caller(double a, double b) {
            return all(a, b, a * b, 2.0, b, a, Math.exp(a), b - a);
          }

          @Differentiable
          static double quadratic(double wait, double notify) {
            return wait * wait * notify + Math.sin(notify);
          }
        """);
    double[] point = {0.7, -1.3, 0.4, 1.1, -0.6, 0.9, 1.7, -0.2};
    String[] names = {"wait", "hashCode", "toString", "getClass", "clone", "finalize", "notify",
        "notifyAll"};
    Object[] arguments = Arrays.stream(point).boxed().toArray();
    Map<String, Object> gradient = f.gradient("all", arguments);
    assertThat(gradient.keySet()).containsExactly("value", "wait_", "hashCode_", "toString_",
        "getClass_", "clone_", "finalize_", "notify_", "notifyAll_").inOrder();
    for (int i = 0; i < names.length; i++) {
      double expected = centralDifference(f, "all", point, i);
      assertWithMessage("d/d%s", names[i]).that((double) gradient.get(names[i] + "_"))
          .isWithin(1e-6 * Math.max(1, Math.abs(expected))).of(expected);
    }
    f.check("caller", 0.3, 0.8);

    // f = w² n + sin n: gradient (2wn, w² + cos n), Hessian [[2n, 2w], [2w, -sin n]].
    double w = 0.7;
    double n = -1.3;
    Map<String, Object> product = GeneratedCode.components((Record) f.code().invokeMethodWith(
        "p.ObjectNamesGrad", "quadraticHessianVector", w, n, 0.5, -2.0));
    GradientCheck.assertClose("gradient wait", 2 * w * n, (double) product.get("wait_"));
    GradientCheck.assertClose("gradient notify", w * w + Math.cos(n),
        (double) product.get("notify_"));
    GradientCheck.assertClose("(Hv) wait", 2 * n * 0.5 + 2 * w * -2.0,
        (double) product.get("dot_wait"));
    GradientCheck.assertClose("(Hv) notify", 2 * w * 0.5 - Math.sin(n) * -2.0,
        (double) product.get("dot_notify"));
  }

  /**
   * Parameters named like the names flatgrad introduces: directions ({@code dot_x}), the pullback's
   * upstream gradient and sinks, temporaries, the dense Hessian's locals, the tape's locals.
   */
  @Test
  void parametersNamedLikeGeneratedNames() throws Exception {
    ArrayGradientCheck f = ArrayGradientCheck.ofMembers("Clashes", """
          @Differentiable
          static double f(double x, double dot_x, double along_x, double hessian,
              double dot_dot_x, double upstream) {
            return x * dot_x * Math.sin(along_x) + hessian * hessian * x + dot_dot_x * upstream;
          }

          @Differentiable
          static double g(double[] v, double[] grad_v, double t0, double tape, double saved,
              double top, double trips, double pulled, double frame) {
            double s = t0;
            for (int i = 0; i < v.length; i++) {
              s = s * tape + Math.sin(v[i] * grad_v[i] + saved) * top;
            }
            return s * trips + pulled * frame;
          }

          @Differentiable
          static double caller(double a, double[] v) {
            double[] w = new double[v.length];
            for (int i = 0; i < v.length; i++) {
              w[i] = v[i] * a;
            }
            return f(a, a * a, 0.5, a, 2.0, a) + g(v, w, a, 0.9, a, 1.1, a, 2.0, a);
          }
        """);
    f.check("f", 0.7, -1.3, 0.4, 1.1, -0.6, 0.9);
    checkHessianVectorByPosition(f.code(), "p.Clashes", "f", 0.7, -1.3, 0.4, 1.1, -0.6, 0.9);
    double[] v = {0.3, -0.5, 0.8};
    double[] w = {1.1, 0.2, -0.4};
    f.check("g", v, w, 0.2, 0.9, 0.1, 1.1, 0.7, -0.3, 1.4);
    f.check("caller", 0.6, v);

    Method dense = f.code().load("p.ClashesGrad").getMethod("fHessian", double.class,
        double.class, double.class, double.class, double.class, double.class);
    double[][] h = (double[][]) dense.invoke(null, 0.7, -1.3, 0.4, 1.1, -0.6, 0.9);
    // f_x,dot_x = sin(along_x); f_hessian,hessian = 2x; f_dot_dot_x,upstream = 1.
    GradientCheck.assertClose("f_x,dot_x", Math.sin(0.4), h[0][1]);
    GradientCheck.assertClose("f_hessian,hessian", 2 * 0.7, h[3][3]);
    GradientCheck.assertClose("f_dot_dot_x,upstream", 1, h[4][5]);
  }

  /** A custom rule whose parameters take the names its generated members declare. */
  @Test
  void customRuleParametersNamedLikeGeneratedNames() {
    ArrayGradientCheck f = ArrayGradientCheck.ofMembers("RuleClashes", """
          @Differentiable(pullback = "ruleBack")
          static double rule(double x, double dot_x, double[] v, double upstream, double pulled,
              double tangent, double i) {
            double s = x * dot_x + upstream * pulled + tangent * i;
            for (int k = 0; k < v.length; k++) {
              s += v[k] * v[k];
            }
            return s;
          }

          record RuleBack(double value, double x, double dot_x, double upstream, double pulled,
              double tangent, double i) {}

          static RuleBack ruleBack(double x, double dot_x, double[] v, double upstream,
              double pulled, double tangent, double i, double up, double[] gradV) {
            for (int k = 0; k < v.length; k++) {
              gradV[k] += up * 2 * v[k];
            }
            return new RuleBack(rule(x, dot_x, v, upstream, pulled, tangent, i), up * dot_x,
                up * x, up * pulled, up * upstream, up * i, up * tangent);
          }

          @Differentiable
          static double caller(double a, double[] v) {
            return rule(a, 2 * a, v, a * a, 0.5, Math.sin(a), a);
          }
        """);
    double[] v = {0.3, -0.5, 0.8};
    f.check("rule", 0.7, -1.3, v, 0.4, 1.1, -0.6, 0.9);
    f.check("caller", 0.6, v);
  }

  /**
   * Locals named like the classes generated code names ({@code Math}, {@code Arrays}, the user's
   * class, its gradient class, {@code Tape}) or like the packages that qualify them ({@code java},
   * the user's package {@code p}).
   */
  @Test
  void localsNamedLikeClassesAndPackages() {
    ArrayGradientCheck f = ArrayGradientCheck.ofMembers("Shadow", """
          @Differentiable
          static double f(double x, double[] w) {
            double Math = x * 2;
            double Arrays = Math * x;
            double s = java.lang.Math.sin(x);
            for (int i = 0; i < w.length; i++) {
              double Tape = w[i] * s;
              s = s * Tape + Arrays;
            }
            double Shadow = s + Activations.sigmoid(x);
            double ShadowGrad = Shadow * Shadow;
            return ShadowGrad;
          }

          @Differentiable
          static double caller(double x, double[] w) {
            double Shadow = f(x, w);
            double ShadowGrad = f(Shadow * 0.1, w);
            double java = ShadowGrad + x;
            double p = java * 2;
            return p + Math.cos(p);
          }

          @Differentiable
          static double packageRoot(double x, double[] w, double Math, double Shadow) {
            double p = x * Math + Shadow;
            return p * p + java.lang.Math.exp(w[0] * p);
          }

          // f's local Tape must not make the class write dev.flatgrad.Tape, which dev hides here
          @Differentiable
          static double runtimeRoot(double dev, double[] w) {
            double s = dev;
            for (int i = 0; i < w.length; i++) {
              s = Math.sin(s * w[i]);
            }
            return s * dev;
          }
        """);
    double[] w = {0.3, -0.5, 0.8};
    f.check("f", 0.7, w);
    SecondOrderTest.checkHessianVector(f.code(), "p.Shadow", "f", 0.7, w);
    f.check("caller", 0.4, w);
    f.check("packageRoot", 0.4, w, 1.2, -0.3);
    SecondOrderTest.checkHessianVector(f.code(), "p.Shadow", "packageRoot", 0.4, w, 1.2, -0.3);
    f.check("runtimeRoot", 0.6, w);
    SecondOrderTest.checkHessianVector(f.code(), "p.Shadow", "runtimeRoot", 0.6, w);
  }

  /** A long body moves into a frame class, called through a local that is not the parameter. */
  @Test
  void aParameterNamedFrameInALongMethod() {
    StringBuilder body = new StringBuilder("double v0 = x;\n");
    for (int k = 1; k <= 300; k++) {
      body.append("double v").append(k).append(" = Math.sin(v").append(k - 1)
          .append(") * frame + x;\n");
    }
    ArrayGradientCheck f = ArrayGradientCheck.ofMembers("Framed", """
          @Differentiable
          static double f(double x, double frame) {
            %s
            return v300;
          }
        """.formatted(body));
    assertThat(f.code().compilation().generatedSourceFile("p.FramedGrad").isPresent()).isTrue();
    f.check("f", 0.3, 0.6);
  }

  /** The central difference of the user's method along coordinate {@code i}. */
  private static double centralDifference(ArrayGradientCheck f, String method, double[] point,
      int i) {
    double h = 1e-6;
    Object[] plus = Arrays.stream(point).boxed().toArray();
    Object[] minus = Arrays.stream(point).boxed().toArray();
    plus[i] = point[i] + h;
    minus[i] = point[i] - h;
    return (f.value(method, plus) - f.value(method, minus)) / (2 * h);
  }

  /**
   * The Hessian-vector product of a method of scalar parameters, read by position (value, the
   * gradient, then the product), against central differences of the generated gradient.
   */
  private static void checkHessianVectorByPosition(GeneratedCode code, String className,
      String method, double... point) {
    int n = point.length;
    double[] direction = new double[n];
    for (int i = 0; i < n; i++) {
      direction[i] = Math.sin(i + 0.3) + 0.2;
    }
    Object[] call = new Object[2 * n];
    for (int i = 0; i < n; i++) {
      call[i] = point[i];
      call[n + i] = direction[i];
    }
    List<Object> product = List.copyOf(GeneratedCode.components(
        (Record) code.invokeMethodWith(className + "Grad", method + "HessianVector", call))
        .values());
    double h = 1e-5;
    List<Object> up = gradientAt(code, className, method, point, direction, h);
    List<Object> down = gradientAt(code, className, method, point, direction, -h);
    for (int i = 0; i < n; i++) {
      double expected = ((double) up.get(1 + i) - (double) down.get(1 + i)) / (2 * h);
      assertWithMessage("(H v)[%s]", i).that((double) product.get(1 + n + i))
          .isWithin(1e-5 * Math.max(1, Math.abs(expected))).of(expected);
    }
  }

  private static List<Object> gradientAt(GeneratedCode code, String className, String method,
      double[] point, double[] direction, double h) {
    Object[] shifted = new Object[point.length];
    for (int i = 0; i < point.length; i++) {
      shifted[i] = point[i] + h * direction[i];
    }
    return List.copyOf(GeneratedCode.components(
        code.invokeGradientWith(className, method, shifted)).values());
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
