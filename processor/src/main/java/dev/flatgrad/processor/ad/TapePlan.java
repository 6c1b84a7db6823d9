package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides what the forward pass must record so the reverse pass can run backwards, and nothing
 * more ("to be recorded" analysis). Walking the code forward, it tracks which variables the
 * reverse of the statements seen so far reads; an overwrite of such a variable must save the old
 * value first. Loops are walked until that set stops growing, since the reverse of one iteration
 * reads what the next overwrites. Counted loops, invertible {@code int} steps and conditions whose
 * operands the branches leave alone are recomputed instead of recorded.
 */
final class TapePlan {

  private final Function<Stmt, Set<Variable>> reverseReads;
  private final Set<Stmt> saved = identitySet();
  private final Set<Stmt> inverted = identitySet();
  private final Map<Stmt.Loop, Optional<CountedLoop>> loops = new IdentityHashMap<>();
  private final Set<Stmt.If> reevaluated = identitySet();
  private final Set<Variable> regeneratedCounters = new HashSet<>();
  private final Set<Variable> readByReverse = new HashSet<>();
  private final Set<Variable> unsaved = new java.util.LinkedHashSet<>();
  /** The method's body. */
  private final List<Stmt> body;
  /** Loops that compute a running maximum or minimum, reversed by their winning step alone. */
  private final Map<Stmt.Loop, RunningExtremes> extremes = new IdentityHashMap<>();

  /** Branches and loops whose reverse is empty: nothing of theirs is read backwards. */
  private final Set<Stmt> inert;

  /** Values the reverse pass recomputes: never saved, never hoisted. */
  private final Set<Variable> recomputed;

  private final FullOverwrites fullOverwrites;

  /** Loops whose iterations each run their reverse right away ({@link IndependentLoops}). */
  private final Set<Stmt.Loop> fused;

  /** Every variable the body assigns. */
  private final Set<Variable> assigned = new HashSet<>();

  private final TableReferences references;

  private TapePlan(List<Stmt> body, Function<Stmt, Set<Variable>> reverseReads, Set<Stmt> inert,
      Set<Variable> recomputed, FullOverwrites fullOverwrites, Set<Stmt.Loop> fused) {
    this.body = body;
    this.reverseReads = reverseReads;
    this.inert = inert;
    this.recomputed = recomputed;
    this.fullOverwrites = fullOverwrites;
    this.fused = fused;
    this.references = TableReferences.of(body);
  }

  /**
   * Plans {@code body}; {@code reverseReads} gives the variables the reverse of one assignment or
   * store reads.
   */
  static TapePlan of(List<Stmt> body, Function<Stmt, Set<Variable>> reverseReads,
      Set<Stmt> inert, Set<Variable> recomputed, Set<Stmt.Loop> fused) {
    TapePlan plan =
        new TapePlan(body, reverseReads, inert, recomputed, FullOverwrites.of(body), fused);
    Reads.collectWrites(body, plan.assigned);
    plan.classify(body);
    plan.walk(body, new HashSet<>(), false);
    return plan;
  }


  /** Whether the old value must be saved before this assignment or store. */
  boolean saves(Stmt stmt) {
    return saved.contains(stmt);
  }

  /** The array variables that refer to tables, which the tape saves by number. */
  TableReferences references() {
    return references;
  }

  /** Whether this {@code int} step is undone by the opposite step instead of a tape. */
  boolean inverts(Stmt stmt) {
    return inverted.contains(stmt);
  }

  Optional<CountedLoop> counted(Stmt.Loop loop) {
    return loops.get(loop);
  }

  /** Whether the reverse pass may evaluate this condition again instead of recording it. */
  boolean reevaluates(Stmt.If branch) {
    return reevaluated.contains(branch);
  }

  /** Every variable the reverse pass reads: those declared in nested blocks must be hoisted. */
  Set<Variable> readByReverse() {
    return readByReverse;
  }

  /** The running maximum or minimum {@code loop} computes, if it is reversed as one. */
  Optional<RunningExtremes> extreme(Stmt.Loop loop) {
    return Optional.ofNullable(extremes.get(loop));
  }

  /** Whether this loop runs each iteration's reverse right after its forward. */
  boolean isFused(Stmt stmt) {
    return stmt instanceof Stmt.Loop loop && fused.contains(loop);
  }

  /** Whether the reverse pass skips this branch or loop: nothing in it has an adjoint. */
  boolean isInert(Stmt stmt) {
    return inert.contains(stmt);
  }

  boolean isRegeneratedCounter(Variable variable) {
    return regeneratedCounters.contains(variable);
  }

  private void classify(List<Stmt> statements) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.If branch) {
        Set<Variable> written = new HashSet<>();
        Reads.collectWrites(branch.then(), written);
        Reads.collectWrites(branch.otherwise(), written);
        Set<Variable> read = new HashSet<>();
        Reads.collect(branch.condition(), read);
        // Strings cannot go on a tape: a condition reading one that the body assigns is
        // recorded; one reading parameters only is evaluated again.
        if (Collections.disjoint(read, written) && read.stream().allMatch(variable ->
            tapeable(variable.type()) || !assigned.contains(variable))) {
          reevaluated.add(branch);
        }
        classify(branch.then());
        classify(branch.otherwise());
      } else if (stmt instanceof Stmt.Loop loop) {
        Optional<CountedLoop> counted = CountedLoop.of(loop);
        loops.put(loop, counted);
        counted.ifPresent(c -> regeneratedCounters.add(c.counter()));
        classify(loop.init());
        classify(loop.body());
        classify(loop.update());
      }
    }
  }

  private void walk(List<Stmt> statements, Set<Variable> live, boolean inLoop) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign assign) {
        Variable target = assign.target();
        boolean overwrites = !assign.declares() || inLoop;
        if (overwrites && live.contains(target) && !regeneratedCounters.contains(target)) {
          if (!tapeable(target.type())) {
            unsaved.add(target); // a String: no tape keeps one
          } else {
            (isInvertibleStep(assign) ? inverted : saved).add(stmt);
          }
        }
        live.remove(target); // no reverse statement has read the new value yet
        addReads(live, reverseReads.apply(stmt));
        if (inverted.contains(stmt)) {
          addReads(live, Set.of(target)); // the opposite step computes the old value from it
        }
      } else if (stmt instanceof Stmt.Store store) {
        if (live.contains(store.target().array())) {
          saved.add(stmt);
        }
        Set<Variable> reads = new HashSet<>(reverseReads.apply(stmt));
        store.target().indices().forEach(index -> Reads.collect(index, reads));
        addReads(live, reads);
      } else if (stmt instanceof Stmt.If branch) {
        if (reevaluated.contains(branch) && !inert.contains(branch)) {
          Set<Variable> reads = new HashSet<>();
          Reads.collect(branch.condition(), reads);
          addReads(live, reads);
        }
        Set<Variable> otherwise = new HashSet<>(live);
        walk(branch.then(), live, inLoop);
        walk(branch.otherwise(), otherwise, inLoop);
        addReads(live, otherwise);
      } else if (stmt instanceof Stmt.Loop loop && fused.contains(loop)) {
        // Each iteration is a program of its own, reversed before the next one starts: what
        // its reverse reads is dead once the iteration ends, and it overwrites nothing the
        // reverse of the code around it reads.
        walk(loop.body(), new HashSet<>(), false);
      } else if (stmt instanceof Stmt.Loop loop && isTopLevel(statements)
          && runningExtreme(loop, live).isPresent()) {
        // Nothing saved: the reverse reads the operand at the winning step only, and nothing
        // before the loop reads the running value backwards (else it would need its old value).
        Set<Variable> reads = new HashSet<>();
        extremes.get(loop).collectReverseReads(reads);
        addReads(live, reads);
      } else if (stmt instanceof Stmt.Loop loop) {
        walk(loop.init(), live, inLoop);
        Optional<CountedLoop> counted = loops.get(loop);
        if (counted.isPresent() && !inert.contains(loop)) {
          Set<Variable> reads = new HashSet<>();
          counted.get().collectReads(reads);
          addReads(live, reads);
        }
        // The body starts with what is live on entry or after any earlier iteration. An array
        // the body touches only at [counter] is live again only for its own element, which no
        // later iteration writes.
        Set<Variable> ownElements = counted.isPresent()
            ? OwnElements.of(loop, counted.get().counter())
            : Set.of();
        Set<Variable> entry = new HashSet<>(live);
        Set<Variable> after = new HashSet<>();
        int marks;
        do {
          marks = saved.size() + inverted.size();
          Set<Variable> state = new HashSet<>(entry);
          walk(loop.body(), state, true);
          walk(loop.update(), state, true);
          after.addAll(state);
          state.removeIf(variable -> ownElements.contains(variable) && !live.contains(variable));
          int before = entry.size();
          entry.addAll(state);
          if (entry.size() == before && marks == saved.size() + inverted.size()) {
            break;
          }
        } while (true);
        live.addAll(entry);
        live.addAll(after);
        if (counted.isPresent() && !inert.contains(loop)) {
          killOverwrittenArrays(loop, counted.get(), live);
        }
      }
    }
  }

  /**
   * Whether {@code statements} is the method's body or a fused loop's: a block whose loops run
   * once per call or per iteration, where a loop's own bookkeeping (its winner) needs no tape.
   */
  private boolean isTopLevel(List<Stmt> statements) {
    if (statements == body) {
      return true;
    }
    return fused.stream().anyMatch(loop -> loop.body() == statements);
  }

  /**
   * The running extreme {@code loop} computes, recorded as such, if it is a counted, active loop
   * whose running value nothing before it reads backwards ({@code live}).
   */
  private Optional<RunningExtremes> runningExtreme(Stmt.Loop loop, Set<Variable> live) {
    Optional<CountedLoop> counted = loops.get(loop);
    if (counted == null || counted.isEmpty() || inert.contains(loop)) {
      return Optional.empty();
    }
    Optional<RunningExtremes> extreme = RunningExtremes.of(loop, counted.get().counter())
        .filter(found -> !live.contains(found.running()) && !recomputed.contains(found.running()));
    extreme.ifPresentOrElse(found -> extremes.put(loop, found), () -> extremes.remove(loop));
    return extreme;
  }

  /**
   * After a loop that saved every element of an array before overwriting it, the reverse of the
   * statements before the loop gets its elements back from the tape: later overwrites need not
   * save them, unless the loop's own reverse reads the array.
   */
  private void killOverwrittenArrays(Stmt.Loop loop, CountedLoop counted, Set<Variable> live) {
    Set<Variable> arrays = fullOverwrites.overwrittenBy(loop, counted);
    if (arrays.isEmpty()) {
      return;
    }
    Set<Variable> readBackwards = new HashSet<>();
    Reads.collect(loop.condition(), readBackwards);
    collectReverseReads(loop.body(), readBackwards);
    collectReverseReads(loop.update(), readBackwards);
    for (Variable array : arrays) {
      if (!readBackwards.contains(array)) {
        live.remove(array);
      }
    }
  }

  private void collectReverseReads(List<Stmt> statements, Set<Variable> into) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign || stmt instanceof Stmt.Store) {
        into.addAll(reverseReads.apply(stmt));
      } else {
        // The conditions of branches and loops, which their reverse may evaluate again.
        stmt.expressions().forEach(condition -> Reads.collect(condition, into));
        stmt.blocks().forEach(block -> collectReverseReads(block, into));
      }
    }
  }

  private void addReads(Set<Variable> live, Set<Variable> reads) {
    for (Variable read : reads) {
      if (read.kind() != Variable.Kind.ADJOINT && read.type() != Type.TAPE
          && read.type() != Type.RECEIVER && !recomputed.contains(read)) {
        live.add(read);
        readByReverse.add(read);
      }
    }
  }

  /** {@code i = i + c} or {@code i = i - c} on ints, with {@code c} a literal: undone exactly. */
  static boolean isInvertibleStep(Stmt.Assign assign) {
    return assign.target().type() == Type.INT
        && assign.value() instanceof Expr.Binary binary
        && (binary.operator() == BinaryOperator.ADD
            || binary.operator() == BinaryOperator.SUBTRACT)
        && binary.left().equals(new Expr.Ref(assign.target()))
        && binary.right() instanceof Expr.Literal;
  }

  /** Whether a value of {@code type} can be saved: numbers, booleans, arrays, enum values. */
  private static boolean tapeable(Type type) {
    return type != Type.TAPE && type != Type.STRING && type != Type.RECEIVER;
  }

  /**
   * The variables a loop overwrites while the reverse pass still reads their old values, which
   * no tape can keep (strings).
   */
  Set<Variable> unsaved() {
    return unsaved;
  }

  private static <T> Set<T> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }
}
