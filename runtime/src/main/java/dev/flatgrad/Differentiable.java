package dev.flatgrad;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method whose gradient flatgrad generates at compile time.
 *
 * <p>For a method {@code f} in class {@code p.C}, the annotation processor writes the class {@code
 * p.CGrad} (for a nested class {@code p.Outer.Inner}, {@code p.Outer_InnerGrad}) with a static
 * method {@code f} of the same parameter list. It returns a record holding {@code value}, exactly
 * what {@code f} returns, and the partial derivative of that value with respect to each
 * differentiated parameter, in a component named like the parameter.
 *
 * <pre>{@code
 * @Differentiable
 * static double neuron(double w0, double x0, double w1, double x1, double w2) { ... }
 *
 * var g = LectureGrad.neuron(2, -1, -3, -2, -3);
 * g.value(); // 0.73
 * g.w0();    // -0.20
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {

  /**
   * The parameters to differentiate with respect to, by name. Empty (the default) means every
   * parameter of type {@code double}, {@code double[]} or {@code double[][]}. The others are data:
   * they cost nothing in the gradient code and get no component in the result.
   *
   * @return the names of the differentiated parameters; empty for all of them
   */
  String[] wrt() default {};

  /**
   * A custom derivative: the name of a static method of the same class that computes this
   * method's pullback, for a method flatgrad should not or cannot differentiate itself (a
   * numerically stable formula, an iterative solver, a library call). flatgrad then does not
   * read this method's body, and calls the pullback wherever the gradient needs it.
   *
   * <p>The pullback takes this method's parameters, then {@code double upstream}, then one
   * array per differentiated array parameter, into which it adds {@code upstream} times the
   * gradient with respect to that parameter. It returns the method's value as a {@code double}
   * when no {@code double} parameter is differentiated, and otherwise a record whose components
   * are {@code value} and one {@code double} per differentiated {@code double} parameter, named
   * like it, holding {@code upstream} times the partial derivative.
   *
   * @return the pullback's name; empty for none
   */
  String pullback() default "";

  /**
   * A tangent rule for a method with a custom {@link #pullback()}: the name of a static method
   * of the same class that computes this method's derivative along a direction, a
   * Jacobian-vector product. Empty (the default) means none.
   *
   * <p>The tangent rule takes this method's parameters, then one direction per differentiated
   * parameter, of the same type and in the same order, and returns the gradient dotted with
   * the direction as a {@code double}. It must itself be {@code @Differentiable}, with respect
   * to (at least) the parameters that stand for this method's differentiated ones: its
   * derivative, computed by flatgrad or given by its own {@code pullback}, is this method's
   * Hessian times the direction. With it, {@code fTangent} calls it instead of a full
   * pullback, and this method and the methods that call it get Hessian-vector products
   * ({@code fHessianVector}, {@code fHessian}). Without one, they get none. It cannot be
   * called {@code fTangent}, the name of a generated member.
   *
   * <pre>{@code
   * @Differentiable(pullback = "logSumExpPullback", tangent = "logSumExpAlong")
   * static double logSumExp(double[] x) { ... }
   *
   * @Differentiable(wrt = "x")
   * static double logSumExpAlong(double[] x, double[] dot_x) {
   *   double lse = logSumExp(x);
   *   double t = 0;
   *   for (int i = 0; i < x.length; i++) {
   *     t += Math.exp(x[i] - lse) * dot_x[i];
   *   }
   *   return t;
   * }
   * }</pre>
   *
   * @return the tangent rule's name; empty for none
   */
  String tangent() default "";

  /**
   * A class whose static method this method gives the derivative of, for a method you cannot
   * annotate: one in another team's source file or in a library jar. {@code void.class} (the
   * default) means none.
   *
   * <p>The annotated method has the foreign method's name and parameter types, and stands in for
   * it: every call of the foreign method in the methods flatgrad differentiates in this
   * compilation is differentiated as a call of this method. Give it a custom derivative with
   * {@link #pullback()} and let its body call the foreign method, or let flatgrad differentiate
   * its body, which then computes the function itself. It must not be private.
   *
   * <pre>{@code
   * @Differentiable(of = Normal.class, pullback = "cdfPullback")
   * static double cdf(double x) {
   *   return Normal.cdf(x);
   * }
   *
   * record CdfPullback(double value, double x) {}
   *
   * static CdfPullback cdfPullback(double x, double upstream) {
   *   return new CdfPullback(Normal.cdf(x), upstream * Normal.density(x));
   * }
   * }</pre>
   *
   * @return the class of the method this one stands in for; {@code void.class} for none
   */
  Class<?> of() default void.class;
}
