package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Variable;
import java.util.Collection;
import java.util.List;

/** The variables an expression or statement reads; an array counts as read by its elements. */
final class Reads {

  private Reads() {}

  static void collect(Expr expr, Collection<Variable> into) {
    if (expr instanceof Expr.Length length) {
      // Arrays are never reassigned, nor rows replaced: a length depends only on indices.
      if (length.array() instanceof Expr.Element row) {
        row.indices().forEach(index -> collect(index, into));
      }
      return;
    }
    if (expr instanceof Expr.Ref ref) {
      into.add(ref.variable());
    } else if (expr instanceof Expr.Element element) {
      into.add(element.array());
    } else if (expr instanceof Expr.Pop pop) {
      into.add(pop.tape().tape());
    } else if (expr instanceof Expr.Component component) {
      into.add(component.record());
    } else if (expr instanceof Expr.Copy copy) {
      into.add(copy.array());
    }
    for (Expr child : expr.children()) {
      collect(child, into);
    }
  }

  static boolean reads(Expr expr, Variable variable) {
    if (expr instanceof Expr.Ref ref && ref.variable() == variable) {
      return true;
    }
    if (expr instanceof Expr.Element element && element.array() == variable) {
      return true;
    }
    if (expr instanceof Expr.Copy copy && copy.array() == variable) {
      return true;
    }
    for (Expr child : expr.children()) {
      if (reads(child, variable)) {
        return true;
      }
    }
    return false;
  }

  /** The variable a statement writes: an assigned variable or a stored-into array. */
  static Variable written(Stmt stmt) {
    if (stmt instanceof Stmt.Assign assign) {
      return assign.target();
    }
    if (stmt instanceof Stmt.Store store) {
      return store.target().array();
    }
    if (stmt instanceof Stmt.Declare declare) {
      return declare.variable();
    }
    return null;
  }

  /** Every variable written anywhere in {@code statements}, nested blocks included. */
  static void collectWrites(List<Stmt> statements, Collection<Variable> into) {
    for (Stmt stmt : statements) {
      Variable written = written(stmt);
      if (written != null) {
        into.add(written);
      }
      stmt.blocks().forEach(block -> collectWrites(block, into));
    }
  }
}
