// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: 777
// sizes: n=4 m=2
// expect: gradients
// found: REJECTED : fuzz/F238x.java:58: error: assign the rows of laterRows with new double[k], another array, a row of a matrix or a clone of one
// fixed: the rows of new double[n][] may be a record's array (net.bias().clone()), whose length nothing can change
package fuzz;

import dev.flatgrad.Differentiable;

class F238x {
  record Net(double[] bias, double scale) {}

  @Differentiable
  static double f(Net net, double theta) {
    double[][] laterRows = new double[2][];
    laterRows[0] = net.bias().clone();
    laterRows[1] = net.bias().clone();
    laterRows[1][0] = laterRows[0][0] * 0.5 * net.scale();
    return theta * Math.tanh(laterRows[1][0]) + laterRows[0][1];
  }
}
