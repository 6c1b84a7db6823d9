package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.UnaryOperator;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Drops what an adjoint or a tangent that is exactly zero would add. When a branch or a loop
 * body overwrites a variable, its reverse resets the variable's adjoint to zero and may then
 * pass that zero back through the operations that computed the old value:
 * {@code grad_x += grad_t / (2 * t)} for {@code t = Math.sqrt(x)}. Zero times a partial
 * derivative that is infinite or NaN there (a square root of a negative, a logarithm at zero) is
 * NaN, where the derivative is zero: the value does not depend on that path. Straight-line code
 * never shows this (its overwrites are renamed); this pass covers the rest by following the
 * scalar adjoints known to be zero through the reverse pass in the order it runs.
 *
 * <p>Forward mode meets the same zero from the other side: after {@code y = 1000;} the tangent
 * {@code dot_y} is zero, and {@code dot_t = dot_y * Math.sinh(y)} for {@code t = Math.cosh(y)}
 * would be zero times infinity. JAX avoids it with symbolic zeros; this pass drops such terms
 * from the tangent code the same way. (Tangents are {@link Variable.Kind#ADJOINT} variables too.)
 */
final class ZeroDerivatives {

  private ZeroDerivatives() {}

  /** {@code backward} without contributions of adjoints that are zero where they are read. */
  static List<Stmt> drop(List<Stmt> backward) {
    return drop(backward, Set.of());
  }

  /**
   * {@code code} (a reverse pass, or a tangent method's body) without contributions of the
   * derivatives that are zero where they are read; {@code readAfter}, read after it, keep their
   * declarations.
   */
  static List<Stmt> drop(List<Stmt> code, Set<Variable> readAfter) {
    return block(code, new HashSet<>(), readAfter);
  }

  /** {@code statements}, with {@code zero} going from the adjoints zero at entry to at exit. */
  private static List<Stmt> block(List<Stmt> statements, Set<Variable> zero,
      Set<Variable> readAfter) {
    List<Stmt> kept = new ArrayList<>();
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign assign && isScalarAdjoint(assign.target())) {
        if (isZero(assign.value(), zero)) {
          zero.add(assign.target());
          // grad_t = grad_x / 0 with grad_x zero is 0.0, not 0 / 0.
          kept.add(new Stmt.Assign(assign.target(), Algebra.zero(assign.target().type()),
              assign.declares()));
        } else {
          zero.remove(assign.target());
          kept.add(new Stmt.Assign(assign.target(), withoutZeroTerms(assign.value(), zero),
              assign.declares()));
        }
      } else if (stmt instanceof Stmt.Accumulate accumulate) {
        if (isZero(accumulate.value(), zero)) {
          continue;
        }
        if (accumulate.target() instanceof Expr.Ref ref) {
          zero.remove(ref.variable());
        }
        kept.add(new Stmt.Accumulate(accumulate.target(),
            withoutZeroTerms(accumulate.value(), zero)));
      } else if (stmt instanceof Stmt.If branch) {
        Set<Variable> otherwise = new HashSet<>(zero);
        List<Stmt> then = block(branch.then(), zero, Set.of());
        List<Stmt> otherwiseCode = block(branch.otherwise(), otherwise, Set.of());
        // if (true): only the branch that runs says what is zero after it.
        if (branch.condition() instanceof Expr.Literal literal && literal.value() == 0) {
          zero.clear();
          zero.addAll(otherwise);
        } else if (!(branch.condition() instanceof Expr.Literal)) {
          zero.retainAll(otherwise);
        }
        kept.add(new Stmt.If(branch.condition(), then, otherwiseCode));
      } else if (stmt instanceof Stmt.Loop loop) {
        // The body and update run again and again: they start knowing nothing, and what the
        // loop writes is not known to be zero after it.
        // What the init declares may be read by the rest of the loop: keep it declared.
        Set<Variable> readByLoop = new HashSet<>();
        AdjointDeclarations.mentions(new Stmt.Loop(List.of(), loop.condition(), loop.body(),
            loop.update(), loop.testFirst()), readByLoop);
        List<Stmt> init = block(loop.init(), zero, readByLoop);
        List<Stmt> body = block(loop.body(), new HashSet<>(), Set.of());
        List<Stmt> update = block(loop.update(), new HashSet<>(), Set.of());
        Set<Variable> written = new HashSet<>();
        AdjointDeclarations.mentions(stmt, written);
        zero.removeAll(written);
        kept.add(new Stmt.Loop(init, loop.condition(), body, update, loop.testFirst()));
      } else if (stmt instanceof Stmt.Store store
          && store.target().array().kind() == Variable.Kind.ADJOINT) {
        // An element of a tangent or adjoint array: its own terms drop; it writes no scalar.
        // (A store of the user's own values stays as written, to the bit: x * 0.0 may be NaN.)
        kept.add(new Stmt.Store(store.target(), isZero(store.value(), zero)
            ? Algebra.zero(store.target().type()) : withoutZeroTerms(store.value(), zero)));
      } else {
        // A pullback's result and anything else a statement writes are not known to be zero.
        Set<Variable> mentioned = new HashSet<>();
        AdjointDeclarations.mentions(stmt, mentioned);
        if (stmt instanceof Stmt.Pullback pullback && pullback.result() != null) {
          mentioned.add(pullback.result());
        }
        zero.removeAll(mentioned);
        kept.add(stmt);
      }
    }
    return withoutUnreadZeros(kept, readAfter);
  }

  /**
   * {@code e} without the terms of its sum that are zero: {@code dot_a * b + dot_b * a} with
   * {@code dot_a} zero is {@code dot_b * a}.
   */
  private static Expr withoutZeroTerms(Expr e, Set<Variable> zero) {
    if (e instanceof Expr.Unary unary && unary.operator() == UnaryOperator.TO_FLOAT) {
      Expr operand = withoutZeroTerms(unary.operand(), zero);
      return operand == unary.operand() ? e
          : new Expr.Unary(unary.operator(), operand, unary.type());
    }
    if (!(e instanceof Expr.Binary binary) || binary.operator() != BinaryOperator.ADD
        && binary.operator() != BinaryOperator.SUBTRACT) {
      return e;
    }
    if (isZero(binary.right(), zero)) {
      return withoutZeroTerms(binary.left(), zero);
    }
    Expr right = withoutZeroTerms(binary.right(), zero);
    if (isZero(binary.left(), zero)) {
      return binary.operator() == BinaryOperator.ADD ? right : Algebra.negate(right);
    }
    Expr left = withoutZeroTerms(binary.left(), zero);
    return left == binary.left() && right == binary.right() ? e
        : new Expr.Binary(binary.operator(), left, right, binary.type());
  }

  /**
   * {@code statements} without the declarations {@code double grad_t = 0.0;} that nothing after
   * them mentions any more, once what that zero would have added is gone.
   */
  private static List<Stmt> withoutUnreadZeros(List<Stmt> statements, Set<Variable> readAfter) {
    List<Stmt> kept = new ArrayList<>();
    Set<Variable> mentionedAfter = new HashSet<>(readAfter);
    for (int i = statements.size() - 1; i >= 0; i--) {
      Stmt stmt = statements.get(i);
      if (stmt instanceof Stmt.Assign assign && assign.declares()
          && isScalarAdjoint(assign.target()) && assign.value() instanceof Expr.Literal literal
          && literal.value() == 0 && !mentionedAfter.contains(assign.target())) {
        continue;
      }
      AdjointDeclarations.mentions(stmt, mentionedAfter);
      kept.add(stmt);
    }
    java.util.Collections.reverse(kept);
    return kept;
  }

  private static boolean isScalarAdjoint(Variable variable) {
    return variable.kind() == Variable.Kind.ADJOINT && variable.type().isReal();
  }

  /** Whether {@code e} is zero because it is, or is a multiple of, an adjoint that is zero. */
  private static boolean isZero(Expr e, Set<Variable> zero) {
    if (e instanceof Expr.Literal literal) {
      return literal.type().isReal() && literal.value() == 0;
    }
    if (e instanceof Expr.Ref ref) {
      return zero.contains(ref.variable());
    }
    if (e instanceof Expr.Unary unary) {
      return (unary.operator() == UnaryOperator.NEGATE || unary.operator() == UnaryOperator.PLUS
          || unary.operator() == UnaryOperator.TO_FLOAT) && isZero(unary.operand(), zero);
    }
    if (e instanceof Expr.Binary binary) {
      return switch (binary.operator()) {
        case MULTIPLY -> isZero(binary.left(), zero) || isZero(binary.right(), zero);
        case DIVIDE -> isZero(binary.left(), zero);
        case ADD, SUBTRACT -> isZero(binary.left(), zero) && isZero(binary.right(), zero);
        default -> false;
      };
    }
    if (e instanceof Expr.Conditional conditional) {
      return isZero(conditional.whenTrue(), zero) && isZero(conditional.whenFalse(), zero);
    }
    return false;
  }
}
