package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Activity analysis: a variable is active when it both depends on a differentiated parameter
 * (varied) and influences the result (useful). Only active variables get adjoints, so data
 * parameters and side computations cost nothing in the reverse pass. Loops and overwrites make
 * both sets fixpoints; they are found by sweeping until nothing changes.
 */
final class Activity {

  private final Set<Variable> active;

  private Activity(Set<Variable> active) {
    this.active = active;
  }

  static Activity of(List<Parameter> parameters, List<Stmt> body, Expr result) {
    Set<Variable> varied = new HashSet<>();
    for (Parameter parameter : parameters) {
      if (parameter.differentiated()) {
        varied.add(parameter.variable());
      }
    }
    while (forward(body, varied)) {
      // until no new variable is varied
    }
    Set<Variable> useful = new HashSet<>();
    Reads.collect(result, useful);
    while (backward(body, useful)) {
      // until no new variable is useful
    }
    Set<Variable> active = new HashSet<>(varied);
    active.retainAll(useful);
    checkPassiveCalls(body, varied, active);
    return new Activity(active);
  }

  /**
   * A call flatgrad does not differentiate ({@code Foo.g(x)} returning double) whose argument
   * carries a derivative and whose result the value depends on: its gradient would silently be
   * wrong, so it is an error at the call.
   */
  private static void checkPassiveCalls(List<Stmt> statements, Set<Variable> varied,
      Set<Variable> active) {
    for (Stmt stmt : statements) {
      Variable written = Reads.written(stmt);
      Expr value = stmt instanceof Stmt.Assign assign ? assign.value()
          : stmt instanceof Stmt.Store store ? store.value() : null;
      if (value instanceof Expr.StaticCall call && call.type().isReal()
          && active.contains(written) && readsAny(call, varied)) {
        String owner = String.join(".", call.method().owner().simpleNames());
        String name = call.method().owner().simpleNames()
            .get(call.method().owner().simpleNames().size() - 1) + "." + call.method().name();
        throw new UndifferentiableCall("the call to " + name + " passes a value that depends on"
            + " a differentiated parameter, but flatgrad cannot differentiate " + name + ": "
            + "annotate it @Differentiable, give it a custom derivative with"
            + " @Differentiable(pullback = ...), or pass it values that carry no derivative;"
            + " if you cannot annotate it (another file, a library), attach a derivative from"
            + " your own code: a static method " + call.method().name() + " with its parameter"
            + " types, annotated @Differentiable(of = " + owner + ".class, pullback = ...)."
            + " (flatgrad differentiates methods without @Differentiable only in the caller's"
            + " own top-level class: generated code may depend on its own source file only)",
            call.site());
      }
      stmt.blocks().forEach(block -> checkPassiveCalls(block, varied, active));
    }
  }

  boolean isActive(Variable variable) {
    return active.contains(variable);
  }

  /** Whether {@code expr} is a variable or element that carries a derivative. */
  boolean isActive(Expr expr) {
    if (expr instanceof Expr.Ref ref) {
      return isActive(ref.variable());
    }
    return expr instanceof Expr.Element element && isActive(element.array())
        && !element.type().isArray();
  }

  /**
   * Fails unless {@code operand} of {@code operation} is simple or reads nothing active: the
   * derivative rules take one operation over simple operands (three-address code), and an
   * active compound operand would have no adjoint to add into, so its contribution would be
   * lost without a word.
   */
  void checkSimple(Expr operand, Expr operation) {
    if (operand.isSimple() || !operand.type().isReal()) {
      return;
    }
    Set<Variable> reads = new java.util.HashSet<>();
    Reads.collect(operand, reads);
    if (reads.stream().anyMatch(this::isActive)) {
      throw new IllegalStateException("an active operand is not simple: " + operand + " in "
          + operation);
    }
  }

  boolean isEmpty() {
    return active.isEmpty();
  }

  private static boolean forward(List<Stmt> statements, Set<Variable> varied) {
    boolean changed = false;
    for (Stmt stmt : statements) {
      Variable written = Reads.written(stmt);
      Expr value = stmt instanceof Stmt.Assign assign ? assign.value()
          : stmt instanceof Stmt.Store store ? store.value() : null;
      if (value != null && written.type().isDifferentiable() && !varied.contains(written)
          && readsAny(value, varied)) {
        varied.add(written);
        changed = true;
      }
      if (stmt instanceof Stmt.If branch) {
        changed |= forward(branch.then(), varied);
        changed |= forward(branch.otherwise(), varied);
      } else if (stmt instanceof Stmt.Loop loop) {
        changed |= forward(loop.init(), varied);
        changed |= forward(loop.body(), varied);
        changed |= forward(loop.update(), varied);
      }
    }
    return changed;
  }

  private static boolean backward(List<Stmt> statements, Set<Variable> useful) {
    boolean changed = false;
    for (int i = statements.size() - 1; i >= 0; i--) {
      Stmt stmt = statements.get(i);
      if (stmt instanceof Stmt.Assign assign && useful.contains(assign.target())) {
        changed |= addDifferentiableReads(assign.value(), useful);
      } else if (stmt instanceof Stmt.Store store && useful.contains(store.target().array())) {
        changed |= addDifferentiableReads(store.value(), useful);
      } else if (stmt instanceof Stmt.If branch) {
        changed |= backward(branch.otherwise(), useful);
        changed |= backward(branch.then(), useful);
      } else if (stmt instanceof Stmt.Loop loop) {
        changed |= backward(loop.update(), useful);
        changed |= backward(loop.body(), useful);
        changed |= backward(loop.init(), useful);
      }
    }
    return changed;
  }

  private static boolean readsAny(Expr expr, Set<Variable> variables) {
    for (Variable read : readsThroughDerivatives(expr)) {
      if (variables.contains(read)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What {@code expr} reads through operands that carry a derivative: not the sign in {@code
   * copySign(m, s)}, not the argument of {@code floor}, not the condition of {@code c ? a : b}
   * (which makes {@code w = x > 0 ? W_POSITIVE : W_NEGATIVE}, a choice of table, passive).
   */
  private static Set<Variable> readsThroughDerivatives(Expr expr) {
    Set<Variable> reads = new HashSet<>();
    if (expr instanceof Expr.Conditional choice) {
      reads.addAll(readsThroughDerivatives(choice.whenTrue()));
      reads.addAll(readsThroughDerivatives(choice.whenFalse()));
    } else if (expr instanceof Expr.Call call) {
      for (int i = 0; i < call.arguments().size(); i++) {
        if (DerivativeTable.isDifferentiableOperand(call, i)) {
          Reads.collect(call.arguments().get(i), reads);
        }
      }
    } else {
      Reads.collect(expr, reads);
    }
    return reads;
  }

  private static boolean addDifferentiableReads(Expr expr, Set<Variable> useful) {
    Set<Variable> reads = readsThroughDerivatives(expr);
    boolean changed = false;
    for (Variable read : reads) {
      if (read.type().isDifferentiable()) {
        changed |= useful.add(read);
      }
    }
    return changed;
  }
}
