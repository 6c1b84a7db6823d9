// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: TIMEOUT
// seed: 2193823763329081853
// sizes: n=4 m=3
// expect: gradients
// found: seed 20261212, program 6619: the compilation filled a 3 GB heap making pullback variants of step, each a new set of active arguments of its recursive calls
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F6619x {
  static final int C0 = 3;

  /** Expects fHessianVector. */
  @Differentiable(of = H6619x.class)
  static double spread(double[] v) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += Math.sin(v[i]) * v[i];
    }
    return s;
  }

  /** A helper, differentiated for its callers. */
  static double model(double y, double[] c, double[] v) {
    var grad_x = v[2];
    L0: for (int i = 3 - 1; i >= 0; i--) {
      y++;
      if (y != grad_x) {
        break L0;
      }
      int returned = 0;
      L1: while (returned < 2) {
        returned++;
        var acc = Math.tanh(Math.PI + grad_x);
        if ((grad_x < -y ? returned : acc) > -1e-1) {
          y *= StrictMath.sin(grad_x);
        }
      }
    }
    return grad_x + y;
  }

  @Differentiable
  static double step(double[] ws, int n, double p0, double p1, double p2, double p3, int level, double p4, double p5, double p6, double p7, double p8, double p9, double p10, double p11, double p12, double p13, double p14, double p15, double p16, double p17, double p18, double p19, double p20, double p21, double p22, double p23, double p24, double p25, double p26, double p27, double p28, double p29, double p30, double p31, double p32, double p33, double p34, double p35, double p36, double p37, double p38, double p39, double p40, double p41, double p42, double p43, double p44, double p45, double p46, double p47, double p48, double p49, double p50, double p51, double p52, double p53, double p54, double p55, double p56, double p57, double p58, double p59, double p60, double p61) {
    if (level <= 0) {
      return p14;
    }
    if (p52 >= 1.0 ? p53 != -0.5 : C0 == 0) {
      for (int i = 4 - 1; i > -0.5; i--) {
        L0: for (int j = 0; j < 3; j++) {
          final double upstream = Math.tanh((p15 / Math.sqrt(1 + (p29 * p1) * (p29 * p1)) - Math.tanh(Math.signum(p56) * p37)) * Math.tanh(Math.max(StrictMath.atan2(p26, 0.5 + p51 * p51), Activations.leakyRelu(p52, 0.2))));
        }
        final var r1 = (Math.tanh(Math.pow(Math.tanh(p31), 2)) + level + model(Math.sin(p56), ws, ws)) / (1 + Math.abs((Math.tanh(Math.pow(Math.tanh(p31), 2)) + level + model(Math.sin(p56), ws, ws))));
        if (Double.isNaN((p12 + p45) / (1.5 + Math.cos((p2 * p34))))) {
          throw new IllegalArgumentException("not a number: " + (p26) + ", at " + (((p12 + p45) / (1.5 + Math.cos((p2 * p34))))));
        }
        double acc;
        if (p31 != p6) {
          acc = (p60 - Math.log(2 + Math.sin(p35)) / 4.0) / (1 + Math.abs((p60 - Math.log(2 + Math.sin(p35)) / 4.0)));
        } else {
          acc = Math.scalb(Math.tanh(Math.expm1(Math.sin(p57 - p49))), 1) / (1 + Math.abs(Math.scalb(Math.tanh(Math.expm1(Math.sin(p57 - p49))), 1)));
        }
      }
      final var q = p41;
      p57 -= Activations.leakyRelu(p12, 0.01);
    }
    final double tmp = Math.atan2(step(ws, 0, p54, Activations.softplus(p43), Activations.sigmoid(p3), p41 != 1.5 ? p10 : p31, level - 1, p52, Math.max(p21, p11), p18, -p11, Math.sin(step(ws, 3, p29, p43, p55, (double) 2, level - 1, p25, p11, p0, Math.atan(p57), p5, p30, p40, p35, p34, p28, p48, p18, p11, p12, p17, p14, p43, p44, p28, p31, p52, p13, p7, p36, p55, p53, p47, p48, p21, p23, p37, p14, p43, p33, p36, p4, p20, p3, p17, p19, p31, p21, p12, p1, p9, p17, p46, p16, p21, p46, Math.atan(p57), p35, p44, p25, p42, p58, p26, p22)), Math.tanh(p0 + p41), Math.tanh(p11), Math.tanh(Math.pow(1 + Math.abs(p3), p33)), Activations.sigmoid(p36 * p3), Activations.sigmoid(n * 1.5), p41, Activations.sigmoid(StrictMath.ceil(p38) * p7), Math.sin(Math.toDegrees(p33)), (p2 + p19) / (1 + Math.abs((p2 + p19))), (p30 * p27) / (1 + (p30 * p27) * (p30 * p27)), Math.atan((double) 4), p1, StrictMath.atan(p49 * p8), Math.tanh(p4 + p25), p55 / (1 + p37 * p37), -p20, p60, Math.atan(p57), Math.atan(Math.log1p(0.9 * Math.tanh(p53))), (p61 - p30) / (1 + (p61 - p30) * (p61 - p30)), Activations.sigmoid(StrictMath.ceil(p60) * p43), Math.sin(p12), p47, (p44 - p43) / (1 + (p44 - p43) * (p44 - p43)), Math.tanh(p35 * p22), p50, p34 / StrictMath.sqrt(1 + Math.tan(Math.tanh(p25)) * Math.tan(Math.tanh(p25))), (double) n, p10 / (1 + Math.abs(Math.exp(-p44 * p44))), (p54 + p57) / (1 + (p54 + p57) * (p54 + p57)), Activations.sigmoid(p2 - p24), Math.atan(p13 + p2), Math.expm1(p20) / (1 + Math.abs(Math.expm1(p20))), Activations.sigmoid(p47 * p0), Math.tanh(p41 * p27), Math.tanh(p2 - p28), p0, Math.tanh(Math.floor(p5) * p7), Activations.sigmoid(p0 + p61), Activations.sigmoid(Math.pow(1 + StrictMath.abs(p52), p56)), Math.abs(ws[ws.length - 1 - n]), (level * 4.0) / (1 + Math.abs((level * 4.0))), Activations.softplus(p59), Math.atan(Math.sinh(p50)), p19 / (1.5 + StrictMath.cos((Math.pow(1 + Math.abs(p47), p1) / (1 + Math.abs(Math.pow(1 + Math.abs(p47), p1)))))), Math.sin(Math.floor(p58) * p12), p23, Activations.relu(p14), Math.tan(0.5 * Math.sin(p16)), Math.log10(2 + Math.sin(p53)), p49, (p39 * p36) / (1 + Math.abs((p39 * p36))), p60 / Math.sqrt(1 + (p7 - p54) * (p7 - p54))), Math.tanh(p17 + p23) + 0.125);
    return tmp + p61 * 1 + p60 - p58 + p7;
  }
}

class H6619x {
  static double spread(double[] v) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += Math.sin(v[i]) * v[i];
    }
    return s;
  }
}

