package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Array variables that only ever refer to tables the method never writes: {@code coeffs = Q;} or
 * {@code w = fine ? W_FINE : W_COARSE;} (the frontend's table choices). The tape holds numbers, so
 * the reference such a variable held before an overwrite is saved as its table's number among
 * those the variable is ever given, on the int stack, and restored as that table.
 */
final class TableReferences {

  /** For each reference variable, the tables it may refer to (a {@code Null} for none yet). */
  private final Map<Variable, List<Expr>> tables;

  private TableReferences(Map<Variable, List<Expr>> tables) {
    this.tables = tables;
  }

  /** The reference variables of {@code body} and the tables each may refer to. */
  static TableReferences of(List<Stmt> body) {
    Map<Variable, List<Expr>> values = new HashMap<>();
    Set<Variable> notReferences = new java.util.HashSet<>();
    collect(body, values, notReferences);
    notReferences.forEach(values::remove);
    Map<Variable, List<Expr>> tables = new HashMap<>();
    for (Variable variable : values.keySet()) {
      Set<Expr> found = new LinkedHashSet<>();
      if (leaves(variable, values, new java.util.HashSet<>(), found)) {
        tables.put(variable, new ArrayList<>(found));
      }
    }
    return new TableReferences(tables);
  }

  /** Every value assigned to an array variable; those assigned anything but a reference, apart. */
  private static void collect(List<Stmt> statements, Map<Variable, List<Expr>> values,
      Set<Variable> notReferences) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign assign && assign.target().type().isArray()) {
        if (isReference(assign.value())) {
          values.computeIfAbsent(assign.target(), v -> new ArrayList<>()).add(assign.value());
        } else {
          notReferences.add(assign.target());
        }
      } else if (stmt instanceof Stmt.If branch) {
        collect(branch.then(), values, notReferences);
        collect(branch.otherwise(), values, notReferences);
      } else if (stmt instanceof Stmt.Loop loop) {
        collect(loop.body(), values, notReferences);
      }
    }
  }

  private static boolean isReference(Expr value) {
    return value instanceof Expr.Ref || value instanceof Expr.Null
        || value instanceof Expr.Conditional choice && isReference(choice.whenTrue())
            && isReference(choice.whenFalse());
  }

  /**
   * Adds the tables {@code variable} may refer to into {@code found}: the variables it is
   * assigned that are assigned nothing themselves in the body, or a null. False if one is
   * assigned something else (it is no table).
   */
  private static boolean leaves(Variable variable, Map<Variable, List<Expr>> values,
      Set<Variable> visiting, Set<Expr> found) {
    if (!visiting.add(variable)) {
      return true;
    }
    for (Expr value : values.get(variable)) {
      if (!leavesOf(value, values, visiting, found)) {
        return false;
      }
    }
    return true;
  }

  private static boolean leavesOf(Expr value, Map<Variable, List<Expr>> values,
      Set<Variable> visiting, Set<Expr> found) {
    if (value instanceof Expr.Conditional choice) {
      return leavesOf(choice.whenTrue(), values, visiting, found)
          && leavesOf(choice.whenFalse(), values, visiting, found);
    }
    if (value instanceof Expr.Ref ref && values.containsKey(ref.variable())) {
      return leaves(ref.variable(), values, visiting, found);
    }
    found.add(value);
    return true;
  }

  /** Whether a saved value of {@code variable} is a table's number instead of itself. */
  boolean isReference(Variable variable) {
    return tables.containsKey(variable);
  }

  /**
   * The number of the table {@code variable} refers to: {@code coeffs == P ? 0 : 1} (the last
   * table needs no test).
   */
  Expr number(Variable variable) {
    List<Expr> choices = tables.get(variable);
    Expr number = Expr.Literal.ofInt(choices.size() - 1);
    for (int k = choices.size() - 2; k >= 0; k--) {
      Expr same = new Expr.Binary(BinaryOperator.EQUAL, new Expr.Ref(variable), choices.get(k),
          Type.BOOLEAN);
      number = new Expr.Conditional(same, Expr.Literal.ofInt(k), number, Type.INT);
    }
    return number;
  }

  /** The table numbered {@code number}: {@code choice == 0 ? P : Q}. */
  Expr table(Variable variable, Variable number) {
    List<Expr> choices = tables.get(variable);
    Expr table = choices.get(choices.size() - 1);
    for (int k = choices.size() - 2; k >= 0; k--) {
      Expr same = new Expr.Binary(BinaryOperator.EQUAL, new Expr.Ref(number),
          Expr.Literal.ofInt(k), Type.BOOLEAN);
      table = new Expr.Conditional(same, choices.get(k), table, variable.type());
    }
    return table;
  }
}
