// flatgrad fuzz regression, checked by FuzzRegressionTest
// kind: PROCESSOR_EXCEPTION
// seed: -2462921212521271821
// sizes: n=3 m=3
// expect: diagnostics
// found: mutant (member record Pr9(Pr9 next, double a) {}; statement boolean b9 = true ^ false;): PROCESSOR_EXCEPTION java.lang.RuntimeException: java.lang.StackOverflowError
// found: 	at jdk.compiler/com.sun.tools.javac.api.JavacTaskImpl.invocationHelper(JavacTaskImpl.java:168)
// found: 	at jdk.compiler/com.sun.tools.javac.api.JavacTaskImpl.doCall(JavacTaskImpl.java:100)
// found: 	at jdk.compiler/com.sun.tools.javac.api.JavacTaskImpl.call(JavacTaskImpl.java:94)
// found: 	at com.google.testing.compile.Compiler.compile(Compiler.java:202)
// found: 	at dev.flatgrad.processor.fuzz.Harness.lambda$compileFiles$1(Harness.java:233)
// found: 	at java.base/java.lan ...
import dev.flatgrad.Differentiable;
class F1702x {
  record Pr9(Pr9 next, double a) {}
  @Differentiable
  static double cyclic9(Pr9 p) {
  }
}