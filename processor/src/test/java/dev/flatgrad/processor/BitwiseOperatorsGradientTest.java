package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shifts and bitwise operators on integers ({@code (lo + hi) >>> 1}, {@code n & 1},
 * {@code k >>= 1}, {@code ~mask}) and {@code & ^ |} of booleans: data, computed as Java does,
 * steering the differentiated computation. Values bit-identical to the user's method, gradients,
 * tangents and Hessian-vector products against central finite differences.
 */
class BitwiseOperatorsGradientTest {

  private static final String CLASS = "p.Bits";
  private static ArrayGradientCheck f;

  @BeforeAll
  static void compile() {
    f = ArrayGradientCheck.ofMembers("Bits", """
  /** Linear interpolation after a binary search, the midpoint as libraries write it. */
  @Differentiable
  static double interpolate(double[] xs, double[] ys, double x) {
    int lo = 0;
    int hi = xs.length - 1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (xs[mid] <= x) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double t = (x - xs[lo]) / (xs[hi] - xs[lo]);
    return ys[lo] * (1 - t) + ys[hi] * t;
  }

  /** x^n by repeated squaring, reading n's bits. */
  @Differentiable
  static double power(double x, int n) {
    double result = 1;
    double square = x;
    for (int k = n; k > 0; k >>= 1) {
      if ((k & 1) != 0) {
        result *= square;
      }
      square *= square;
    }
    return result;
  }

  /** Every operator and compound assignment, on int, long and boolean data. */
  @Differentiable
  static double mixed(double x, int n, long seed) {
    int mask = n & 3 | 4;
    mask ^= 1;
    mask <<= 1;
    boolean odd = (n & 1) == 1 ^ x > 0;
    long h = seed * 31 >> 2;
    h |= ~seed & 0xFF;
    h >>>= 3;
    boolean both = odd & x > 1 | n > 5;
    both &= n != 0;
    return x * (mask + h % 5) + (both ? x * x : 0) + (n << 2) * Math.sin(x) - (~n) * x;
  }
""");
  }

  @Test
  void aBinarySearchMidpoint() {
    double[] xs = {0.0, 0.5, 1.25, 2.0, 3.5, 4.0};
    double[] ys = {1.0, -0.3, 0.8, 2.2, 0.4, -1.1};
    for (double x : new double[] {0.2, 1.3, 2.7, 3.9}) {
      f.check("interpolate", xs, ys, x);
      SecondOrderTest.checkHessianVector(f.code(), CLASS, "interpolate", xs, ys, x);
    }
  }

  @Test
  void powerByTheBitsOfTheExponent() {
    for (int n = 0; n <= 11; n++) {
      f.check("power", 1.07, n);
      SecondOrderTest.checkHessianVector(f.code(), CLASS, "power", 1.07, n);
      // Against the closed form n x^(n-1).
      double expected = n * Math.pow(1.07, n - 1);
      double actual = (double) f.gradient("power", 1.07, n).get("x");
      assertThat(actual).isWithin(1e-12 * Math.max(1, expected)).of(expected);
    }
  }

  @Test
  void everyOperatorOnIntsLongsAndBooleans() {
    for (int n : new int[] {0, 1, 6, 7, -3}) {
      for (long seed : new long[] {12345L, -987654321L}) {
        for (double x : new double[] {-0.6, 0.4, 1.7}) {
          f.check("mixed", x, n, seed);
          SecondOrderTest.checkHessianVector(f.code(), CLASS, "mixed", x, n, seed);
        }
      }
    }
  }

  @Test
  void theGeneratedCodeKeepsTheOperators() throws Exception {
    String generated = f.code().compilation().generatedSourceFile(CLASS + "Grad").orElseThrow()
        .getCharContent(true).toString();
    assertThat(generated).contains("int mid = (lo + hi) >>> 1;");
    assertThat(generated).contains("int mask = (n & 3) | 4;");
    assertThat(generated).contains("boolean odd = ((n & 1) == 1) ^ (x > 0);");
    assertThat(generated).contains("long h_1 = h | (~seed & 0xFF);");
  }
}
