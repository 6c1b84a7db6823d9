package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Stmt;
import java.util.List;
import java.util.Set;

/**
 * Finds the branches and loops whose reverse pass would be empty: no statement inside carries an
 * adjoint, and no value inside needs restoring. They run forward as written and leave no trace
 * on the tape.
 */
final class Inert {

  private Inert() {}

  /** Adds to {@code into} every inert branch and loop of {@code statements}. */
  static void collect(List<Stmt> statements, Activity activity, TapePlan plan, Set<Stmt> into) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.If || stmt instanceof Stmt.Loop) {
        if (isInert(stmt, activity, plan)) {
          addWithNested(stmt, into);
        } else {
          stmt.blocks().forEach(block -> collect(block, activity, plan, into));
        }
      }
    }
  }

  /**
   * Marks a whole inert region: its nested branches and loops are skipped with it, so their
   * conditions need not be kept for the reverse pass either. (A later plan reads less, so saves
   * only disappear: a region once inert stays inert.)
   */
  private static void addWithNested(Stmt stmt, Set<Stmt> into) {
    into.add(stmt);
    stmt.blocks().forEach(block -> block.forEach(s -> addWithNested(s, into)));
  }

  private static boolean isInert(Stmt stmt, Activity activity, TapePlan plan) {
    if (stmt instanceof Stmt.Assign assign) {
      return !activity.isActive(assign.target()) && !plan.saves(stmt) && !plan.inverts(stmt);
    }
    if (stmt instanceof Stmt.Store store) {
      return !activity.isActive(store.target().array()) && !plan.saves(stmt);
    }
    // An if or a loop is inert when all its blocks are; other statements have no adjoint code.
    return stmt.blocks().stream().allMatch(block -> allInert(block, activity, plan));
  }

  private static boolean allInert(List<Stmt> statements, Activity activity, TapePlan plan) {
    for (Stmt stmt : statements) {
      if (!isInert(stmt, activity, plan)) {
        return false;
      }
    }
    return true;
  }
}
