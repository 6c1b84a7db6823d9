// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: -1394105898227655845
// sizes: n=3 m=3
// expect: gradients
// found: REJECTED : fuzz/F9721x.java:49: error: call step at the top level of the method body, not inside a branch or loop: the array it returns is a local array, which flatgrad holds once (it translates a helper of this class where it is called when the helper ends with return y; of an array y it allocates)
// fixed: InlinedCalls.inlineArrayHelper gave up on any argument with side effects, counting a nested
// fixed: nrm(new double[] {...}) as one; array initializers only make a fresh array (SideEffects.hasBeyondInitializers)
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F9721x {
  static final double K0 = 0.5;

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

  @Differentiable(wrt = {"p42", "p46", "p20", "p13", "p60", "p24", "p5", "p10", "p47", "p8", "p23", "p25", "p6", "p57", "p32", "p37", "p11", "p43", "p34", "p62", "p49", "p0", "p29", "p45", "p41", "p54", "p12"})
  static double[] step(int n, double p0, double p1, double p2, double p3, double p4, double p5, double p6, double p7, double p8, double p9, double p10, double p11, double p12, double p13, double p14, double p15, double p16, double p17, double p18, double p19, double p20, double p21, double p22, double p23, double p24, double p25, double p26, double p27, double p28, double p29, double p30, double p31, double p32, double p33, double p34, double p35, double p36, double p37, double p38, double p39, double p40, double p41, double p42, double p43, double p44, double p45, double p46, double p47, double p48, double p49, double p50, double p51, double p52, double p53, double p54, double p55, double p56, double p57, double p58, double p59, double p60, double p61, double p62) {
    double u = p62;
    final double[] f2 = {u, u, p62};
    return f2;
  }

  @Differentiable
  static double[] loss(double z, boolean[] keep) {
    double tmp = z;
    if (true) {
      final double[] java = step(0, 0.5, 1.0, 1.0, 3.0, 1.0, z, z, 1.0, z, 1.0, z, tmp, tmp, tmp, .5, 1.0, 1.0, 2., 1.0, K0, z, 1.0, 1.0, z, 1.0, z, 1.0, 1.0, 1.0, z, 1.0, 1.0, z, .5, 1.0, 1.0, 0.3, 1.0, K0, 0.25, K0, z, tmp, tmp, 1.0, tmp, z, z, K0, tmp, 4.0, K0, 1.0, 1.0, nrm(new double[] {2., tmp, z}), K0, 1.0, 1.0, 1.0, 4.0, tmp, 1.0, tmp);
    }
    return new double[] {tmp, tmp, tmp};
  }
}
