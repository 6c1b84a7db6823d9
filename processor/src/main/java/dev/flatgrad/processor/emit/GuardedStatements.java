package dev.flatgrad.processor.emit;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOperator;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens up an {@code if} too long for one part of a frame, so the splitter can cut it: its
 * condition is evaluated once into a boolean field, and each statement of its branches runs under
 * that field ({@code if (took) { ... }} in every part it spans). The usual case is the rest of a
 * method after an early {@code return}, which the frontend nests under a flag.
 */
final class GuardedStatements {

  /** A statement and the condition it runs under; a null guard means always. */
  record Guarded(Expr guard, Stmt stmt) {}

  private final int limit;
  private final Names names;

  /** Opens ifs estimated above {@code limit}; guard fields get names fresh in {@code names}. */
  GuardedStatements(int limit, Names names) {
    this.limit = limit;
    this.names = names;
  }

  /** The statements of a body, with long ifs opened, in order. */
  List<Guarded> open(List<Stmt> statements) {
    List<Guarded> out = new ArrayList<>();
    open(statements, null, out);
    return out;
  }

  private void open(List<Stmt> statements, Expr guard, List<Guarded> out) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.If branch && MethodSplitter.estimate(stmt) > limit) {
        // The branches may change what the condition reads (the early-return flag): test once.
        Variable taken = new Variable(names.fresh("guard"), Type.BOOLEAN, Variable.Kind.LOCAL);
        out.add(new Guarded(guard, new Stmt.Assign(taken, branch.condition(), true)));
        Expr then = new Expr.Ref(taken);
        Expr otherwise = new Expr.Unary(UnaryOperator.NOT, then, Type.BOOLEAN);
        open(branch.then(), and(guard, then), out);
        open(branch.otherwise(), and(guard, otherwise), out);
      } else {
        out.add(new Guarded(guard, stmt));
      }
    }
  }

  private static Expr and(Expr outer, Expr inner) {
    return outer == null ? inner : new Expr.Binary(BinaryOperator.AND, outer, inner, Type.BOOLEAN);
  }

  /**
   * One part's statements, consecutive ones under the same guard in one {@code if}; {@code
   * statements} already holds what each statement becomes in the frame.
   */
  static List<Stmt> group(List<Guarded> statements) {
    List<Stmt> out = new ArrayList<>();
    List<Stmt> run = new ArrayList<>();
    Expr runGuard = null;
    for (Guarded guarded : statements) {
      if (guarded.guard() != runGuard && !run.isEmpty()) {
        out.add(new Stmt.If(runGuard, run, List.of()));
        run = new ArrayList<>();
      }
      if (guarded.guard() == null) {
        out.add(guarded.stmt());
      } else {
        runGuard = guarded.guard();
        run.add(guarded.stmt());
      }
    }
    if (!run.isEmpty()) {
      out.add(new Stmt.If(runGuard, run, List.of()));
    }
    return out;
  }

  /** Every variable name {@code statements} declare, at any depth. */
  static void collectDeclared(List<Stmt> statements, Names into) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign assign && assign.declares()) {
        into.reserve(assign.target().name());
      } else if (stmt instanceof Stmt.Declare declare) {
        into.reserve(declare.variable().name());
      } else if (stmt instanceof Stmt.Pullback pullback && pullback.result() != null) {
        into.reserve(pullback.result().name());
      }
      stmt.blocks().forEach(block -> collectDeclared(block, into));
    }
  }
}
