package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * A differentiable method in IR form: its parameters, its body in three-address form, and the
 * atom it returns.
 *
 * @param name the user's method name
 * @param parameters all parameters, in declaration order
 * @param body the forward statements, in order
 * @param result what the method returns; always an atom
 * @param names the identifiers in use, for the stages that add variables
 */
public record Function(
    String name, List<Parameter> parameters, List<Stmt> body, Expr result, Names names) {

  public Function {
    parameters = List.copyOf(parameters);
    body = List.copyOf(body);
  }

  public List<Parameter> differentiatedParameters() {
    return parameters.stream().filter(Parameter::differentiated).toList();
  }
}
