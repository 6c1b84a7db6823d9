package dev.flatgrad.processor.ir;

import java.util.ArrayList;
import java.util.List;

/** A statement of the IR: assignments and structured control flow, nothing that jumps. */
public sealed interface Stmt
    permits Stmt.Declare, Stmt.Assign, Stmt.Accumulate, Stmt.Store, Stmt.If, Stmt.Loop,
        Stmt.Push, Stmt.Pullback, Stmt.Throw, Stmt.Assert, Stmt.Run {

  /** The statement's own expressions, not those of its nested blocks. */
  default List<Expr> expressions() {
    if (this instanceof Assign assign) {
      return List.of(assign.value());
    }
    if (this instanceof Accumulate accumulate) {
      return List.of(accumulate.target(), accumulate.value());
    }
    if (this instanceof Store store) {
      return List.of(store.target(), store.value());
    }
    if (this instanceof Push push) {
      return List.of(push.value());
    }
    if (this instanceof If branch) {
      return List.of(branch.condition());
    }
    if (this instanceof Loop loop) {
      return loop.condition() == null ? List.of() : List.of(loop.condition());
    }
    if (this instanceof Throw thrown) {
      return thrown.arguments();
    }
    if (this instanceof Assert assertion) {
      return assertion.detail() == null
          ? List.of(assertion.condition())
          : List.of(assertion.condition(), assertion.detail());
    }
    if (this instanceof Run run) {
      return run.arguments();
    }
    if (this instanceof Pullback pullback) {
      List<Expr> all = new ArrayList<>(pullback.arguments());
      all.add(pullback.upstream());
      all.addAll(pullback.sinks());
      if (pullback.tangents() != null) {
        all.addAll(pullback.tangents().all());
      }
      return all;
    }
    return List.of();
  }

  /** The blocks nested in the statement: an if's branches; a loop's init, body and update. */
  default List<List<Stmt>> blocks() {
    if (this instanceof If branch) {
      return List.of(branch.then(), branch.otherwise());
    }
    if (this instanceof Loop loop) {
      return List.of(loop.init(), loop.body(), loop.update());
    }
    return List.of();
  }

  /** {@code double t;}: a variable that the branches of an {@code if} assign. */
  record Declare(Variable variable) implements Stmt {}

  /** {@code target = value}, declaring {@code target} if {@code declares}. */
  record Assign(Variable target, Expr value, boolean declares) implements Stmt {}

  /** {@code target += value}: how adjoints sum the contributions of every use (fan-out). */
  record Accumulate(Expr target, Expr value) implements Stmt {}

  /** {@code array[i] = value}. */
  record Store(Expr.Element target, Expr value) implements Stmt {}

  /** {@code if (condition) { then } else { otherwise }}. */
  record If(Expr condition, List<Stmt> then, List<Stmt> otherwise) implements Stmt {
    public If {
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }

  /**
   * A loop: {@code for (init; condition; update) body}, or with {@code testFirst} false, {@code
   * do body while (condition)} after {@code init}. A {@code while} loop is a {@code for} loop
   * without init and update; a null condition is always true.
   */
  record Loop(List<Stmt> init, Expr condition, List<Stmt> body, List<Stmt> update,
      boolean testFirst) implements Stmt {
    public Loop {
      init = List.copyOf(init);
      body = List.copyOf(body);
      update = List.copyOf(update);
    }

    /** {@code for (int k = from; k < bound; k++) body}: the loops the generator writes itself. */
    public static Loop countingUp(Variable k, Expr from, Expr bound, List<Stmt> body) {
      return new Loop(List.of(new Assign(k, from, true)),
          new Expr.Binary(BinaryOperator.LESS, new Expr.Ref(k), bound, Type.BOOLEAN), body,
          List.of(step(k, BinaryOperator.ADD)), true);
    }

    /** {@code for (int k = 0; k < bound; k++) body}. */
    public static Loop countingUp(Variable k, Expr bound, List<Stmt> body) {
      return countingUp(k, Expr.Literal.ofInt(0), bound, body);
    }

    /** {@code for (int k = bound - 1; k >= 0; k--) body}: the same indices, backwards. */
    public static Loop countingDown(Variable k, Expr bound, List<Stmt> body) {
      Expr last = new Expr.Binary(BinaryOperator.SUBTRACT, bound, Expr.Literal.ofInt(1),
          Type.INT);
      return new Loop(List.of(new Assign(k, last, true)),
          new Expr.Binary(BinaryOperator.GREATER_EQUAL, new Expr.Ref(k), Expr.Literal.ofInt(0),
              Type.BOOLEAN),
          body, List.of(step(k, BinaryOperator.SUBTRACT)), true);
    }

    private static Assign step(Variable k, BinaryOperator operator) {
      return new Assign(k,
          new Expr.Binary(operator, new Expr.Ref(k), Expr.Literal.ofInt(1), Type.INT), false);
    }
  }

  /**
   * {@code var result = CalleeGrad.fPullback(arguments..., upstream, sinks...)}: the reverse of
   * a call. Array gradients are added into {@code sinks}; scalar ones come back in {@code
   * result}, when the callee has any, for the {@code Accumulate} statements that follow.
   */
  record Pullback(Callee callee, List<Expr> arguments, Expr upstream, List<Expr> sinks,
      Variable result, Tangents tangents) implements Stmt {
    public Pullback {
      arguments = List.copyOf(arguments);
      sinks = List.copyOf(sinks);
    }

    public Pullback(Callee callee, List<Expr> arguments, Expr upstream, List<Expr> sinks,
        Variable result) {
      this(callee, arguments, upstream, sinks, result, null);
    }

    /**
     * The same call carried along a direction (second order): {@code
     * CalleeGrad.fPullbackTangent(arguments..., upstream, sinks..., tangents...)}, which also
     * adds the derivative of each sink's contribution into that sink's tangent and returns the
     * tangents of the scalar gradients beside them.
     */
    public Pullback withTangents(Tangents tangents) {
      return new Pullback(callee, arguments, upstream, sinks, result, tangents);
    }
  }

  /**
   * The direction a pullback call is differentiated along: a tangent per differentiated
   * parameter of the callee ({@code 0.0} or {@code null} where none), the upstream gradient's
   * tangent, and per sink the array its tangent is added into.
   */
  record Tangents(List<Expr> arguments, Expr upstream, List<Expr> sinks) {
    public Tangents {
      arguments = List.copyOf(arguments);
      sinks = List.copyOf(sinks);
    }

    /** In the order the call passes them. */
    public List<Expr> all() {
      List<Expr> all = new ArrayList<>(arguments);
      all.add(upstream);
      all.addAll(sinks);
      return all;
    }
  }

  /** {@code saved[top++] = value}: saves a value the reverse pass needs before it is overwritten. */
  record Push(TapeLocals tape, Expr value) implements Stmt {}

  /**
   * {@code throw new exception(arguments...)}: a guard clause of the user's code. Forward code
   * only: once it runs, the method has no value and no reverse pass.
   */
  record Throw(ClassId exception, List<Expr> arguments) implements Stmt {
    public Throw {
      arguments = List.copyOf(arguments);
    }
  }

  /** {@code assert condition : detail}, {@code detail} null when there is none. */
  record Assert(Expr condition, Expr detail) implements Stmt {}

  /**
   * {@code Owner.method(arguments...);}: a call run for its effect only, such as an argument
   * check or logging. It writes nothing flatgrad differentiates, so it has no adjoint.
   */
  record Run(MethodRef method, List<Expr> arguments) implements Stmt {
    public Run {
      arguments = List.copyOf(arguments);
    }
  }

  /**
   * Whether {@code block} never completes normally: it ends in a throw, in an if whose branches
   * both never complete, or in a loop whose condition is constant true (flatgrad's IR has no
   * break: a loop that is left some other way tests a flag). Java rejects statements after such
   * a block's end as unreachable.
   */
  static boolean neverCompletes(List<Stmt> block) {
    if (block.isEmpty()) {
      return false;
    }
    Stmt last = block.get(block.size() - 1);
    return last instanceof Throw
        || last instanceof If branch && neverCompletes(branch.then())
            && neverCompletes(branch.otherwise())
        || last instanceof Loop loop && (loop.condition() == null
            || ConstantConditions.value(loop.condition()).orElse(false));
  }
}
