package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Variable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arrays a counted loop's body touches only at elements indexed by its counter in one fixed
 * place, such as {@code h} in {@code for (i ...) h[i] = Math.tanh(s)} or {@code q} in {@code for
 * (c ...) for (j ...) q[c][j] = ...}: each iteration touches elements no other iteration does,
 * so what one iteration's reverse reads of them no later iteration overwrites.
 */
final class OwnElements {

  /** For each array accessed so far, the index positions that held the counter every time. */
  private final Map<Variable, Set<Integer>> positions = new HashMap<>();
  private final Set<Variable> other = new HashSet<>();
  private final Expr.Ref counter;

  private OwnElements(Variable counter) {
    this.counter = new Expr.Ref(counter);
  }

  static Set<Variable> of(Stmt.Loop loop, Variable counter) {
    OwnElements search = new OwnElements(counter);
    search.collect(loop.body());
    Set<Variable> own = new HashSet<>();
    search.positions.forEach((array, places) -> {
      if (!places.isEmpty() && !search.other.contains(array)) {
        own.add(array);
      }
    });
    return own;
  }

  private void collect(List<Stmt> statements) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Declare declare) {
        other.add(declare.variable());
      }
      if (stmt instanceof Stmt.Assign assign) {
        other.add(assign.target());
      }
      stmt.expressions().forEach(this::visit);
      stmt.blocks().forEach(this::collect);
    }
  }

  private void visit(Expr expr) {
    if (expr instanceof Expr.Element element) {
      Set<Integer> here = new HashSet<>();
      for (int p = 0; p < element.indices().size(); p++) {
        if (element.indices().get(p).equals(counter)) {
          here.add(p);
        }
      }
      positions.computeIfAbsent(element.array(), array -> here).retainAll(here);
    } else if (expr instanceof Expr.Length length) {
      if (length.array() instanceof Expr.Element row) {
        row.indices().forEach(this::visit);
      }
      return; // a length reads no element
    } else if (expr instanceof Expr.Ref || expr instanceof Expr.Copy
        || expr instanceof Expr.Component) {
      Reads.collect(expr, other); // the whole array, passed on or copied
    }
    for (Expr child : expr.children()) {
      visit(child);
    }
  }
}
