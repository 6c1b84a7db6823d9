package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generated records with array components compare, hash and print their contents: two results
 * computed from equal inputs are equal, different ones are not, and {@code toString} shows the
 * numbers instead of {@code [D@…}. Read from the records' behaviour, on gradients, pullback,
 * tangent, Hessian-vector and Jacobian records.
 */
class RecordMembersTest {

  private static final String SOURCE = """
      package p;

      import dev.flatgrad.Differentiable;

      class C {
        @Differentiable
        static double f(double[] x, double[][] m, double s) {
          double t = s * s;
          for (int i = 0; i < x.length; i++) {
            t += x[i] * x[i] * m[0][i];
          }
          return t;
        }

        /** Components named like the generated methods' own locals and parameter. */
        @Differentiable
        static double clash(double[] that, double object, double[] hash) {
          return that[0] * object + hash[0] * hash[1];
        }

        @Differentiable
        static double[] v(double[] x) {
          double[] y = new double[2];
          y[0] = x[0] * x[1];
          y[1] = Math.sin(x[0]);
          return y;
        }
      }
      """;

  private final GeneratedCode code = GeneratedCode.compile("p.C", SOURCE);

  @Test
  void gradientRecordsAreEqualByContent() {
    Record first = gradient(new double[] {1, 2}, new double[][] {{3, 4}}, 0.5);
    Record second = gradient(new double[] {1, 2}, new double[][] {{3, 4}}, 0.5);
    Record other = gradient(new double[] {1, 2.5}, new double[][] {{3, 4}}, 0.5);

    assertThat(first).isNotSameInstanceAs(second);
    assertThat(first).isEqualTo(second);
    assertThat(first.hashCode()).isEqualTo(second.hashCode());
    assertThat(first).isNotEqualTo(other);
    assertThat(first).isNotEqualTo(null);
    assertThat(first).isNotEqualTo("F");
  }

  @Test
  void gradientRecordPrintsItsNumbers() {
    Record g = gradient(new double[] {1, 2}, new double[][] {{3, 4}}, 0.5);
    Map<String, Object> parts = GeneratedCode.components(g);

    // d/dx[i] = 2 x[i] m[0][i]; d/dm[0][i] = x[i]²; d/ds = 2s; value = s² + Σ x[i]² m[0][i].
    assertThat((double[]) parts.get("x")).usingExactEquality().containsExactly(6.0, 16.0)
        .inOrder();
    assertThat(g.toString()).isEqualTo("F[value=19.25, x=[6.0, 16.0], m=[[1.0, 4.0]], s=1.0]");
    assertThat(g.toString()).doesNotContain("[D@");
  }

  @Test
  void doublesCompareAsARecordsOwnEqualsDoes() {
    Record nan = gradient(new double[] {Double.NaN}, new double[][] {{1}}, 1);
    Record nanAgain = gradient(new double[] {Double.NaN}, new double[][] {{1}}, 1);
    // NaN equals NaN, as Double.compare (and a record's own equals) has it.
    assertThat(nan).isEqualTo(nanAgain);
    Record plusZero = gradient(new double[] {1}, new double[][] {{1}}, 0.0);
    Record minusZero = gradient(new double[] {1}, new double[][] {{1}}, -0.0);
    assertThat(plusZero).isNotEqualTo(minusZero); // ds = 2s: 0.0 and -0.0
  }

  @Test
  void componentsNamedThatObjectAndHashWork() {
    Record first = code.invokeGradientWith("p.C", "clash", new double[] {2, 3}, 5.0,
        new double[] {7, 11});
    Record second = code.invokeGradientWith("p.C", "clash", new double[] {2, 3}, 5.0,
        new double[] {7, 11});
    Record other = code.invokeGradientWith("p.C", "clash", new double[] {2, 3}, 5.0,
        new double[] {7, 12});
    assertThat(first).isEqualTo(second);
    assertThat(first.hashCode()).isEqualTo(second.hashCode());
    assertThat(first).isNotEqualTo(other);
    // d/dthat = (object, 0), d/dobject = that[0], d/dhash = (hash[1], hash[0]).
    assertThat(first.toString()).isEqualTo(
        "Clash[value=87.0, that=[5.0, 0.0], object=2.0, hash=[11.0, 7.0]]");
  }

  @Test
  void pullbackTangentHessianVectorAndJacobianRecordsToo() {
    double[] x = {1, 2};
    double[][] m = {{3, 4}};
    double[] dx = {1, 0};
    double[][] dm = {{0, 0}};
    Record hv = (Record) code.invokeMethodWith("p.CGrad", "fHessianVector", x, m, 0.5, dx, dm,
        0.0);
    Record hvAgain = (Record) code.invokeMethodWith("p.CGrad", "fHessianVector", x, m, 0.5, dx,
        dm, 0.0);
    assertThat(hv).isEqualTo(hvAgain);
    assertThat(hv.hashCode()).isEqualTo(hvAgain.hashCode());
    assertThat(hv.toString()).doesNotContain("[D@");
    // H dx for dx = e0: d²/dx0² = 2 m[0][0] = 6, d²/dm[0][0]dx0 = 2 x0 = 2.
    assertThat(hv.toString()).contains("dot_x=[6.0, 0.0], dot_m=[[2.0, 0.0]]");

    Record jacobian = code.invokeGradientWith("p.C", "v", new double[] {0.5, 3});
    Record jacobianAgain = code.invokeGradientWith("p.C", "v", new double[] {0.5, 3});
    assertThat(jacobian).isEqualTo(jacobianAgain);
    assertThat(jacobian.hashCode()).isEqualTo(jacobianAgain.hashCode());
    assertThat(jacobian.toString()).isEqualTo("V[value=" + Arrays.toString(
        new double[] {1.5, Math.sin(0.5)}) + ", x=[[3.0, 0.5], [" + Math.cos(0.5) + ", 0.0]]]");

    Record tangent = code.invokeTangentWith("p.C", "v", new double[] {0.5, 3},
        new double[] {1, 0});
    assertWithMessage("tangent").that(tangent.toString()).isEqualTo("VTangent[value="
        + Arrays.toString(new double[] {1.5, Math.sin(0.5)}) + ", tangent=[3.0, "
        + Math.cos(0.5) + "]]");
    assertThat(tangent).isEqualTo(code.invokeTangentWith("p.C", "v", new double[] {0.5, 3},
        new double[] {1, 0}));
  }

  private Record gradient(double[] x, double[][] m, double s) {
    return code.invokeGradientWith("p.C", "f", x, m, s);
  }
}
