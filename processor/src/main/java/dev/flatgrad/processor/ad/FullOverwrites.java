package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counted loops that store into every element of a local array, {@code for (int j = 0; j <
 * a.length; j++) { a[j] = ...; }}: once the loop has saved each old element before overwriting
 * it, no later overwrite of the array needs saving for the reverse of the statements before the
 * loop. Without this, in-place updates after such a loop ({@code q[b] += ...} in gmm) are saved
 * element by element.
 */
final class FullOverwrites {

  /** Each local array's length, as allocated: {@code new double[d]} gives {@code d}. */
  private final Map<Variable, Expr> lengths = new HashMap<>();
  /** Variables assigned once, at the top level: their value never changes once set. */
  private final Set<Variable> assignedOnce = new HashSet<>();
  private final Set<Variable> assigned = new HashSet<>();

  private FullOverwrites() {}

  static FullOverwrites of(List<Stmt> body) {
    FullOverwrites overwrites = new FullOverwrites();
    Map<Variable, Integer> assignments = new HashMap<>();
    count(body, assignments);
    overwrites.assigned.addAll(assignments.keySet());
    for (Stmt stmt : body) {
      if (stmt instanceof Stmt.Assign assign && assignments.get(assign.target()) == 1) {
        overwrites.assignedOnce.add(assign.target());
        if (assign.value() instanceof Expr.NewArray array && array.type() == Type.DOUBLE_ARRAY) {
          overwrites.lengths.put(assign.target(), array.dimensions().get(0));
        }
      }
    }
    return overwrites;
  }

  /** The local arrays whose every element {@code loop} stores into, once per iteration. */
  Set<Variable> overwrittenBy(Stmt.Loop loop, CountedLoop counted) {
    Set<Variable> arrays = new HashSet<>();
    if (!(counted.first() instanceof Expr.Literal first) || first.value() != 0
        || counted.comparison() != BinaryOperator.LESS) {
      return arrays;
    }
    Expr counter = new Expr.Ref(counted.counter());
    for (Stmt stmt : loop.body()) {
      if (stmt instanceof Stmt.Store store
          && store.target().indices().equals(List.of(counter))
          && lengths.containsKey(store.target().array())
          && coversAll(store.target().array(), counted.bound())) {
        arrays.add(store.target().array());
      }
    }
    return arrays;
  }

  private boolean coversAll(Variable array, Expr bound) {
    if (bound.equals(new Expr.Length(new Expr.Ref(array)))) {
      return true;
    }
    return bound.equals(lengths.get(array)) && isStable(bound);
  }

  private boolean isStable(Expr expr) {
    if (expr instanceof Expr.Ref ref) {
      Variable variable = ref.variable();
      return assignedOnce.contains(variable) || !assigned.contains(variable); // or a parameter
    }
    if (expr instanceof Expr.Element) {
      return false;
    }
    return expr.children().stream().allMatch(this::isStable);
  }

  private static void count(List<Stmt> statements, Map<Variable, Integer> into) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign assign) {
        into.merge(assign.target(), 1, Integer::sum);
      }
      stmt.blocks().forEach(block -> count(block, into));
    }
  }
}
