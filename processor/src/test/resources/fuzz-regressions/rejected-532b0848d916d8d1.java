// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: REJECTED
// seed: 5992892838119397585
// sizes: n=2 m=1
// expect: gradients
// found: REJECTED : fuzz/F505x.java:8: error: object creation (new Cx) is not supported; records and small classes declared in this file are
// fixed: a static final record of another class (Pt2.UNIT), or a method making records by their simple name, read in the class that declares it
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F505x {
  static record Cx(double re, double im) {
    static final Cx UNIT = new Cx(1.0, 0.0);
  }
}

class G505x {
  @Differentiable
  static double g(boolean flag, double[] v, double w, double p0, double p1, double p2, double p3, double p4, double p5, double p6, double p7, double p8, double p9, double p10, double p11, double p12, double p13, double p14, double p15, double p16, double p17, double p18, double p19, double p20, double p21, double p22, double p23, double p24, double p25, double p26, double p27, double p28, double p29, double p30, double p31, double p32, double p33, double p34, double p35, double p36, double p37, double p38, double p39, double p40, double p41, double p42, double p43, double p44, double p45, double p46, double p47, double p48, double p49, double p50, double p51, double p52, double p53, double p54, double p55, double p56, double p57, double p58, double p59) {
    F505x.Cx c = F505x.Cx.UNIT;
    double tape = p12;
    return tape;
  }
}
