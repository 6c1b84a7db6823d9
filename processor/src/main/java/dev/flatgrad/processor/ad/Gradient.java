package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A function with its reverse pass: the forward statements are the function's own, the backward
 * statements compute the adjoints in reverse order.
 *
 * @param function the function differentiated
 * @param backward the adjoint statements, to run after the forward ones
 * @param parameterAdjoints for each differentiated parameter that influences the result, the
 *     variable holding its gradient; a parameter absent here has gradient zero
 */
public record Gradient(
    Function function, List<Stmt> backward, Map<Parameter, Variable> parameterAdjoints) {

  public Gradient {
    backward = List.copyOf(backward);
    parameterAdjoints = Map.copyOf(parameterAdjoints);
  }

  public Optional<Variable> adjointOf(Parameter parameter) {
    return Optional.ofNullable(parameterAdjoints.get(parameter));
  }
}
