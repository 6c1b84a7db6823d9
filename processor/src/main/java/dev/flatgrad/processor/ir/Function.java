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
 * @param fields the copies of private static fields that the generated class declares for the
 *     body to read, dependencies first
 * @param thrown the exception types of the method's {@code throws} clause, which every method
 *     generated for it declares too
 */
public record Function(String name, List<Parameter> parameters, List<Stmt> body, Expr result,
    Names names, List<StaticField> fields, List<ClassId> thrown) {

  public Function {
    parameters = List.copyOf(parameters);
    body = List.copyOf(body);
    fields = List.copyOf(fields);
    thrown = List.copyOf(thrown);
  }

  /** A method without a {@code throws} clause. */
  public Function(String name, List<Parameter> parameters, List<Stmt> body, Expr result,
      Names names, List<StaticField> fields) {
    this(name, parameters, body, result, names, fields, List.of());
  }

  public Function(
      String name, List<Parameter> parameters, List<Stmt> body, Expr result, Names names) {
    this(name, parameters, body, result, names, List.of(), List.of());
  }

  /**
   * What the user's method returns: {@code double[]}, {@code float} (whose result is always a
   * float), else {@code double}; the type of its value, its upstream gradient and its tangent.
   */
  public Type returnType() {
    Type type = result.type();
    return type == Type.DOUBLE_ARRAY || type == Type.FLOAT ? type : Type.DOUBLE;
  }

  public List<Parameter> differentiatedParameters() {
    return parameters.stream().filter(Parameter::differentiated).toList();
  }
}
