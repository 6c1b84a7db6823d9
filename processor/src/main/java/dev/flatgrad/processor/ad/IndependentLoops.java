package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the top-level counted loops whose iterations are independent but for reductions, such as
 * a batch loss {@code for (n ...) total += loss(example n)}. Each variable such a loop writes is
 * declared in its body, is a reduction ({@code total += e}, {@code a[k] += e}, read nowhere else
 * in the body), or is scratch state that every iteration rewrites before reading it (an array
 * filled by a counted loop over its whole length, a scalar assigned before use). Nothing an
 * iteration leaves behind is read by a later one, so each iteration's reverse can run right
 * after its forward: the reductions' adjoints are the same in every iteration.
 *
 * <p>The code around the loop must not see the difference: the reverse of the statements before
 * it reads nothing the loop writes, and the statements after it (forward and reverse) and the
 * returned value read only its reductions.
 */
final class IndependentLoops {

  private final Function<Stmt, Set<Variable>> reverseReads;
  private final Activity activity;
  private final FullOverwrites fullOverwrites;
  private final Set<Variable> returned = new HashSet<>();

  private IndependentLoops(Function<Stmt, Set<Variable>> reverseReads, Activity activity,
      FullOverwrites fullOverwrites, Expr result) {
    this.reverseReads = reverseReads;
    this.activity = activity;
    this.fullOverwrites = fullOverwrites;
    Reads.collect(result, returned);
  }

  /**
   * Each independent loop among {@code body}'s statements, with its reductions; {@code result}
   * is what the method returns after them.
   */
  static Map<Stmt.Loop, Set<Variable>> find(List<Stmt> body, Expr result, Activity activity,
      Function<Stmt, Set<Variable>> reverseReads) {
    IndependentLoops search =
        new IndependentLoops(reverseReads, activity, FullOverwrites.of(body), result);
    Map<Stmt.Loop, Set<Variable>> found = new IdentityHashMap<>();
    for (int k = 0; k < body.size(); k++) {
      if (body.get(k) instanceof Stmt.Loop loop) {
        search.reductions(loop, body.subList(0, k), body.subList(k + 1, body.size()))
            .ifPresent(reductions -> found.put(loop, reductions));
      }
    }
    return found;
  }

  private Optional<Set<Variable>> reductions(Stmt.Loop loop, List<Stmt> before,
      List<Stmt> after) {
    if (CountedLoop.of(loop).isEmpty() || !hasActiveStatement(loop.body())
        || reallocates(loop.body())) {
      return Optional.empty();
    }
    Set<Variable> declared = new HashSet<>();
    ForwardWriter.collectNestedDeclarations(loop, declared, true);
    Set<Variable> written = new LinkedHashSet<>();
    Reads.collectWrites(loop.body(), written);
    written.removeAll(declared);
    Set<Variable> reductions = new LinkedHashSet<>();
    for (Variable variable : written) {
      if (isReduction(loop.body(), variable)) {
        reductions.add(variable);
      } else if (!rewritesBeforeReading(loop.body(), variable)) {
        return Optional.empty();
      }
    }
    // The reverse of the statements before the loop runs after it: it must find their values.
    Set<Variable> readBackwards = new HashSet<>();
    collectReverseReads(before, readBackwards);
    if (!Collections.disjoint(readBackwards, written)) {
      return Optional.empty();
    }
    // Scratch state is left half restored by the reverse iterations, and its adjoint after the
    // loop would be lost: only reductions go on.
    Set<Variable> readAfter = new HashSet<>(returned);
    collectReverseReads(after, readAfter);
    collectMentions(after, readAfter);
    for (Variable variable : written) {
      if (readAfter.contains(variable) && !reductions.contains(variable)) {
        return Optional.empty();
      }
    }
    // The loop adds into the adjoints of what it reads while the forward pass runs; the reverse
    // of a later overwrite of one of those would reset that adjoint after the additions.
    Set<Variable> read = new HashSet<>();
    collectMentions(loop.body(), read);
    read.removeAll(declared);
    read.removeAll(reductions);
    Set<Variable> writtenAfter = new HashSet<>();
    Reads.collectWrites(after, writtenAfter);
    if (!Collections.disjoint(read, writtenAfter)) {
      return Optional.empty();
    }
    // Nor may it read what the method returns (a vector method's array): the returned value's
    // adjoint is seeded from upstream when the backward section starts, after the loop.
    if (!Collections.disjoint(read, returned)) {
      return Optional.empty();
    }
    return Optional.of(reductions);
  }

  /**
   * Whether an array is allocated anew in {@code statements}: its adjoint is sized when the
   * reverse pass starts, for the array the forward pass left, which a fused loop has not run yet.
   */
  private static boolean reallocates(List<Stmt> statements) {
    for (Stmt stmt : statements) {
      if (Reallocations.is(stmt)
          || stmt.blocks().stream().anyMatch(IndependentLoops::reallocates)) {
        return true;
      }
    }
    return false;
  }

  private boolean hasActiveStatement(List<Stmt> statements) {
    for (Stmt stmt : statements) {
      Variable written = Reads.written(stmt);
      if (written != null && !(stmt instanceof Stmt.Declare) && activity.isActive(written)) {
        return true;
      }
      for (List<Stmt> block : stmt.blocks()) {
        if (hasActiveStatement(block)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether every write of {@code variable} in {@code statements} adds to it ({@code v = v + e},
   * {@code a[k] = a[k] + e}) and nothing else there reads it.
   */
  private static boolean isReduction(List<Stmt> statements, Variable variable) {
    if (variable.type() != Type.DOUBLE && variable.type() != Type.INT
        && variable.type() != Type.DOUBLE_ARRAY) {
      return false;
    }
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign assign && assign.target() == variable) {
        if (assign.declares()
            || !Canonicalizer.isIncrement(new Expr.Ref(variable), variable, assign.value())) {
          return false;
        }
      } else if (stmt instanceof Stmt.Store store && store.target().array() == variable) {
        if (!Canonicalizer.isIncrement(store.target(), variable, store.value())
            || store.target().indices().stream().anyMatch(i -> readsValue(i, variable))) {
          return false;
        }
      } else if (stmt instanceof Stmt.Declare declare && declare.variable() == variable) {
        return false;
      } else {
        for (Expr expr : stmt.expressions()) {
          if (readsValue(expr, variable)) {
            return false;
          }
        }
        for (List<Stmt> block : stmt.blocks()) {
          if (!isReduction(block, variable)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /**
   * Whether each run of {@code statements} writes {@code variable} (a whole scalar, or every
   * element of an array) before any read of it: its old value is never used.
   */
  private boolean rewritesBeforeReading(List<Stmt> statements, Variable variable) {
    for (Stmt stmt : statements) {
      if (!mentions(stmt, variable)) {
        continue;
      }
      if (stmt instanceof Stmt.Assign assign && assign.target() == variable
          && !readsValue(assign.value(), variable)) {
        return true;
      }
      if (stmt instanceof Stmt.Loop loop) {
        Optional<CountedLoop> counted = CountedLoop.of(loop);
        if (counted.isPresent() && variable.type() == Type.DOUBLE_ARRAY
            && fullOverwrites.overwrittenBy(loop, counted.get()).contains(variable)
            && !readsInside(List.of(loop), variable)) {
          return true;
        }
        if (mentionsAny(loop.init(), variable) || mentionsAny(loop.update(), variable)
            || loop.condition() != null && readsValue(loop.condition(), variable)
            || !rewritesBeforeReading(loop.body(), variable)) {
          return false;
        }
      } else if (stmt instanceof Stmt.If branch) {
        if (readsValue(branch.condition(), variable)
            || !rewritesBeforeReading(branch.then(), variable)
            || !rewritesBeforeReading(branch.otherwise(), variable)) {
          return false;
        }
      } else if (!(stmt instanceof Stmt.Declare)) {
        return false; // reads it first, or writes only part of it
      }
    }
    return true;
  }

  /** Whether {@code statements} read a value of {@code variable} (not its length). */
  private static boolean readsInside(List<Stmt> statements, Variable variable) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Store store) {
        if (readsValue(store.value(), variable) || store.target().indices().stream()
            .anyMatch(index -> readsValue(index, variable))) {
          return true;
        }
      } else {
        for (Expr expr : stmt.expressions()) {
          if (readsValue(expr, variable)) {
            return true;
          }
        }
      }
      for (List<Stmt> block : stmt.blocks()) {
        if (readsInside(block, variable)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean readsValue(Expr expr, Variable variable) {
    Set<Variable> reads = new HashSet<>();
    Reads.collect(expr, reads);
    return reads.contains(variable);
  }

  private static boolean mentions(Stmt stmt, Variable variable) {
    Set<Variable> mentioned = new HashSet<>();
    AdjointDeclarations.mentions(stmt, mentioned);
    return mentioned.contains(variable);
  }

  private static boolean mentionsAny(List<Stmt> statements, Variable variable) {
    return statements.stream().anyMatch(stmt -> mentions(stmt, variable));
  }

  private static void collectMentions(List<Stmt> statements, Set<Variable> into) {
    statements.forEach(stmt -> AdjointDeclarations.mentions(stmt, into));
  }

  /** What the reverse of {@code statements} reads: its contributions and its conditions. */
  private void collectReverseReads(List<Stmt> statements, Set<Variable> into) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign || stmt instanceof Stmt.Store) {
        into.addAll(reverseReads.apply(stmt));
        if (stmt instanceof Stmt.Store store) {
          store.target().indices().forEach(index -> Reads.collect(index, into));
        }
      } else {
        stmt.expressions().forEach(expr -> Reads.collect(expr, into));
        stmt.blocks().forEach(block -> collectReverseReads(block, into));
      }
    }
  }
}
