package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The adjoint variables ({@code grad_x} for {@code x}) and the local rule that feeds them: for an
 * assignment {@code r = op(a, b)}, one {@code grad_a += ...} per active operand.
 */
final class Adjoints {

  private final Names names;
  private final Activity activity;
  private final Map<Variable, Variable> adjoints = new LinkedHashMap<>();
  private final Set<Variable> presets = new HashSet<>();
  /** The variable holding each call's pullback result, named once however often asked. */
  private final Map<Expr.Invoke, Variable> pulled = new java.util.IdentityHashMap<>();

  /** Callees compiled with this method, for which a pullback variant can be generated. */
  private final Predicate<Callee> specializable;
  private final Set<Callee> requests = new LinkedHashSet<>();

  Adjoints(Names names, Activity activity, Predicate<Callee> specializable) {
    this.names = names;
    this.activity = activity;
    this.specializable = specializable;
  }

  /** The specialized pullbacks the calls here use, which must be generated. */
  List<Callee> requests() {
    return List.copyOf(requests);
  }

  /** Makes {@code adjoint}, a parameter of the generated method, the adjoint of {@code primal}. */
  void preset(Variable primal, Variable adjoint) {
    adjoints.put(primal, adjoint);
    presets.add(adjoint);
  }

  /** Whether {@code adjoint} is given to the method rather than declared in it. */
  boolean isPreset(Variable adjoint) {
    return presets.contains(adjoint);
  }

  /** The adjoint of {@code variable}, created on first use. */
  Variable of(Variable variable) {
    return adjoints.computeIfAbsent(variable, v -> new Variable(names.fresh("grad_" + v.name()),
        v.type().isArray() ? v.type() : v.type().realScalar(), Variable.Kind.ADJOINT));
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
  List<Stmt> contributions(Expr self, Expr value) {
    if (value instanceof Expr.Invoke invoke) {
      return pullback(self, invoke);
    }
    Variable target = self instanceof Expr.Ref ref ? ref.variable()
        : ((Expr.Element) self).array();
    Expr upstream = of(self);
    List<Stmt> contributions = new ArrayList<>();
    if (Canonicalizer.isIncrement(self, target, value)) {
      if (value instanceof Expr.Binary binary) {
        boolean selfLeft = binary.left().equals(self);
        Expr other = selfLeft ? binary.right() : binary.left();
        if (activity.isActive(other)) {
          Expr contribution = binary.operator() == BinaryOperator.SUBTRACT
              ? Algebra.negate(upstream)
              : upstream;
          contributions.add(accumulate(of(other), contribution));
        }
      }
      return contributions;
    }
    List<Expr> operands = value.isSimple() ? List.of(value) : value.operands();
    // One sum per adjoint: x - x gives grad_x += -g + g, exactly 0, where two separate
    // accumulations of a large g would leave grad_x only to the spacing of doubles near g.
    Map<Expr, Expr> sums = new LinkedHashMap<>();
    for (int index = operands.size() - 1; index >= 0; index--) {
      Expr operand = operands.get(index);
      if (!DerivativeTable.isDifferentiableOperand(value, index)) {
        continue;
      }
      activity.checkSimple(operand, value);
      if (activity.isActive(operand)) {
        sums.merge(of(operand), DerivativeTable.contribution(value, index, self, upstream),
            Algebra::add);
      }
    }
    sums.forEach((adjoint, sum) -> contributions.add(accumulate(adjoint, sum)));
    return contributions;
  }

  /** {@code target += value}, narrowed where a float adjoint takes a double contribution. */
  static Stmt.Accumulate accumulate(Expr target, Expr value) {
    return new Stmt.Accumulate(target, Algebra.narrow(target.type(), value));
  }

  /**
   * The reverse of {@code self = callee(arguments)}: one call of the callee's pullback, which
   * adds into the adjoints of active array arguments, then one contribution per active scalar
   * argument out of the record it returns.
   */
  private List<Stmt> pullback(Expr self, Expr.Invoke invoke) {
    Callee callee = invoke.callee();
    List<Expr> arguments = invoke.arguments();
    List<Boolean> mask = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      mask.add(callee.differentiated().get(i) && isActiveArgument(arguments.get(i)));
    }
    // A variant drops whole parameters; a record's values come and go together, so a callee
    // taking records is always called whole.
    if (mask.contains(true) && !callee.hasRecords()
        && specializable.test(callee.specialize(mask))) {
      // Constant and data arguments cost the callee nothing: call a variant without them.
      callee = callee.specialize(mask);
      if (callee.specialized()) {
        requests.add(callee);
      }
    }
    List<Expr> sinks = new ArrayList<>();
    List<Integer> scalars = new ArrayList<>();
    boolean anyActive = false;
    for (int i = 0; i < arguments.size(); i++) {
      Expr argument = arguments.get(i);
      Type type = callee.parameterTypes().get(i);
      boolean active = isActiveArgument(argument);
      if (active && !invoke.callee().differentiated().get(i)) {
        throw new UndifferentiableCall("the call to " + callee.name() + " passes a value that"
            + " depends on a differentiated parameter as its parameter '"
            + callee.declaredName(i) + "', which " + callee.name() + " is not"
            + " differentiated with respect to; add it to " + callee.name() + "'s wrt");
      }
      anyActive |= active;
      if (callee.differentiated().get(i) && type.isArray()) {
        sinks.add(active ? of(argument) : new Expr.Null(type));
      } else if (active) {
        scalars.add(i);
      }
    }
    if (!anyActive) {
      return List.of();
    }
    Variable result = callee.hasScalarGradients() && !scalars.isEmpty()
        ? pulled.computeIfAbsent(invoke,
            i -> new Variable(names.fresh("pulled"), Type.DOUBLE, Variable.Kind.TEMPORARY))
        : null;
    List<Stmt> statements = new ArrayList<>();
    statements.add(new Stmt.Pullback(callee, arguments, of(self), sinks, result));
    for (int k = scalars.size() - 1; k >= 0; k--) {
      int i = scalars.get(k);
      statements.add(accumulate(of(arguments.get(i)),
          new Expr.Component(result, callee.resultPath(i, false),
              callee.parameterTypes().get(i))));
    }
    return statements;
  }

  private boolean isActiveArgument(Expr argument) {
    if (argument instanceof Expr.Ref ref) {
      return activity.isActive(ref.variable());
    }
    return argument instanceof Expr.Element element && activity.isActive(element.array());
  }

  /** The contributions of {@code self = value} if {@code self} is active, else none. */
  List<Stmt> contributionsIfActive(Expr self, Expr value) {
    boolean active = self instanceof Expr.Ref ref
        ? activity.isActive(ref.variable())
        : activity.isActive(self);
    return active ? contributions(self, value) : List.of();
  }

  /** The variables the contributions read (not counting adjoints). */
  static Set<Variable> reads(List<Stmt> contributions) {
    Set<Variable> reads = new HashSet<>();
    for (Stmt contribution : contributions) {
      if (contribution instanceof Stmt.Accumulate accumulate) {
        Reads.collect(accumulate.value(), reads);
        Reads.collect(accumulate.target(), reads);
      } else if (contribution instanceof Stmt.Pullback pullback) {
        pullback.arguments().forEach(argument -> Reads.collect(argument, reads));
        pullback.sinks().forEach(sink -> Reads.collect(sink, reads));
      }
    }
    reads.removeIf(v -> v.kind() == Variable.Kind.ADJOINT);
    return reads;
  }
}
