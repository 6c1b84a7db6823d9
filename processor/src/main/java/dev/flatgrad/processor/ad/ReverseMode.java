package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode differentiation of a function in three-address form: walks the forward statements
 * backwards and, for each active one, adds upstream × local gradient to the adjoint of each active
 * operand. An adjoint is declared by its first contribution and summed into by the others, which
 * is the lecture's "gradients add at branches".
 */
public final class ReverseMode {

  private final Function function;
  private final Activity activity;
  private final Names names;
  private final Map<Variable, Variable> adjoints = new HashMap<>();
  private final List<Stmt> backward = new ArrayList<>();

  private ReverseMode(Function function) {
    this.function = function;
    this.activity = Activity.of(function);
    this.names = function.names();
  }

  public static Gradient differentiate(Function function) {
    return new ReverseMode(function).run();
  }

  private Gradient run() {
    if (activity.isActive(function.result())) {
      Variable result = ((Expr.Ref) function.result()).variable();
      backward.add(new Stmt.Assign(adjointFor(result), Algebra.ONE, true));
    }
    List<Stmt> body = function.body();
    for (int i = body.size() - 1; i >= 0; i--) {
      if (body.get(i) instanceof Stmt.Assign assign && activity.isActive(assign.target())) {
        propagate(assign);
      }
    }
    Map<Parameter, Variable> parameterAdjoints = new LinkedHashMap<>();
    for (Parameter parameter : function.differentiatedParameters()) {
      Variable adjoint = adjoints.get(parameter.variable());
      if (adjoint != null) {
        parameterAdjoints.put(parameter, adjoint);
      }
    }
    return new Gradient(function, backward, parameterAdjoints);
  }

  /** Adds the contributions of {@code target = value} to its operands, last operand first. */
  private void propagate(Stmt.Assign assign) {
    Expr value = assign.value();
    Expr upstream = new Expr.Ref(adjoints.get(assign.target()));
    Expr result = new Expr.Ref(assign.target());
    List<Expr> operands = value.isAtom() ? List.of(value) : value.operands();
    for (int index = operands.size() - 1; index >= 0; index--) {
      Expr operand = operands.get(index);
      if (activity.isActive(operand) && DerivativeTable.isDifferentiableOperand(value, index)) {
        Expr contribution = DerivativeTable.contribution(value, index, result, upstream);
        accumulate(((Expr.Ref) operand).variable(), contribution);
      }
    }
  }

  private void accumulate(Variable variable, Expr contribution) {
    Variable adjoint = adjoints.get(variable);
    if (adjoint == null) {
      backward.add(new Stmt.Assign(adjointFor(variable), contribution, true));
    } else {
      backward.add(new Stmt.Accumulate(adjoint, contribution));
    }
  }

  private Variable adjointFor(Variable variable) {
    Variable adjoint =
        new Variable(names.fresh("grad_" + variable.name()), Type.DOUBLE, Variable.Kind.ADJOINT);
    adjoints.put(variable, adjoint);
    return adjoint;
  }
}
