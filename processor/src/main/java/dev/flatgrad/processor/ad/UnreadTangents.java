package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops the scalar tangents that forward-over-reverse code computes and nothing reads, such as
 * the tangent of the value ({@code dot_value}), which a Hessian-vector product does not return,
 * and then those only they read. A dropped statement is a top-level declaration of a tangent
 * written nowhere else, computed by arithmetic alone (no call, no tape).
 */
final class UnreadTangents {

  private UnreadTangents() {}

  /** {@code body} without unread tangents; {@code results} are read after it. */
  static List<Stmt> remove(List<Stmt> body, Set<Variable> tangents, Collection<Expr> results) {
    Map<Variable, Integer> reads = new HashMap<>();
    Map<Variable, Integer> writes = new HashMap<>();
    results.forEach(result -> count(result, reads));
    scan(body, reads, writes);
    Map<Variable, Stmt.Assign> removable = new HashMap<>();
    for (Stmt stmt : body) {
      if (stmt instanceof Stmt.Assign assign && assign.declares()
          && tangents.contains(assign.target()) && assign.target().type() == Type.DOUBLE
          && writes.get(assign.target()) == 1 && isArithmetic(assign.value())) {
        removable.put(assign.target(), assign);
      }
    }
    // A worklist, not repeated passes: a chain of n unread tangents costs n steps, not n².
    Deque<Variable> unread = new ArrayDeque<>();
    removable.keySet().stream().filter(v -> reads.getOrDefault(v, 0) == 0).forEach(unread::add);
    Set<Stmt> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
    while (!unread.isEmpty()) {
      Stmt.Assign assign = removable.get(unread.pop());
      if (!dropped.add(assign)) {
        continue;
      }
      List<Variable> read = new ArrayList<>();
      collectReads(assign.value(), read);
      for (Variable variable : read) {
        if (reads.merge(variable, -1, Integer::sum) == 0 && removable.containsKey(variable)) {
          unread.push(variable);
        }
      }
    }
    List<Stmt> kept = new ArrayList<>(body);
    kept.removeIf(dropped::contains);
    return kept;
  }

  private static void scan(List<Stmt> statements, Map<Variable, Integer> reads,
      Map<Variable, Integer> writes) {
    for (Stmt stmt : statements) {
      stmt.expressions().forEach(expr -> count(expr, reads));
      Variable written = Reads.written(stmt);
      if (written != null) {
        writes.merge(written, 1, Integer::sum);
      }
      stmt.blocks().forEach(block -> scan(block, reads, writes));
    }
  }

  private static void count(Expr expr, Map<Variable, Integer> reads) {
    List<Variable> read = new ArrayList<>();
    collectReads(expr, read);
    read.forEach(variable -> reads.merge(variable, 1, Integer::sum));
  }

  /** Every variable an expression mentions, arrays whose length it takes included. */
  private static void collectReads(Expr expr, List<Variable> into) {
    if (expr instanceof Expr.Length length && length.array() instanceof Expr.Ref ref) {
      into.add(ref.variable());
    }
    Reads.collect(expr, into);
  }

  private static boolean isArithmetic(Expr expr) {
    boolean plain = expr instanceof Expr.Ref || expr instanceof Expr.Literal
        || expr instanceof Expr.Constant || expr instanceof Expr.Unary
        || expr instanceof Expr.Binary || expr instanceof Expr.Conditional
        || expr instanceof Expr.Element || expr instanceof Expr.Length;
    return plain && expr.children().stream().allMatch(UnreadTangents::isArithmetic);
  }
}
