// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: GENERATED_CODE_ERROR
// seed: 7262846699528601096
// sizes: n=1 m=2
// expect: gradients
// found: GENERATED_CODE_ERROR : /SOURCE_OUTPUT/fuzz/F135xGrad.java:102: error: variable t is already defined in method stepPullback(double[],double,double,double[],double[])
// found: /SOURCE_OUTPUT/fuzz/F135xGrad.java:103: error: variable k is already defined in method stepPullback(double[],double,double,double[],double[])
// found: /SOURCE_OUTPUT/fuzz/F135xGrad.java:161: error: variable t is already defined in method stepTangent(double[],double,double,double[],double,double)
// found: /SOURCE_OUTPUT/fuzz/F135xGrad.java:162: error: variable k is already defined in method stepTangent(double[],double,double,double[],double,double)
// found: / ...
// fixed: a small class's methods were not reserved names, so two inlined calls declared t and k twice
package fuzz;

import dev.flatgrad.Activations;
import dev.flatgrad.Differentiable;

class F135x {
  static final class Triple {
    final double x;

    final double y;

    final double z;

    Triple(double x, double y, double z) {
      this.x = x;
      this.y = y;
      this.z = z;
    }

    static Triple of(double[] a) {
      return new Triple(a[0], a[a.length / 2], a[a.length - 1]);
    }

    int above(double t) {
      int k = 0;
      if (x > t) {
        k++;
      }
      if (y > t) {
        k++;
      }
      if (z > t) {
        k++;
      }
      return k;
    }
  }

  @Differentiable
  static double[] step(double[] c, double lr, double b) {
    Triple pt = Triple.of(c);
    final var u = lr / (1 + (lr + pt.above(0.5)) * (lr + pt.above(0.5)));
    return new double[] {b, 2.};
  }
}
