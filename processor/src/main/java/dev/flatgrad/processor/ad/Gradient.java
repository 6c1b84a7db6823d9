package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.TapeLocals;
import dev.flatgrad.processor.ir.Variable;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A function with its reverse pass.
 *
 * @param methodName the generated method's name
 * @param function the function differentiated
 * @param forward the forward statements: the function's own, plus what they record for the
 *     reverse pass
 * @param backward the adjoint statements, to run after the forward ones
 * @param result what the generated method returns as the value
 * @param parameterAdjoints for each differentiated parameter that influences the result, the
 *     variable holding its gradient; a parameter absent here has gradient zero
 * @param tape the tape's variables, if the forward pass records anything
 * @param upstream for a pullback, the parameter holding the upstream gradient
 * @param sinks for a pullback, the parameters its array gradients are added into
 * @param requests the specialized pullbacks of callees that this code calls
 * @param fused the forward statements (by identity) that run a fused loop, each iteration's
 *     reverse right after its forward, and the declarations made for it just before
 */
public record Gradient(
    String methodName,
    Function function,
    List<Stmt> forward,
    List<Stmt> backward,
    Expr result,
    Map<Parameter, Variable> parameterAdjoints,
    Optional<TapeLocals> tape,
    Optional<Variable> upstream,
    Map<Parameter, Variable> sinks,
    List<Callee> requests,
    Set<Stmt> fused) {

  public Gradient {
    forward = List.copyOf(forward);
    backward = List.copyOf(backward);
    parameterAdjoints = Collections.unmodifiableMap(new LinkedHashMap<>(parameterAdjoints));
    sinks = Collections.unmodifiableMap(new LinkedHashMap<>(sinks)); // in parameter order
    requests = List.copyOf(requests);
    Set<Stmt> byIdentity = Collections.newSetFromMap(new IdentityHashMap<>());
    byIdentity.addAll(fused);
    fused = Collections.unmodifiableSet(byIdentity);
  }

  /** Whether {@code stmt}, one of {@link #forward}, runs a fused loop or prepares one. */
  public boolean isFused(Stmt stmt) {
    return fused.contains(stmt);
  }

  public Optional<Variable> adjointOf(Parameter parameter) {
    return Optional.ofNullable(parameterAdjoints.get(parameter));
  }

  /** The gradient of {@code parameter}: its adjoint, or zero shaped like it. */
  public Expr gradientOf(Parameter parameter) {
    return adjointOf(parameter)
        .<Expr>map(Expr.Ref::new)
        .orElseGet(() -> AdjointDeclarations.initial(parameter.variable()));
  }
}
