package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the forward pass: the user's computation, plus what the reverse pass needs recorded:
 * old values pushed on the tape before they are overwritten, loop trip counts, branch decisions,
 * and the declarations of variables the reverse pass reads, hoisted to the method's top level.
 */
final class ForwardWriter {

  private final TapePlan plan;
  private final Recording recording;
  private final Set<Variable> hoisted;
  /** Each fused loop as written, for its iteration's reverse to be added to its body. */
  private final Map<Stmt.Loop, Stmt.Loop> fusedLoops = new IdentityHashMap<>();

  ForwardWriter(TapePlan plan, Recording recording, Set<Variable> hoisted) {
    this.plan = plan;
    this.recording = recording;
    this.hoisted = hoisted;
  }

  /**
   * The forward pass of the method body, or of a fused loop's body: its variables read backwards
   * are declared at its top.
   */
  List<Stmt> write(List<Stmt> body) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt stmt : body) {
      Set<Variable> declaredInside = new LinkedHashSet<>();
      if (!plan.isFused(stmt)) { // a fused loop's body declares its own
        collectNestedDeclarations(stmt, declaredInside, true);
      }
      for (Variable variable : declaredInside) {
        if (hoisted.contains(variable)) {
          out.add(new Stmt.Assign(variable, Expr.defaultValue(variable.type()), true));
        }
      }
      statement(stmt, out, true);
    }
    return out;
  }

  /** The forward code written for the fused loop {@code loop} of the method body. */
  Stmt.Loop written(Stmt.Loop loop) {
    return fusedLoops.get(loop);
  }

  private List<Stmt> block(List<Stmt> statements) {
    List<Stmt> out = new ArrayList<>();
    statements.forEach(stmt -> statement(stmt, out, false));
    return out;
  }

  private void statement(Stmt stmt, List<Stmt> out, boolean topLevel) {
    if (plan.isInert(stmt)) {
      out.add(stmt); // the reverse pass skips it: nothing to record, inside either
      return;
    }
    if (Reallocations.is(stmt)) {
      out.addAll(Reallocations.save(stmt, plan.saves(stmt), recording));
      out.add(stmt);
    } else if (stmt instanceof Stmt.Assign assign) {
      if (plan.saves(stmt)) {
        Variable target = assign.target();
        out.add(new Stmt.Push(recording.tape(), plan.references().isReference(target)
            ? plan.references().number(target)
            : target.type() == Type.ENUM ? SavedEnums.ordinal(target)
            : new Expr.Ref(target)));
      }
      boolean declares = assign.declares() && !hoisted.contains(assign.target());
      out.add(new Stmt.Assign(assign.target(), assign.value(), declares));
    } else if (stmt instanceof Stmt.Declare declare) {
      Variable variable = declare.variable();
      if (plan.readByReverse().contains(variable) && !hoisted.contains(variable)) {
        // The tape may save it, and the reverse pass read it, before javac sees it assigned:
        // `double m; for (...) { m = ...; }` saves m before each overwrite.
        out.add(new Stmt.Assign(variable, Expr.defaultValue(variable.type()), true));
      } else if (!hoisted.contains(variable)) {
        out.add(stmt);
      }
    } else if (stmt instanceof Stmt.Store store) {
      if (plan.saves(stmt)) {
        out.add(new Stmt.Push(recording.tape(), store.target()));
      }
      out.add(stmt);
    } else if (stmt instanceof Stmt.If branch) {
      ifStatement(branch, out, topLevel);
    } else if (stmt instanceof Stmt.Loop loop) {
      loop(loop, out, topLevel);
    } else if (isEffect(stmt)) {
      out.add(stmt); // a throw, an assert or a check: it has nothing to record
    } else {
      throw new IllegalArgumentException("not a forward statement: " + stmt);
    }
  }

  private void ifStatement(Stmt.If branch, List<Stmt> out, boolean topLevel) {
    List<Stmt> then = block(branch.then());
    List<Stmt> otherwise = block(branch.otherwise());
    Expr condition = branch.condition();
    if (!plan.reevaluates(branch)) {
      if (topLevel) {
        Variable took = recording.decision(branch);
        out.add(new Stmt.Assign(took, condition, true));
        condition = new Expr.Ref(took);
      } else {
        // A branch that throws ends the call: no reverse pass will pop its decision.
        if (!Stmt.neverCompletes(then)) {
          then.add(new Stmt.Push(recording.tape(), Expr.Literal.ofBoolean(true)));
        }
        if (!Stmt.neverCompletes(otherwise)) {
          otherwise.add(new Stmt.Push(recording.tape(), Expr.Literal.ofBoolean(false)));
        }
      }
    }
    out.add(new Stmt.If(condition, then, otherwise));
  }

  private void loop(Stmt.Loop loop, List<Stmt> out, boolean topLevel) {
    Optional<RunningExtremes> extreme = topLevel ? plan.extreme(loop) : Optional.empty();
    if (extreme.isPresent()) {
      out.addAll(extreme.get().forward(loop,
          recording.winner(loop, extreme.get().running())));
      return;
    }
    if (plan.isFused(loop)) {
      Stmt.Loop fused = new Stmt.Loop(loop.init(), loop.condition(), write(loop.body()),
          loop.update(), true);
      fusedLoops.put(loop, fused);
      out.add(fused);
      return;
    }
    List<Stmt> init = block(loop.init());
    List<Stmt> body = block(loop.body());
    List<Stmt> update = block(loop.update());
    if (plan.counted(loop).isPresent()) {
      out.add(new Stmt.Loop(init, loop.condition(), body, update, loop.testFirst()));
      return;
    }
    Variable trips = recording.tripCount(loop);
    out.add(new Stmt.Assign(trips, Expr.Literal.ofInt(0), true));
    body.add(0, new Stmt.Assign(trips, new Expr.Binary(BinaryOperator.ADD, new Expr.Ref(trips),
        Expr.Literal.ofInt(1), Type.INT), false));
    if (init.stream().anyMatch(s -> !(s instanceof Stmt.Assign))) {
      out.addAll(init); // a header holds assignments only
      init = List.of();
    }
    out.add(new Stmt.Loop(init, loop.condition(), body, update, loop.testFirst()));
    if (!topLevel) {
      out.add(new Stmt.Push(recording.tape(), new Expr.Ref(trips)));
    }
  }

  /** A statement run for its effect: a throw, an assert or a check. It has no adjoint. */
  static boolean isEffect(Stmt stmt) {
    return stmt instanceof Stmt.Throw || stmt instanceof Stmt.Assert
        || stmt instanceof Stmt.Run;
  }

  /** The variables declared inside {@code stmt}'s nested blocks (and its own, if asked). */
  static void collectNestedDeclarations(Stmt stmt, Set<Variable> into, boolean top) {
    if (!top) {
      if (stmt instanceof Stmt.Assign assign && assign.declares()) {
        into.add(assign.target());
      } else if (stmt instanceof Stmt.Declare declare) {
        into.add(declare.variable());
      }
    }
    if (stmt instanceof Stmt.If branch) {
      branch.then().forEach(s -> collectNestedDeclarations(s, into, false));
      branch.otherwise().forEach(s -> collectNestedDeclarations(s, into, false));
    } else if (stmt instanceof Stmt.Loop loop) {
      loop.init().forEach(s -> collectNestedDeclarations(s, into, false));
      loop.body().forEach(s -> collectNestedDeclarations(s, into, false));
      loop.update().forEach(s -> collectNestedDeclarations(s, into, false));
    }
  }
}
