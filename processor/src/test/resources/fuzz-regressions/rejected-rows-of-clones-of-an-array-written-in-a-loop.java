// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: -7549602869252824656
// sizes: n=2 m=1
// expect: gradients
// found: REJECTED : fuzz/F9x.java:22: error: the new row of laterRows must have the length of its rows, written as in its allocation (its size): flatgrad keeps the rows of a local matrix in place and copies a new row into them
// reduced by hand from program 9 of seed 505 (the fuzzer's reduction drifted to another diagnostic)
// fixed: a size read from an array's length (new double[act.length]) is recorded when act's elements are written but act itself is never reassigned
package fuzz;

import dev.flatgrad.Differentiable;

class F9x {
  @Differentiable
  static double f(double b, double w) {
    double[] act = new double[2];
    for (int i = 0; i < act.length; i++) {
      act[i] = Math.sin(w);
    }
    double[] g = new double[act.length];
    g[1] = w;
    double[][] laterRows = new double[2][];
    laterRows[0] = g.clone();
    laterRows[1] = g.clone();
    return laterRows[0][1] + laterRows[1][0] * b;
  }
}
