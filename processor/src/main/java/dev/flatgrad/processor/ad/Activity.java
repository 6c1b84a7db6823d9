package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Activity analysis: a variable is active when it both depends on a differentiated parameter
 * (varied) and influences the result (useful). Only active variables get adjoints, so data
 * parameters and side computations cost nothing in the reverse pass.
 */
final class Activity {

  private final Set<Variable> active;

  private Activity(Set<Variable> active) {
    this.active = active;
  }

  static Activity of(Function function) {
    Set<Variable> varied = varied(function);
    Set<Variable> useful = useful(function);
    varied.retainAll(useful);
    return new Activity(varied);
  }

  boolean isActive(Variable variable) {
    return active.contains(variable);
  }

  boolean isActive(Expr expr) {
    return expr instanceof Expr.Ref ref && isActive(ref.variable());
  }

  private static Set<Variable> varied(Function function) {
    Set<Variable> varied = new HashSet<>();
    for (Parameter parameter : function.differentiatedParameters()) {
      varied.add(parameter.variable());
    }
    for (Stmt stmt : function.body()) {
      if (stmt instanceof Stmt.Assign assign
          && assign.target().type() == Type.DOUBLE
          && readsAny(assign.value(), varied)) {
        varied.add(assign.target());
      }
    }
    return varied;
  }

  private static Set<Variable> useful(Function function) {
    Set<Variable> useful = new HashSet<>();
    collectReads(function.result(), useful);
    List<Stmt> body = function.body();
    for (int i = body.size() - 1; i >= 0; i--) {
      if (body.get(i) instanceof Stmt.Assign assign && useful.contains(assign.target())) {
        collectReads(assign.value(), useful);
      }
    }
    return useful;
  }

  private static boolean readsAny(Expr expr, Set<Variable> variables) {
    if (expr instanceof Expr.Ref ref) {
      return variables.contains(ref.variable());
    }
    for (Expr operand : expr.operands()) {
      if (readsAny(operand, variables)) {
        return true;
      }
    }
    return false;
  }

  private static void collectReads(Expr expr, Set<Variable> into) {
    if (expr instanceof Expr.Ref ref) {
      into.add(ref.variable());
    }
    for (Expr operand : expr.operands()) {
      collectReads(operand, into);
    }
  }
}
