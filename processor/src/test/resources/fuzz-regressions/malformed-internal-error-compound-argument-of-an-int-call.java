// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: INTERNAL_ERROR
// seed: 2320151488623650325
// sizes: n=3 m=3
// expect: diagnostics
// found: mutant (signature of g: returns int): INTERNAL_ERROR fuzz/F2962x.java:6: error: flatgrad could not differentiate F2962x.h because of an internal error: java.lang.IllegalStateException: an active operand is not simple: Call[function=MAX, arguments=[Literal[type=DOUBLE, text=1.0, value=1.0], Element[array=v, indices=[Literal[type=INT, text=1, value=1.0]]]], type=DOUBLE, strict=false] in StaticCall[method=MethodRef[owner=ClassId[packageName=, simpleNames=[F2962x]], field=null, name=g], arguments=[Element[array=mat, indices=[Element[array=perm, indices=[Literal[type=INT, text=1, value=1.0]]]]], Ca ...
import dev.flatgrad.Differentiable;
class F2962x {
  static int g(double[] ws, double theta) {
  }
  @Differentiable
  public static double h(double[][] mat, double y, int[] perm, double[] v) {
    double p;
    p = g(mat[perm[1]], Math.max(1.0, v[1]));
    return p;
  }
}