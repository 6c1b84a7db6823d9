package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;

/**
 * Proves that the code after a fresh array's declaration stores into every element before it
 * reads any, so the zero fill that stands for the fresh allocation can go: the common {@code
 * double[] h = new double[n]; for (int j = 0; j < n; j++) { ...; h[j] = ...; }}. Then the reverse
 * pass saves the previous contents once, at those stores, not twice.
 */
final class FirstWrites {

  private FirstWrites() {}

  /**
   * Whether, after {@code fill} in {@code block}, the first statement that mentions the 1-D
   * {@code array} is a loop {@code for (int j = 0; j < length; j++)} (or {@code j <
   * array.length}) whose body stores {@code array[j]} unconditionally before any other mention
   * of {@code array}, and after it reads no element but {@code array[j]}.
   */
  static boolean storesEveryElementFirst(List<Stmt> block, Stmt fill, Variable array,
      Expr length) {
    if (array.type().elementType().isArray()) {
      return false;
    }
    int at = -1;
    for (int i = 0; i < block.size(); i++) {
      if (block.get(i) == fill) {
        at = i;
      }
    }
    for (int i = at + 1; i >= 1 && i < block.size(); i++) {
      Stmt stmt = block.get(i);
      if (mentions(stmt, array)) {
        return stmt instanceof Stmt.Loop loop && coversInOrder(loop, array, length);
      }
    }
    return false;
  }

  private static boolean coversInOrder(Stmt.Loop loop, Variable array, Expr length) {
    if (!loop.testFirst() || loop.init().size() != 1 || loop.update().size() != 1
        || !(loop.init().get(0) instanceof Stmt.Assign init) || !init.declares()
        || !init.value().equals(Expr.Literal.ofInt(0))
        || !(loop.condition() instanceof Expr.Binary condition)
        || condition.operator() != BinaryOperator.LESS) {
      return false;
    }
    Variable counter = init.target();
    Expr index = new Expr.Ref(counter);
    Expr step = new Expr.Binary(BinaryOperator.ADD, index, Expr.Literal.ofInt(1), Type.INT);
    if (!condition.left().equals(index)
        || !(condition.right().equals(length)
            || condition.right().equals(new Expr.Length(new Expr.Ref(array))))
        || !loop.update().equals(List.of(new Stmt.Assign(counter, step, false)))
        || writes(loop.body(), counter)) {
      return false;
    }
    Expr.Element element = new Expr.Element(array, List.of(index));
    boolean stored = false;
    for (Stmt stmt : loop.body()) {
      if (!stored) {
        if (stmt instanceof Stmt.Store store && store.target().equals(element)
            && !reads(store.value(), array)) {
          stored = true;
        } else if (mentions(stmt, array)) {
          return false;
        }
      } else if (mentionsOtherThan(stmt, array, element)) {
        return false;
      }
    }
    return stored;
  }

  private static boolean writes(List<Stmt> statements, Variable variable) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign assign && assign.target() == variable
          || stmt.blocks().stream().anyMatch(block -> writes(block, variable))) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentions(Stmt stmt, Variable array) {
    return mentionsOtherThan(stmt, array, null);
  }

  /** Whether {@code stmt} reads or writes {@code array} other than as {@code allowed} reads. */
  private static boolean mentionsOtherThan(Stmt stmt, Variable array, Expr.Element allowed) {
    if (stmt instanceof Stmt.Store store && store.target().array() == array) {
      return true;
    }
    for (Expr expr : stmt.expressions()) {
      if (readsOtherThan(expr, array, allowed)) {
        return true;
      }
    }
    return stmt.blocks().stream().anyMatch(block -> block.stream()
        .anyMatch(inner -> mentionsOtherThan(inner, array, allowed)));
  }

  private static boolean reads(Expr expr, Variable array) {
    return readsOtherThan(expr, array, null);
  }

  private static boolean readsOtherThan(Expr expr, Variable array, Expr.Element allowed) {
    if (allowed != null && expr.equals(allowed)) {
      return false;
    }
    if (expr instanceof Expr.Ref ref && ref.variable() == array
        || expr instanceof Expr.Element element && element.array() == array) {
      return true;
    }
    if (expr instanceof Expr.Length length) {
      return readsOtherThan(length.array(), array, allowed);
    }
    return expr.children().stream().anyMatch(child -> readsOtherThan(child, array, allowed));
  }
}
