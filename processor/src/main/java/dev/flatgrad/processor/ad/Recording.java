package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.TapeLocals;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The variables through which the forward pass hands control flow to the reverse pass: the tape,
 * the trip count of each loop that cannot be counted backwards, and the branch each top-level
 * {@code if} took when its condition cannot be evaluated again.
 */
final class Recording {

  private final Names names;
  private TapeLocals tape;
  private final Map<Stmt.Loop, Variable> tripCounts = new IdentityHashMap<>();
  private final Map<Stmt.If, Variable> decisions = new IdentityHashMap<>();
  private final Map<Stmt.Loop, Variable> winners = new IdentityHashMap<>();

  Recording(Names names) {
    this.names = names;
  }

  /** The tape's variables, named on first use. */
  TapeLocals tape() {
    if (tape == null) {
      tape = TapeLocals.fresh(names);
    }
    return tape;
  }

  boolean usesTape() {
    return tape != null;
  }

  Variable tripCount(Stmt.Loop loop) {
    return tripCounts.computeIfAbsent(loop,
        l -> new Variable(names.fresh("trips"), Type.INT, Variable.Kind.LOCAL));
  }

  /** The step at which a running maximum or minimum last took a new operand (-1: none). */
  Variable winner(Stmt.Loop loop, Variable running) {
    return winners.computeIfAbsent(loop, l -> new Variable(names.fresh(running.name() + "Winner"),
        Type.INT, Variable.Kind.LOCAL));
  }

  Variable decision(Stmt.If branch) {
    return decisions.computeIfAbsent(branch,
        b -> new Variable(names.fresh("took"), Type.BOOLEAN, Variable.Kind.LOCAL));
  }

  /** A fresh local of the generated code, named after {@code hint}. */
  Variable local(String hint, Type type) {
    return new Variable(names.fresh(hint), type, Variable.Kind.LOCAL);
  }

  /** The loop variable for the reverse loop over a trip count taken off the tape. */
  Variable reverseTripCount() {
    return new Variable(names.fresh("trips"), Type.INT, Variable.Kind.LOCAL);
  }
}
