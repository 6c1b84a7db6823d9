package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the reverse pass: the forward statements in reverse order, each replaced by its adjoint
 * code, branches taking the branch the forward pass took, loops running backwards, and saved
 * values restored from the tape where the forward pass overwrote them.
 */
final class BackwardWriter {

  private final TapePlan plan;
  private final Recording recording;
  private final Adjoints adjoints;
  private final Activity activity;
  private final Set<Variable> overwritten;
  /** For each primal variable, the forward block whose reverse declares its adjoint. */
  private final Map<Variable, List<Stmt>> homes;
  private final Map<Variable, Rematerialization.Recomputed> recomputed;
  /** The fused loops met so far, with where their reverse would have gone in the pass. */
  private final Map<Stmt.Loop, Integer> fusedPositions = new java.util.IdentityHashMap<>();
  private final Map<Stmt.Loop, List<Stmt>> iterations = new java.util.IdentityHashMap<>();
  private ReductionSeeds seeds;

  BackwardWriter(TapePlan plan, Recording recording, Adjoints adjoints, Activity activity,
      Set<Variable> overwritten, Map<Variable, List<Stmt>> homes,
      Map<Variable, Rematerialization.Recomputed> recomputed) {
    this.plan = plan;
    this.recording = recording;
    this.adjoints = adjoints;
    this.activity = activity;
    this.overwritten = overwritten;
    this.homes = homes;
    this.recomputed = recomputed;
  }

  /**
   * The reverse pass of the method body, seeded with {@code grad_result = seed}; {@code seeds}
   * moves what the fused loops' iterations need ahead of them.
   */
  List<Stmt> method(List<Stmt> body, Expr result, Expr seed, ReductionSeeds seeds) {
    this.seeds = seeds;
    List<Stmt> out = new ArrayList<>();
    if (activity.isActive(result) && result.type().isArray()) {
      // A vector result's adjoint starts as a copy of the upstream vector: the reverse of its
      // element stores resets entries, which must not reach the caller's array.
      Variable adjoint = adjoints.of(((Expr.Ref) result).variable());
      out.add(new Stmt.Assign(adjoint, new Expr.Copy(((Expr.Ref) seed).variable()), true));
    } else if (activity.isActive(result)) {
      out.add(new Stmt.Accumulate(adjoints.of(result), seed));
    }
    for (int i = body.size() - 1; i >= 0; i--) {
      statement(body.get(i), out, true);
    }
    seeds.place(out, fusedPositions, iterations, owned(body));
    declareAdjoints(body, out);
    return out;
  }

  /** The reverse of one iteration of a fused loop, which runs right after its forward. */
  List<Stmt> iteration(Stmt.Loop loop) {
    return iterations.get(loop);
  }

  private List<Stmt> fusedIteration(Stmt.Loop loop) {
    List<Stmt> reverse = block(loop.body(), true);
    // The adjoints declared outside the iteration live on into the next one.
    Set<Variable> outside = new java.util.HashSet<>();
    reverse.forEach(stmt -> AdjointDeclarations.mentions(stmt, outside));
    outside.removeIf(variable -> variable.kind() != Variable.Kind.ADJOINT
        || homes.get(primalOf(variable)) != null
            && isInside(homes.get(primalOf(variable)), loop));
    return DeadResets.remove(ZeroDerivatives.drop(reverse), outside);
  }

  private List<Stmt> block(List<Stmt> forward, boolean topLevel) {
    List<Stmt> out = new ArrayList<>();
    for (int i = forward.size() - 1; i >= 0; i--) {
      statement(forward.get(i), out, topLevel);
    }
    out.addAll(0, Rematerialization.declarationsFor(forward, out, recomputed));
    declareAdjoints(forward, out);
    return out;
  }

  /**
   * Declares, in the reverse of {@code forward}, the adjoints of the variables declared there:
   * just before their first use, as {@code double grad_x = <first contribution>} when that use
   * is a plain contribution, as {@code double grad_x = 0.0} otherwise.
   */
  private void declareAdjoints(List<Stmt> forward, List<Stmt> reverse) {
    Map<Variable, Variable> owned = owned(forward);
    if (seeds != null) {
      owned.keySet().removeAll(seeds.declared()); // ahead of a fused loop
    }
    AdjointDeclarations.declareAll(reverse, owned);
  }

  /** The adjoints (mapped to their primals) declared in the reverse of {@code forward}. */
  private Map<Variable, Variable> owned(List<Stmt> forward) {
    Map<Variable, Variable> owned = new java.util.LinkedHashMap<>();
    for (Map.Entry<Variable, Variable> entry : adjoints.all().entrySet()) {
      if (homes.get(entry.getKey()) == forward && !adjoints.isPreset(entry.getValue())) {
        owned.put(entry.getValue(), entry.getKey());
      }
    }
    return owned;
  }

  private Variable primalOf(Variable adjoint) {
    for (Map.Entry<Variable, Variable> entry : adjoints.all().entrySet()) {
      if (entry.getValue() == adjoint) {
        return entry.getKey();
      }
    }
    return null;
  }

  /** Whether {@code block} is {@code loop}'s body or nested in it. */
  private static boolean isInside(List<Stmt> block, Stmt.Loop loop) {
    return containsBlock(loop, block);
  }

  private static boolean containsBlock(Stmt stmt, List<Stmt> block) {
    for (List<Stmt> nested : stmt.blocks()) {
      if (nested == block) {
        return true;
      }
      for (Stmt inner : nested) {
        if (containsBlock(inner, block)) {
          return true;
        }
      }
    }
    return false;
  }

  private void statement(Stmt stmt, List<Stmt> out, boolean topLevel) {
    if (plan.isInert(stmt)) {
      return; // nothing in it to undo
    }
    if (plan.isFused(stmt)) {
      // Reversed iteration by iteration inside the forward loop; its seeds come from here.
      fusedPositions.put((Stmt.Loop) stmt, out.size());
      iterations.put((Stmt.Loop) stmt, fusedIteration((Stmt.Loop) stmt));
      return;
    }
    if (Reallocations.is(stmt)) {
      Variable array = Reads.written(stmt);
      out.addAll(Reallocations.restore(stmt, plan.saves(stmt), recording,
          activity.isActive(array) ? Optional.of(adjoints.of(array)) : Optional.empty()));
    } else if (stmt instanceof Stmt.Assign assign) {
      assignment(assign, out);
    } else if (stmt instanceof Stmt.Store store) {
      store(store, out);
    } else if (stmt instanceof Stmt.If branch) {
      List<Stmt> then = block(branch.then(), false);
      List<Stmt> otherwise = block(branch.otherwise(), false);
      if (!then.isEmpty() || !otherwise.isEmpty() || !plan.reevaluates(branch) && !topLevel) {
        out.add(new Stmt.If(condition(branch, topLevel), then, otherwise));
      }
    } else if (stmt instanceof Stmt.Loop loop) {
      loop(loop, out, topLevel);
    } else if (!(stmt instanceof Stmt.Declare) && !ForwardWriter.isEffect(stmt)) {
      throw new IllegalArgumentException("not a forward statement: " + stmt);
    }
  }

  private void assignment(Stmt.Assign assign, List<Stmt> out) {
    Variable target = assign.target();
    Expr self = new Expr.Ref(target);
    if (activity.isActive(target)) {
      out.addAll(adjoints.contributions(self, assign.value()));
      boolean increment = Canonicalizer.isIncrement(self, target, assign.value());
      if (overwritten.contains(target) && !increment && !assign.declares()) {
        out.add(new Stmt.Assign(adjoints.of(target), Algebra.zero(target.type()), false));
      }
    }
    if (plan.saves(assign) && plan.references().isReference(target)) {
      Variable number = recording.local(target.name() + "Table", Type.INT);
      out.add(new Stmt.Assign(number, new Expr.Pop(recording.tape(), Type.INT), true));
      out.add(new Stmt.Assign(target, plan.references().table(target, number), false));
    } else if (plan.saves(assign) && target.type() == Type.ENUM) {
      out.add(new Stmt.Assign(target, SavedEnums.restored(target, recording.tape()), false));
    } else if (plan.saves(assign)) {
      out.add(new Stmt.Assign(target, new Expr.Pop(recording.tape(), target.type()), false));
    } else if (plan.inverts(assign)) {
      Expr.Binary step = (Expr.Binary) assign.value();
      BinaryOperator inverse = step.operator() == BinaryOperator.ADD
          ? BinaryOperator.SUBTRACT
          : BinaryOperator.ADD;
      out.add(new Stmt.Assign(target,
          new Expr.Binary(inverse, self, step.right(), Type.INT), false));
    }
  }

  private void store(Stmt.Store store, List<Stmt> out) {
    Expr.Element target = store.target();
    if (activity.isActive(target)) {
      out.addAll(adjoints.contributions(target, store.value()));
      if (!Canonicalizer.isIncrement(target, target.array(), store.value())) {
        out.add(new Stmt.Store((Expr.Element) adjoints.of(target),
            Algebra.zero(target.type())));
      }
    }
    if (plan.saves(store)) {
      out.add(new Stmt.Store(target, new Expr.Pop(recording.tape(), target.type())));
    }
  }

  private Expr condition(Stmt.If branch, boolean topLevel) {
    if (plan.reevaluates(branch)) {
      return branch.condition();
    }
    return topLevel
        ? new Expr.Ref(recording.decision(branch))
        : new Expr.Pop(recording.tape(), Type.BOOLEAN);
  }

  private void loop(Stmt.Loop loop, List<Stmt> out, boolean topLevel) {
    Optional<RunningExtremes> extreme = topLevel ? plan.extreme(loop) : Optional.empty();
    if (extreme.isPresent()) {
      RunningExtremes found = extreme.get();
      Expr operand = found.operand();
      out.add(found.backward(recording.winner(loop, found.running()),
          adjoints.of(found.running()), activity.isActive(operand) ? adjoints.of(operand) : null));
      return;
    }
    Optional<CountedLoop> counted = plan.counted(loop);
    if (counted.isPresent()) {
      out.add(counted.get().reversed(block(loop.body(), false)));
      return;
    }
    // One reverse iteration undoes the update, then the body, of one forward iteration.
    List<Stmt> iteration = new ArrayList<>(block(loop.update(), false));
    iteration.addAll(block(loop.body(), false));
    Variable trips;
    List<Stmt> init;
    if (topLevel) {
      trips = recording.tripCount(loop);
      init = List.of();
    } else {
      trips = recording.reverseTripCount();
      init = List.of(new Stmt.Assign(trips, new Expr.Pop(recording.tape(), Type.INT), true));
    }
    Expr remaining = new Expr.Binary(BinaryOperator.GREATER, new Expr.Ref(trips),
        Expr.Literal.ofInt(0), Type.BOOLEAN);
    Expr countDown = new Expr.Binary(BinaryOperator.SUBTRACT, new Expr.Ref(trips),
        Expr.Literal.ofInt(1), Type.INT);
    out.add(new Stmt.Loop(init, remaining, iteration,
        List.of(new Stmt.Assign(trips, countDown, false)), true));
    out.addAll(block(loop.init(), false));
  }
}
