package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The adjoint variables ({@code grad_x} for {@code x}) and the local rule that feeds them: for an
 * assignment {@code r = op(a, b)}, one {@code grad_a += ...} per active operand.
 */
final class Adjoints {

  private final Names names;
  private final Activity activity;
  private final Map<Variable, Variable> adjoints = new LinkedHashMap<>();

  Adjoints(Names names, Activity activity) {
    this.names = names;
    this.activity = activity;
  }

  /** The adjoint of {@code variable}, created on first use. */
  Variable of(Variable variable) {
    return adjoints.computeIfAbsent(variable, v -> new Variable(names.fresh("grad_" + v.name()),
        v.type().isArray() ? v.type() : Type.DOUBLE, Variable.Kind.ADJOINT));
  }

  /** The adjoint of a variable read or an element read. */
  Expr of(Expr operand) {
    if (operand instanceof Expr.Ref ref) {
      return new Expr.Ref(of(ref.variable()));
    }
    Expr.Element element = (Expr.Element) operand;
    return element.of(of(element.array()));
  }

  boolean exists(Variable variable) {
    return adjoints.containsKey(variable);
  }

  Map<Variable, Variable> all() {
    return adjoints;
  }

  /**
   * The contributions of {@code self = value} to its operands' adjoints, last operand first:
   * upstream × local gradient. For an increment {@code self = self + a}, only {@code a} gets one;
   * {@code self}'s adjoint passes through unchanged.
   */
  List<Stmt.Accumulate> contributions(Expr self, Expr value) {
    Variable target = self instanceof Expr.Ref ref ? ref.variable()
        : ((Expr.Element) self).array();
    Expr upstream = of(self);
    List<Stmt.Accumulate> contributions = new ArrayList<>();
    if (Canonicalizer.isIncrement(self, target, value)) {
      if (value instanceof Expr.Binary binary) {
        boolean selfLeft = binary.left().equals(self);
        Expr other = selfLeft ? binary.right() : binary.left();
        if (activity.isActive(other)) {
          Expr contribution = binary.operator() == BinaryOperator.SUBTRACT
              ? Algebra.negate(upstream)
              : upstream;
          contributions.add(new Stmt.Accumulate(of(other), contribution));
        }
      }
      return contributions;
    }
    List<Expr> operands = value.isSimple() ? List.of(value) : value.operands();
    for (int index = operands.size() - 1; index >= 0; index--) {
      Expr operand = operands.get(index);
      if (activity.isActive(operand) && DerivativeTable.isDifferentiableOperand(value, index)) {
        contributions.add(new Stmt.Accumulate(of(operand),
            DerivativeTable.contribution(value, index, self, upstream)));
      }
    }
    return contributions;
  }

  /** The contributions of {@code self = value} if {@code self} is active, else none. */
  List<Stmt.Accumulate> contributionsIfActive(Expr self, Expr value) {
    boolean active = self instanceof Expr.Ref ref
        ? activity.isActive(ref.variable())
        : activity.isActive(self);
    return active ? contributions(self, value) : List.of();
  }

  /** The variables the contributions read (not counting adjoints). */
  static Set<Variable> reads(List<Stmt.Accumulate> contributions) {
    Set<Variable> reads = new HashSet<>();
    for (Stmt.Accumulate contribution : contributions) {
      Reads.collect(contribution.value(), reads);
      Reads.collect(contribution.target(), reads);
    }
    reads.removeIf(v -> v.kind() == Variable.Kind.ADJOINT);
    return reads;
  }
}
