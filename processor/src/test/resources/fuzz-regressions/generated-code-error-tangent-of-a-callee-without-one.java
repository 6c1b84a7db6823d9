// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: -3849804137009620181
// sizes: n=2 m=3
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F9480xGrad.java:112: error: cannot find symbol
// found:   symbol:   method fTangent(double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double,double ...
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;
import static java.lang.Math.*;

class F9480x {
  private static final double K0 = Math.sqrt(3.0);

  @Differentiable
  static double[] loss(double theta) {
    final double p = In.f(theta, theta, 1.0, 1.0, 1.0, theta, 1.0, 1.0, theta, theta, theta, theta, theta, 1.0, 1.0, theta, 1.0, theta, theta, theta, theta, 1.0, theta, theta, 1.0, 1.0, theta, 1.0, theta, .5, theta, 1.0, 1.0, theta, theta, .5, 1.0, 1.0, 1.0, 1.0, PI, theta, theta, theta, 1.0, theta, 1.0, 1.5, theta, 1.0, 1.0, 1.0, theta, 0.3, 1.0, theta, theta, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, theta, K0);
    var r = F9480x.In.h(1.0, p);
    double sum = 0;
    final double[] outs = {r[0], sum};
    return outs;
  }

  static class In {
    /** A helper, differentiated for its callers. */
    private static double f(double x, double theta, double p0, double p1, double p2, double p3, double p4, double p5, double p6, double p7, double p8, double p9, double p10, double p11, double p12, double p13, double p14, double p15, double p16, double p17, double p18, double p19, double p20, double p21, double p22, double p23, double p24, double p25, double p26, double p27, double p28, double p29, double p30, double p31, double p32, double p33, double p34, double p35, double p36, double p37, double p38, double p39, double p40, double p41, double p42, double p43, double p44, double p45, double p46, double p47, double p48, double p49, double p50, double p51, double p52, double p53, double p54, double p55, double p56, double p57, double p58, double p59, double p60, double p61, double p62) {
      return p62;
    }

    @Differentiable
    static double[] h(double x, double lr) {
      double[] ys = new double[2];
      return ys;
    }
  }
}
