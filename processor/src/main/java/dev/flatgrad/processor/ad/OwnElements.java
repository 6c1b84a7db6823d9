package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The arrays a counted loop's body reads and writes only at {@code [counter]}, such as {@code h}
 * in {@code for (i ...) h[i] = Math.tanh(s)}: each iteration touches an element no other
 * iteration does, so what one iteration's reverse reads of them no later iteration overwrites.
 */
final class OwnElements {

  private OwnElements() {}

  static Set<Variable> of(Stmt.Loop loop, Variable counter) {
    Set<Variable> own = new HashSet<>();
    Set<Variable> other = new HashSet<>();
    Expr.Ref index = new Expr.Ref(counter);
    collect(loop.body(), index, own, other);
    own.removeAll(other);
    return own;
  }

  private static void collect(List<Stmt> statements, Expr.Ref index, Set<Variable> own,
      Set<Variable> other) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Declare declare) {
        other.add(declare.variable());
      }
      if (stmt instanceof Stmt.Assign assign) {
        other.add(assign.target());
      }
      for (Expr expr : stmt.expressions()) {
        visit(expr, index, own, other);
      }
      if (stmt instanceof Stmt.Pullback pullback && pullback.result() != null) {
        other.add(pullback.result());
      }
      stmt.blocks().forEach(block -> collect(block, index, own, other));
    }
  }

  private static void visit(Expr expr, Expr.Ref index, Set<Variable> own, Set<Variable> other) {
    if (expr instanceof Expr.Element element) {
      (element.indices().equals(List.of(index)) ? own : other).add(element.array());
    } else if (expr instanceof Expr.Length length) {
      if (length.array() instanceof Expr.Element row) {
        row.indices().forEach(i -> visit(i, index, own, other));
      }
      return; // a length reads no element
    } else if (expr instanceof Expr.Ref || expr instanceof Expr.Copy
        || expr instanceof Expr.Component) {
      Reads.collect(expr, other); // the whole array, passed on or copied
    }
    for (Expr child : expr.children()) {
      visit(child, index, own, other);
    }
  }
}
