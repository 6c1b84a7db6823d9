package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Places the declaration of an adjoint variable in the block that owns it. */
final class AdjointDeclarations {

  private AdjointDeclarations() {}

  /**
   * Declares each adjoint of {@code adjoints} (mapped to its primal) in {@code block}, in one
   * pass: linear in the block's size, however many adjoints it owns.
   */
  static void declareAll(List<Stmt> block, Map<Variable, Variable> adjoints) {
    if (adjoints.isEmpty()) {
      return;
    }
    Map<Variable, Integer> first = new LinkedHashMap<>();
    Set<Variable> mentioned = new HashSet<>();
    for (int i = 0; i < block.size() && first.size() < adjoints.size(); i++) {
      mentioned.clear();
      mentions(block.get(i), mentioned);
      for (Variable variable : mentioned) {
        if (adjoints.containsKey(variable)) {
          first.putIfAbsent(variable, i);
        }
      }
    }
    // From the last position back, so insertions do not move the positions still to come. At
    // one position: first the adjoint whose first contribution becomes its declaration, then
    // the others in the order they were made, top to bottom (so inserted last to first).
    Map<Variable, Integer> rank = new HashMap<>();
    for (Variable adjoint : adjoints.keySet()) {
      rank.put(adjoint, rank.size());
    }
    List<Map.Entry<Variable, Integer>> positions = new ArrayList<>(first.entrySet());
    positions.sort(Comparator.comparing((Map.Entry<Variable, Integer> e) -> -e.getValue())
        .thenComparing(e -> !isDeclaredBy(block.get(e.getValue()), e.getKey()))
        .thenComparing(e -> -rank.get(e.getKey())));
    for (Map.Entry<Variable, Integer> position : positions) {
      declareAt(block, position.getValue(), adjoints.get(position.getKey()), position.getKey());
    }
  }

  /** Whether {@code stmt} is a first contribution that can declare {@code adjoint}. */
  private static boolean isDeclaredBy(Stmt stmt, Variable adjoint) {
    return stmt instanceof Stmt.Accumulate accumulate
        && accumulate.target().equals(new Expr.Ref(adjoint))
        && !Reads.reads(accumulate.value(), adjoint);
  }

  private static void declareAt(List<Stmt> block, int i, Variable primal, Variable adjoint) {
    Stmt stmt = block.get(i);
    if (isDeclaredBy(stmt, adjoint)) {
      block.set(i, new Stmt.Assign(adjoint, ((Stmt.Accumulate) stmt).value(), true));
    } else {
      block.add(i, new Stmt.Assign(adjoint, initial(primal), true));
    }
  }

  /** Every variable a statement reads or writes, nested blocks included. */
  static void mentions(Stmt stmt, Set<Variable> into) {
    if (stmt instanceof Stmt.Assign assign) {
      into.add(assign.target());
      Reads.collect(assign.value(), into);
    } else if (stmt instanceof Stmt.Accumulate accumulate) {
      Reads.collect(accumulate.target(), into);
      Reads.collect(accumulate.value(), into);
    } else if (stmt instanceof Stmt.Store store) {
      Reads.collect(store.target(), into);
      Reads.collect(store.value(), into);
    } else if (stmt instanceof Stmt.Push push) {
      Reads.collect(push.value(), into);
    } else if (stmt instanceof Stmt.Pullback pullback) {
      Reads.collect(pullback.upstream(), into);
      pullback.sinks().forEach(sink -> Reads.collect(sink, into));
      pullback.arguments().forEach(argument -> Reads.collect(argument, into));
      if (pullback.tangents() != null) {
        pullback.tangents().all().forEach(tangent -> Reads.collect(tangent, into));
      }
    } else if (stmt instanceof Stmt.Declare declare) {
      into.add(declare.variable());
    } else if (stmt instanceof Stmt.If branch) {
      Reads.collect(branch.condition(), into);
      branch.then().forEach(s -> mentions(s, into));
      branch.otherwise().forEach(s -> mentions(s, into));
    } else if (stmt instanceof Stmt.Loop loop) {
      if (loop.condition() != null) {
        Reads.collect(loop.condition(), into);
      }
      loop.init().forEach(s -> mentions(s, into));
      loop.body().forEach(s -> mentions(s, into));
      loop.update().forEach(s -> mentions(s, into));
    }
  }

  /** Zero, shaped like the primal. */
  static Expr initial(Variable primal) {
    return primal.type().isArray() ? new Expr.Zeros(primal) : Algebra.zero(primal.type());
  }
}
