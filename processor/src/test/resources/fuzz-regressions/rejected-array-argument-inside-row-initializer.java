// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: 20261223
// sizes: n=3 m=3
// expect: gradients
// found: REJECTED : fuzz/F328x.java:58: error: an array created inside an expression is not supported: create it in a declaration of its own, such as double[] v = new double[] {...};, and use the local here
// fixed: a row assignment m[i] = new double[] {...} computes each element's side effects (here an array argument) before the element, as declarations do
package fuzz;

import dev.flatgrad.Differentiable;

class F328x {
  @Differentiable
  static double g(double[] a, double[] b, double s) {
    return a[0] * b[1] + s * a[1];
  }

  @Differentiable
  static double f(double x, double z, double[][] A) {
    double[][] ragged = new double[2][];
    ragged[0] = new double[] {g(new double[] {x, z}, A[2], 0.5)};
    ragged[1] = new double[] {z, g(A[1], new double[] {ragged[0][0], x}, z)};
    double q = ragged[1][1] - ragged[0][0] * 0.25;
    for (int it = 0; it < 3; it++) {
      double[][] rows = new double[2][];
      rows[0] = new double[] {A[2][it] * x, g(new double[] {Math.sin(z), q}, A[1], 3), q};
      rows[1] = new double[] {rows[0][1] * 0.5, z, g(A[it], new double[] {x, z * q}, q)};
      double[][] square = new double[2][2];
      square[1] = new double[] {g(new double[] {q, x}, A[0], z), rows[1][2]};
      q += Math.tanh(rows[0][0] - rows[1][1] + square[1][0] * square[1][1]);
    }
    return q;
  }
}
