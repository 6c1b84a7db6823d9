// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 2401334265368122226
// sizes: n=1 m=2
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F361x_InGrad.java:42: error: variable k is already defined in method f(double[],int[],double[][],double)
// found: /SOURCE_OUTPUT/fuzz/F361x_InGrad.java:95: error: variable k is already defined in method fPullback(double[],int[],double[][],double,double,double[],double[][])
// found: /SOURCE_OUTPUT/fuzz/F361x_InGrad.java:157: error: variable k is already defined in method fTangent(double[],int[],double[][],double,double[],double[][],double)
// found: /SOURCE_OUTPUT/fuzz/F361x_InGrad.java:204: error: variable k is already defined in method fHessianVector(double[],int[],double[][],d ...
// fixed: a small class's methods were not reserved names, so two inlined calls declared their parameter k twice
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F361x {
  static final class Osc {
    double x;

    double v;

    final double mass;

    Osc(double x, double v, double mass) {
      this.x = x;
      this.v = v;
      this.mass = mass;
    }

    double energy(double k) {
      return 0.5 * mass * v * v + 0.5 * k * x * x;
    }
  }

  /** Expects fHessianVector. */
  @Differentiable(pullback = "nrmPullback", tangent = "nrmAlong")
  static double nrm(double[] v) {
    double s = 1;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * v[i];
    }
    return Math.sqrt(s);
  }

  static double nrmPullback(double[] v, double upstream, double[] gradV) {
    double r = nrm(v);
    for (int i = 0; i < v.length; i++) {
      gradV[i] += upstream * v[i] / r;
    }
    return r;
  }

  @Differentiable(wrt = "v")
  static double nrmAlong(double[] v, double[] dot_v) {
    double s = 1;
    double t = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i] * v[i];
      t += v[i] * dot_v[i];
    }
    return t / Math.sqrt(s);
  }

  static class In {
    /** Expects fHessianVector. */
    @Differentiable
    static double f(double[] c, int[] idx, double[][] W, double b) {
      final Osc o2 = new Osc(b, 0.5, 1.0);
      var p = o2.energy(1.0) / (1 + Math.abs(o2.energy(1.0)));
      return b;
    }
  }
}
