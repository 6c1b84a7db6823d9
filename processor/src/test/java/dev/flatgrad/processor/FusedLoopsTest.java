package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.flatgrad.processor.ad.ReverseMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Loops whose iterations are independent but for reductions (a batch loss, DESIGN.md §2) run
 * each iteration's reverse right after its forward, inside one loop, with nothing saved across
 * iterations. The tests read the generated source to see which path a loop took, check the
 * gradient against central differences of the user's method (and the tangent and the
 * Hessian-vector product against differences of the gradient), and compare it with the general
 * path's (all forward iterations, then all reverse ones), which sums in another order.
 */
class FusedLoopsTest {

  /** Seed 002's network as a batch loss: the benchmarks' kernel. */
  static final String MLP = """
        @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
        static double loss(double[][] w1, double[] b1, double[][] w2, double[] b2,
            double[][] x, int[] labels) {
          double[] h = new double[b1.length];
          double[] y = new double[b2.length];
          double total = 0;
          for (int n = 0; n < x.length; n++) {
            for (int i = 0; i < b1.length; i++) {
              double s = b1[i];
              for (int j = 0; j < x[n].length; j++) {
                s += w1[i][j] * x[n][j];
              }
              h[i] = Math.tanh(s);
            }
            for (int c = 0; c < b2.length; c++) {
              double s = b2[c];
              for (int i = 0; i < b1.length; i++) {
                s += w2[c][i] * h[i];
              }
              y[c] = s;
            }
            double m = y[0];
            for (int c = 1; c < y.length; c++) {
              m = Math.max(m, y[c]);
            }
            double se = 0;
            for (int c = 0; c < y.length; c++) {
              se += Math.exp(y[c] - m);
            }
            total += Math.log(se) + m - y[labels[n]];
          }
          return total / x.length;
        }

        /** Every input differentiated, for the Hessian-vector product. */
        @Differentiable
        static double all(double[][] w1, double[] b1, double[][] x) {
          double[] h = new double[b1.length];
          double total = 0;
          for (int n = 0; n < x.length; n++) {
            for (int i = 0; i < b1.length; i++) {
              double s = b1[i];
              for (int j = 0; j < x[n].length; j++) {
                s += w1[i][j] * x[n][j];
              }
              h[i] = Math.tanh(s);
            }
            double m = h[0];
            for (int i = 1; i < h.length; i++) {
              m = Math.max(m, h[i]);
            }
            total += m * m + h[h.length - 1];
          }
          return 0.5 * total;
        }

        /** Calls the loss: its pullback is fused too. */
        @Differentiable(wrt = {"w1", "b1", "w2", "b2"})
        static double twice(double[][] w1, double[] b1, double[][] w2, double[] b2,
            double[][] x, int[] labels) {
          return 2 * loss(w1, b1, w2, b2, x, labels) + b2[0] * b2[0];
        }
      """;

  /**
   * What must not keep the fused path from a loop: branches on data and on active values, a call
   * of another differentiated method, a nested loop with no counter, an array reduction read
   * after the loop, a double parameter, scratch scalars declared before the loop.
   */
  static final String SHAPES = """
        @Differentiable
        static double square(double v) {
          return v * v;
        }

        @Differentiable(wrt = {"w", "scale"})
        static double shapes(double[] w, double scale, double[][] x, int[] group) {
          double[] score = new double[w.length];
          double[] perGroup = new double[3];
          double total = 0;
          double z;
          for (int n = 0; n < x.length; n++) {
            for (int j = 0; j < w.length; j++) {
              score[j] = w[j] * x[n][j];
            }
            z = 0;
            for (int j = 0; j < w.length; j++) {
              if (score[j] > 0) {
                z += score[j] * scale;
              } else {
                z += Math.exp(score[j]) - 1;
              }
            }
            double r = z;
            int steps = 0;
            while (r * r > 1 && steps < 4) {
              r = r * 0.5;
              steps++;
            }
            if (group[n] >= 0) {
              perGroup[group[n]] += square(r);
            }
            total += r * z;
          }
          return total + 2 * perGroup[0] - perGroup[2] / x.length;
        }
      """;

  /** Iterations that carry state other than reductions take the general path. */
  static final String CARRIED = """
        @Differentiable
        static double rnnLoss(double w, double u, double[] x) {
          double h = 0;
          double total = 0;
          for (int t = 0; t < x.length; t++) {
            h = Math.tanh(w * h + u * x[t]);
            total += h * h;
          }
          return total;
        }

        /** Scratch read after the loop: its last contents must be there. */
        @Differentiable
        static double lastHidden(double[] w, double[][] x) {
          double[] a = new double[w.length];
          double total = 0;
          for (int n = 0; n < x.length; n++) {
            for (int j = 0; j < w.length; j++) {
              a[j] = Math.sin(w[j] * x[n][j]);
            }
            total += a[0] * a[1];
          }
          return total + a[1];
        }

        /** Scratch read before it is rewritten: the previous example's values flow on. */
        @Differentiable
        static double stale(double[] w, double[][] x) {
          double[] a = new double[w.length];
          double total = 0;
          for (int n = 0; n < x.length; n++) {
            total += a[0] * w[0];
            for (int j = 0; j < w.length; j++) {
              a[j] = Math.sin(w[j] * x[n][j]);
            }
          }
          return total;
        }

        /** The reduction's adjoint depends on the loop's result: 1 / total. */
        @Differentiable
        static double logOfSum(double[] w, double[][] x) {
          double total = 0;
          for (int n = 0; n < x.length; n++) {
            double s = 0;
            for (int j = 0; j < w.length; j++) {
              s += w[j] * x[n][j];
            }
            total += Math.exp(s);
          }
          return Math.log(total);
        }

        /** The reduction read inside the loop: a running value, not a reduction. */
        @Differentiable
        static double running(double[] w, double[][] x) {
          double total = 1;
          for (int n = 0; n < x.length; n++) {
            total += total * w[0] * x[n][0];
          }
          return total;
        }

        /**
         * A first loop that adds into an array (a reduction into h) which a second, fusable loop
         * reads: h's adjoint comes from the second loop's iterations, after the first has run.
         */
        @Differentiable
        static double filledThenSummed(double[] w, double[][] x) {
          double[] h = new double[w.length];
          for (int n = 0; n < w.length; n++) {
            h[n] += w[n] * x[0][n];
          }
          double s = 0;
          for (int n = 0; n < x.length; n++) {
            s += Math.exp(h[n % h.length]) * x[n][0];
          }
          return s;
        }
      """;

  private static final SplittableRandom RANDOM = new SplittableRandom(14);

  @Test
  void theMlpBatchLossRunsEachExamplesReverseRightAfterItsForward() {
    ArrayGradientCheck f = ArrayGradientCheck.ofMembers("Mlp", MLP);
    String source = f.code().generatedMethodSource("p.MlpGrad", "Loss loss(");
    assertFused(source, "for (int n = 0; n < x.length; n++) {", "grad_w1[i][j] += ");
    // The seed of the reduction is known before the loop: d(total / x.length) / d total.
    assertThat(source).contains("double grad_total = grad_value / x.length;");
    assertThat(source.indexOf("double grad_total = ")).isLessThan(
        source.indexOf("for (int n = 0; n < x.length; n++) {"));
    // One example's hidden layer is never saved: each h[i] is read back by its own reverse.
    assertThat(source).doesNotContain("saved[top++] = h[");
    Object[] arguments = mlpArguments(5, 3, 4, 7);
    f.check("loss", arguments);
    assertAgreesWithGeneralPath("Mlp", MLP, "loss", arguments);
    assertFused(f.code().generatedMethodSource("p.MlpGrad", "double lossPullback("),
        "for (int n = 0; n < x.length; n++) {", "grad_w1[i][j] += ");
    f.check("twice", arguments);
  }

  @Test
  void theHessianVectorProductGoesThroughAFusedLoop() {
    ArrayGradientCheck f = ArrayGradientCheck.ofMembers("Mlp", MLP);
    assertFused(f.code().generatedMethodSource("p.MlpGrad", "All all("),
        "for (int n = 0; n < x.length; n++) {", "grad_w1[i][j] += ");
    Object[] arguments = {matrix(4, 3), vector(4), matrix(5, 3)};
    f.check("all", arguments);
    SecondOrderTest.checkHessianVector(f.code(), "p.Mlp", "all", arguments);
    assertAgreesWithGeneralPath("Mlp", MLP, "all", arguments);
  }

  @Test
  void branchesCallsAndInnerLoopsInsideTheBodyKeepTheFusedPath() {
    ArrayGradientCheck f = ArrayGradientCheck.ofMembers("Shapes", SHAPES);
    String source = f.code().generatedMethodSource("p.ShapesGrad", "Shapes shapes(");
    assertFused(source, "for (int n = 0; n < x.length; n++) {", "squarePullback(");
    // perGroup's adjoint is read by the iterations: computed before the loop from the return.
    assertThat(source.indexOf("grad_perGroup[2] += ")).isLessThan(
        source.indexOf("for (int n = 0; n < x.length; n++) {"));
    for (int trial = 0; trial < 3; trial++) {
      double[][] x = matrix(6, 4);
      int[] group = new int[6];
      for (int n = 0; n < 6; n++) {
        group[n] = RANDOM.nextInt(4) - 1;
      }
      x[0][0] = 3; // some |r| > 1, for the while loop
      Object[] arguments = {vector(4), 0.7, x, group};
      f.check("shapes", arguments);
      assertAgreesWithGeneralPath("Shapes", SHAPES, "shapes", arguments);
    }
  }

  @Test
  void iterationsThatCarryStateTakeTheGeneralPath() {
    ArrayGradientCheck f = ArrayGradientCheck.ofMembers("Carried", CARRIED);
    assertGeneral(f.code().generatedMethodSource("p.CarriedGrad", "RnnLoss rnnLoss("),
        "for (int t = x.length - 1; t >= 0; t--) {");
    f.check("rnnLoss", 0.4, -0.8, vector(6));
    for (String method : List.of("lastHidden", "stale", "logOfSum", "running")) {
      String record = Character.toUpperCase(method.charAt(0)) + method.substring(1);
      assertGeneral(f.code().generatedMethodSource("p.CarriedGrad", record + " " + method + "("),
          "for (int n = x.length - 1; n >= 0; n--) {");
      f.check(method, vector(3), matrix(5, 3));
    }
    f.check("filledThenSummed", vector(3), matrix(5, 3));
    SecondOrderTest.checkHessianVector(f.code(), "p.Carried", "filledThenSummed", vector(3),
        matrix(5, 3));
  }

  private static final String FUSED_HEADING =
      "// forward and backward, one iteration at a time: nothing is saved across iterations";

  /**
   * The forward loop holds the reverse code, under a heading that says so; the backward section
   * has no loop over it.
   */
  private static void assertFused(String source, String loop, String reverseInside) {
    int forward = source.indexOf(loop);
    int backward = source.indexOf("// backward");
    assertWithMessage("%s", source).that(forward).isAtLeast(0);
    int heading = source.indexOf(FUSED_HEADING);
    assertWithMessage("the fused loop's heading before it, in\n%s", source)
        .that(heading >= 0 && heading < forward).isTrue();
    int reverse = source.indexOf(reverseInside, forward);
    assertWithMessage("the fused loop's reverse inside it, in\n%s", source)
        .that(reverse).isGreaterThan(forward);
    assertWithMessage("%s", source).that(backward < 0 || reverse < backward).isTrue();
    String counter = loop.substring(loop.indexOf("int ") + 4, loop.indexOf(" =", 9));
    assertWithMessage("%s", source).that(source).doesNotContain("for (int " + counter + " = x.length - 1;");
  }

  private static void assertGeneral(String source, String reverseLoop) {
    assertWithMessage("%s", source).that(source).doesNotContain(FUSED_HEADING);
    int backward = source.indexOf("// backward");
    assertWithMessage("%s", source).that(source.indexOf(reverseLoop)).isGreaterThan(backward);
  }

  /** Compiles {@code members} again with every loop reversed the general way; compares. */
  private static void assertAgreesWithGeneralPath(String simpleName, String members,
      String method, Object[] arguments) {
    GeneratedCode fused = ArrayGradientCheck.ofMembers(simpleName, members).code();
    GeneratedCode general = GeneratedCode.compileWith(generalProcessor(), "p." + simpleName,
        """
        package p;

        import dev.flatgrad.Activations;
        import dev.flatgrad.Differentiable;

        class %s {
        %s
        }
        """.formatted(simpleName, members));
    String record = Character.toUpperCase(method.charAt(0)) + method.substring(1);
    assertGeneral(general.generatedMethodSource("p." + simpleName + "Grad",
        record + " " + method + "("), "for (int n = x.length - 1; n >= 0; n--) {");
    Map<String, Object> a = GeneratedCode.components(fused.invokeGradientWith("p." + simpleName,
        method, ArrayGradientCheck.deepCopy(arguments)));
    Map<String, Object> b = GeneratedCode.components(general.invokeGradientWith(
        "p." + simpleName, method, ArrayGradientCheck.deepCopy(arguments)));
    assertThat(a.keySet()).isEqualTo(b.keySet());
    for (String name : a.keySet()) {
      double[] x = flatten(a.get(name));
      double[] y = flatten(b.get(name));
      assertThat(x.length).isEqualTo(y.length);
      for (int i = 0; i < x.length; i++) {
        assertWithMessage("%s[%s]: fused %s, general %s", name, i, x[i], y[i])
            .that(Math.abs(x[i] - y[i]) <= 1e-13 * Math.max(1, Math.abs(y[i]))).isTrue();
      }
    }
  }

  /** The processor with fused loops turned off: what the tests compare against. */
  static FlatgradProcessor generalProcessor() {
    return new FlatgradProcessor(new FlatgradProcessor.Differentiator() {
      @Override
      public dev.flatgrad.processor.ad.Gradient gradient(dev.flatgrad.processor.ir.Function
          function, Predicate<dev.flatgrad.processor.ir.Callee> specializable) {
        return ReverseMode.differentiate(function, null, specializable, false);
      }

      @Override
      public dev.flatgrad.processor.ad.Gradient pullback(dev.flatgrad.processor.ir.Function
          function, String methodName,
          Predicate<dev.flatgrad.processor.ir.Callee> specializable) {
        return ReverseMode.differentiate(function, methodName, specializable, false);
      }
    });
  }

  private static double[] flatten(Object value) {
    List<Double> out = new ArrayList<>();
    if (value instanceof Double d) {
      out.add(d);
    } else if (value instanceof double[] v) {
      for (double d : v) {
        out.add(d);
      }
    } else if (value instanceof double[][] m) {
      for (double[] row : m) {
        for (double d : row) {
          out.add(d);
        }
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static Object[] mlpArguments(int inputs, int hidden, int classes, int batch) {
    int[] labels = new int[batch];
    for (int n = 0; n < batch; n++) {
      labels[n] = RANDOM.nextInt(classes);
    }
    return new Object[] {matrix(hidden, inputs), vector(hidden), matrix(classes, hidden),
        vector(classes), matrix(batch, inputs), labels};
  }

  private static double[] vector(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = RANDOM.nextDouble(-1, 1);
    }
    return v;
  }

  private static double[][] matrix(int rows, int columns) {
    double[][] m = new double[rows][];
    for (int i = 0; i < rows; i++) {
      m[i] = vector(columns);
    }
    return m;
  }
}
