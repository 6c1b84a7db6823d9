package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Second order, forward over reverse: Hessian-vector products against finite differences of
 * the generated gradient, dense Hessians against closed forms, every primitive's second
 * derivative.
 */
class SecondOrderTest {

  private static GeneratedCode code;

  @BeforeAll
  static void compile() {
    code = ArrayGradientCheck.ofMembers("Second", """
          @Differentiable
          static double rosenbrock(double x, double y) {
            double a = 1 - x;
            double b = y - x * x;
            return a * a + 100 * b * b;
          }

          @Differentiable
          static double rnn(double w, double u, double[] x) {
            double h = 0;
            for (int t = 0; t < x.length; t++) {
              h = Math.tanh(w * h + u * x[t]);
            }
            return h * h;
          }

          @Differentiable
          static double lse(double[] x) {
            double m = x[0];
            for (int i = 1; i < x.length; i++) {
              m = Math.max(m, x[i]);
            }
            double s = 0;
            for (int i = 0; i < x.length; i++) {
              s += Math.exp(x[i] - m);
            }
            return Math.log(s) + m;
          }

          @Differentiable
          static double quadraticForm(double[][] a, double[] v) {
            double q = 0;
            for (int i = 0; i < v.length; i++) {
              for (int j = 0; j < v.length; j++) {
                q += v[i] * a[i][j] * v[j];
              }
            }
            return q;
          }

          @Differentiable
          static double branchy(double x, double y) {
            double r = x > y ? x * x * y : Math.sin(x) * y * y;
            if (r > 1) {
              r = Math.sqrt(r);
            }
            return r / (1 + y * y);
          }
        """).code();
  }

  @Test
  void rosenbrockHessianIsTheClosedForm() throws Exception {
    Method hessian = code.load("p.SecondGrad").getMethod("rosenbrockHessian", double.class,
        double.class);
    for (double[] p : new double[][] {{1.5, 0.5}, {-1.2, 1.0}, {1, 1}}) {
      double x = p[0];
      double y = p[1];
      double[][] h = (double[][]) hessian.invoke(null, x, y);
      assertAll(
          () -> assertThat(h[0][0]).isWithin(1e-9).of(2 - 400 * (y - 3 * x * x)),
          () -> assertThat(h[0][1]).isWithin(1e-9).of(-400 * x),
          () -> assertThat(h[1][0]).isWithin(1e-9).of(-400 * x),
          () -> assertThat(h[1][1]).isWithin(1e-9).of(200));
    }
  }

  @Test
  void hessianVectorProductsAgreeWithFiniteDifferencesOfTheGradient() {
    checkHessianVector("rnn", 0.8, -0.4, new double[] {0.3, -1, 2, 0.1});
    checkHessianVector("lse", (Object) new double[] {0.3, 2, -1, 1.5});
    checkHessianVector("quadraticForm", new double[][] {{1, 2}, {0.5, -1}},
        new double[] {0.3, -0.7});
    checkHessianVector("branchy", 1.3, 0.4);
    checkHessianVector("branchy", 0.2, 1.1);
    checkHessianVector("rosenbrock", -0.4, 0.9);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "Math.exp(x); 0.3", "Math.log(x); 1.7", "Math.log10(x); 2.5", "Math.log1p(x); 0.4",
      "Math.expm1(x); -0.6", "Math.sqrt(x); 2.2", "Math.cbrt(x); 1.9", "Math.pow(x, 3); 1.1",
      "Math.pow(2.5, x); 0.7", "Math.pow(x, x); 1.3", "Math.sin(x); 0.8", "Math.cos(x); 0.8",
      "Math.tan(x); 0.6", "Math.asin(x); 0.3", "Math.acos(x); -0.4", "Math.atan(x); 1.4",
      "Math.atan2(x, 1 + x * x); 0.9", "Math.sinh(x); 0.5", "Math.cosh(x); -0.7",
      "Math.tanh(x); 0.6", "Math.abs(x) * x; -1.2", "Math.max(x, 2 - x) * x; 0.3",
      "Math.min(x * x, 1) * x; 0.5", "Math.hypot(x, 2 * x + 1); 0.4",
      "Activations.sigmoid(x); 0.7", "Activations.relu(x) * x; 1.5",
      "Activations.softplus(x); -0.8", "Activations.leakyRelu(x, 0.1 * x) * x; -0.9",
      "1 / (1 + x * x); 0.6"})
  void secondDerivativeOfEveryPrimitive(String expression, double x) {
    GeneratedCode one = ArrayGradientCheck.ofMembers("One", """
          @Differentiable
          static double f(double x) {
            return %s;
          }
        """.formatted(expression)).code();
    checkHessianVector(one, "p.One", "f", x);
  }

  private static void checkHessianVector(String method, Object... arguments) {
    checkHessianVector(code, "p.Second", method, arguments);
  }

  /**
   * The Hessian times a direction, from the generated method, against the central difference
   * of the generated gradient along that direction; also checks the gradient it returns.
   */
  static void checkHessianVector(GeneratedCode code, String className, String method,
      Object... arguments) {
    Map<String, Object> gradient = GeneratedCode.components(
        code.invokeGradientWith(className, method, ArrayGradientCheck.deepCopy(arguments)));
    List<Object> call = new ArrayList<>(java.util.Arrays.asList(ArrayGradientCheck.deepCopy(arguments)));
    List<Object> directions = new ArrayList<>();
    List<Object> directionArguments = new ArrayList<>();
    String[] names = code.parameterNames(className, method);
    int k = 0;
    for (int a = 0; a < arguments.length; a++) {
      Object direction = direction(arguments[a], k);
      k += 10;
      if (direction != null) {
        directions.add(direction);
        directionArguments.add(direction);
      } else if (arguments[a] == null && gradient.containsKey(names[a])) {
        directionArguments.add(null); // an optional array left out
      }
    }
    call.addAll(directionArguments);
    Map<String, Object> product = GeneratedCode.components((Record)
        code.invokeMethodWith(className + "Grad", method + "HessianVector", call.toArray()));
    double h = 1e-5;
    Map<String, Object> plus = GeneratedCode.components(code.invokeGradientWith(className,
        method, shifted(arguments, directions, h)));
    Map<String, Object> minus = GeneratedCode.components(code.invokeGradientWith(className,
        method, shifted(arguments, directions, -h)));
    List<String> failures = new ArrayList<>();
    assertThat(product.get("value")).isEqualTo(gradient.get("value"));
    for (String name : gradient.keySet()) {
      if (name.equals("value")) {
        continue;
      }
      if (gradient.get(name) == null) { // an optional array left out
        assertThat(product.get("dot_" + name)).isNull();
        continue;
      }
      double[] actual = flatten(product.get("dot_" + name));
      double[] g = flatten(product.get(name));
      double[] expectedGradient = flatten(gradient.get(name));
      double[] up = flatten(plus.get(name));
      double[] down = flatten(minus.get(name));
      for (int i = 0; i < actual.length; i++) {
        double expected = (up[i] - down[i]) / (2 * h);
        if (!(Math.abs(actual[i] - expected) <= 1e-5 * Math.max(1, Math.abs(expected)))) {
          failures.add(method + ": (H v)_" + name + "[" + i + "] = " + actual[i]
              + ", finite difference of the gradient " + expected);
        }
        if (g[i] != expectedGradient[i]) {
          failures.add(method + ": gradient " + name + "[" + i + "] differs");
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  private static Object direction(Object argument, int k) {
    if (argument instanceof Double) {
      return Math.sin(k + 0.3) + 0.2;
    }
    if (NestedDoubles.isNested(argument)) {
      return NestedDoubles.shapedLike(argument, i -> Math.sin(k + i + 0.3) + 0.2);
    }
    return null;
  }

  private static Object[] shifted(Object[] arguments, List<Object> directions, double h) {
    Object[] shifted = ArrayGradientCheck.deepCopy(arguments);
    int d = 0;
    for (int a = 0; a < shifted.length; a++) {
      Object argument = shifted[a];
      if (argument instanceof Double x) {
        shifted[a] = x + h * (double) directions.get(d++);
      } else if (NestedDoubles.isNested(argument)) {
        double[] direction = NestedDoubles.flatten(directions.get(d++));
        double[] x = NestedDoubles.flatten(argument);
        for (int i = 0; i < x.length; i++) {
          NestedDoubles.set(argument, i, x[i] + h * direction[i]);
        }
      }
    }
    return shifted;
  }

  private static double[] flatten(Object value) {
    if (value instanceof Double x) {
      return new double[] {x};
    }
    return NestedDoubles.flatten(value);
  }
}
