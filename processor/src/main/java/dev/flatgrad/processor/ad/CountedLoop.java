package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A loop {@code for (int i = first; i < bound; i++)} (or counting down) whose counter and int bounds
 * the body leaves alone. The reverse pass runs it backwards by counting the other way, {@code for
 * (int i = bound - 1; i >= first; i--)}, with nothing recorded.
 */
public record CountedLoop(Variable counter, Expr first, Expr bound, BinaryOperator comparison) {

  public static Optional<CountedLoop> of(Stmt.Loop loop) {
    if (!loop.testFirst() || loop.init().size() != 1 || loop.update().size() != 1
        || !(loop.init().get(0) instanceof Stmt.Assign init) || !init.declares()
        || init.target().type() != Type.INT
        || !(loop.condition() instanceof Expr.Binary condition)
        || !(loop.update().get(0) instanceof Stmt.Assign update)) {
      return Optional.empty();
    }
    Variable counter = init.target();
    // A double bound (i < 2.5) would make the reverse start at a non-integer: such a loop is
    // reversed like any other, by its recorded trip count.
    if (!condition.left().equals(new Expr.Ref(counter)) || update.target() != counter
        || condition.right().type() != Type.INT) {
      return Optional.empty();
    }
    Boolean up = switch (condition.operator()) {
      case LESS, LESS_EQUAL -> true;
      case GREATER, GREATER_EQUAL -> false;
      default -> null;
    };
    if (up == null) {
      return Optional.empty();
    }
    Expr step = new Expr.Binary(up ? BinaryOperator.ADD : BinaryOperator.SUBTRACT,
        new Expr.Ref(counter), Expr.Literal.ofInt(1), Type.INT);
    if (!update.value().equals(step)) {
      return Optional.empty();
    }
    Set<Variable> written = new HashSet<>();
    Reads.collectWrites(loop.body(), written);
    Set<Variable> bounds = new HashSet<>();
    Reads.collect(init.value(), bounds);
    Reads.collect(condition.right(), bounds);
    if (written.contains(counter) || bounds.stream().anyMatch(written::contains)) {
      return Optional.empty();
    }
    return Optional.of(new CountedLoop(counter, init.value(), condition.right(),
        condition.operator()));
  }

  private static final Expr ONE = Expr.Literal.ofInt(1);

  /** The reverse loop, running {@code reversedBody} for the same counter values, last first. */
  Stmt.Loop reversed(List<Stmt> reversedBody) {
    Expr counterRef = new Expr.Ref(counter);
    boolean up = comparison == BinaryOperator.LESS || comparison == BinaryOperator.LESS_EQUAL;
    Expr last = switch (comparison) {
      case LESS -> Algebra.subtract(bound, ONE);
      case GREATER -> Algebra.add(bound, ONE);
      default -> bound;
    };
    Expr condition = new Expr.Binary(up ? BinaryOperator.GREATER_EQUAL : BinaryOperator.LESS_EQUAL,
        counterRef, first, Type.BOOLEAN);
    Expr step = new Expr.Binary(up ? BinaryOperator.SUBTRACT : BinaryOperator.ADD, counterRef,
        ONE, Type.INT);
    return new Stmt.Loop(List.of(new Stmt.Assign(counter, last, true)), condition, reversedBody,
        List.of(new Stmt.Assign(counter, step, false)), true);
  }

  /** How many times the body runs: {@code bound - first} and the like; not positive if never. */
  public Expr tripCount() {
    boolean up = comparison == BinaryOperator.LESS || comparison == BinaryOperator.LESS_EQUAL;
    Expr high = up ? bound : first;
    Expr low = up ? first : bound;
    boolean inclusive =
        comparison == BinaryOperator.LESS_EQUAL || comparison == BinaryOperator.GREATER_EQUAL;
    if (inclusive && low.equals(Expr.Literal.ofInt(0)) && high instanceof Expr.Binary minus
        && minus.operator() == BinaryOperator.SUBTRACT && minus.right().equals(ONE)) {
      return minus.left(); // for (int i = n - 1; i >= 0; i--) runs n times
    }
    Expr span = low.equals(Expr.Literal.ofInt(0)) ? high : Algebra.subtract(high, low);
    return inclusive ? Algebra.add(span, ONE) : span;
  }

  /** What the reverse loop reads besides the body: the bounds. */
  void collectReads(Set<Variable> into) {
    Reads.collect(first, into);
    Reads.collect(bound, into);
  }
}
