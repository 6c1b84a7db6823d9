// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: SHAPE
// seed: 4861677633993290589
// sizes: n=2 m=2
// expect: gradients
// found: mutant (member interface J9 {): SHAPE fd9: cannot find or load: java.lang.NoSuchMethodException: F11x$J9.<init>()
import dev.flatgrad.Differentiable;
class F11x {
  interface J9 {
    @Differentiable
    default double fd9(double x) {
      return x;
    }
  }
}