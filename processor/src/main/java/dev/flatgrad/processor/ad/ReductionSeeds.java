package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves ahead of each fused loop what its iterations' reverse needs: the adjoints of its
 * reductions, which the reverse of the code after the loop computes ({@code grad_total =
 * grad_value / n}), and the declarations of the adjoints it adds into. The adjoint of a
 * reduction is the same in every iteration, so it is exact to compute it first, provided that
 * computation reads nothing the loop or the code after it changes; when it does, the loop is
 * {@linkplain NotIndependent reversed the general way}.
 */
final class ReductionSeeds {

  /** A fused loop whose reductions' adjoints cannot be known before it runs. */
  static final class NotIndependent extends RuntimeException {
    final Stmt.Loop loop;
    /** The loop's position among the method body's statements. */
    int index;

    NotIndependent(Stmt.Loop loop) {
      super(null, null, false, false);
      this.loop = loop;
    }
  }

  private final List<Stmt> body;
  private final List<Variable> parameters;
  /** The fused loops, in forward order, with the adjoints of their active reductions. */
  private final Map<Stmt.Loop, Set<Variable>> seeds;
  private final Map<Stmt.Loop, List<Stmt>> preludes = new IdentityHashMap<>();
  private final Set<Variable> declared = new LinkedHashSet<>();

  ReductionSeeds(List<Stmt> body, List<Variable> parameters,
      Map<Stmt.Loop, Set<Variable>> seeds) {
    this.body = body;
    this.parameters = parameters;
    this.seeds = seeds;
  }

  /** What runs just before {@code loop}: its seeds and the adjoints it needs declared. */
  List<Stmt> prelude(Stmt.Loop loop) {
    return preludes.get(loop);
  }

  /** The adjoints declared ahead of a fused loop, not in the reverse pass. */
  Set<Variable> declared() {
    return declared;
  }

  /**
   * Takes the seeds' computation out of {@code reverse} (the reverse pass, not yet declaring its
   * adjoints) into the preludes; {@code positions} tells where each loop's reverse would have
   * been, {@code iterations} what each iteration's reverse reads, and {@code owned} which
   * adjoints (mapped to their primals) the method's top level declares.
   */
  void place(List<Stmt> reverse, Map<Stmt.Loop, Integer> positions,
      Map<Stmt.Loop, List<Stmt>> iterations, Map<Variable, Variable> owned) {
    Map<Stmt.Loop, Integer> at = new IdentityHashMap<>(positions);
    for (Stmt stmt : body) {
      if (!(stmt instanceof Stmt.Loop loop) || !at.containsKey(loop)) {
        continue;
      }
      int position = at.get(loop);
      List<Integer> slice = slice(loop, reverse.subList(0, position), reverse);
      requireNoLaterWrites(loop, slice, reverse, iterations);
      List<Stmt> prelude = new ArrayList<>();
      for (int index : slice) {
        prelude.add(reverse.get(index));
      }
      for (int k = slice.size() - 1; k >= 0; k--) {
        int removed = slice.get(k);
        reverse.remove(removed);
        at.replaceAll((other, p) -> p > removed ? p - 1 : p);
      }
      // Declare the adjoints the prelude and the iterations use first, before the loop.
      Stmt.Loop iteration = new Stmt.Loop(List.of(), null, iterations.get(loop), List.of(), true);
      prelude.add(iteration);
      Set<Variable> mentioned = new HashSet<>();
      prelude.forEach(s -> AdjointDeclarations.mentions(s, mentioned));
      Map<Variable, Variable> here = new LinkedHashMap<>();
      owned.forEach((adjoint, primal) -> {
        if (mentioned.contains(adjoint) && !declared.contains(adjoint)) {
          here.put(adjoint, primal);
        }
      });
      Set<Variable> sized = sizedBefore(loop);
      for (Variable primal : here.values()) {
        if (primal.type().isArray() && !sized.contains(primal)) {
          throw new NotIndependent(loop); // its adjoint is sized like an array made after it
        }
      }
      AdjointDeclarations.declareAll(prelude, here);
      declared.addAll(here.keySet());
      prelude.remove(prelude.size() - 1);
      preludes.put(loop, prelude);
    }
  }

  /**
   * The indices, in order, of the statements of {@code region} (the reverse of the code after
   * {@code loop}) that compute its seeds.
   */
  private List<Integer> slice(Stmt.Loop loop, List<Stmt> region, List<Stmt> reverse) {
    Set<Variable> stable = stableValues(loop, reverse);
    Set<Variable> needed = new LinkedHashSet<>(seeds.get(loop));
    Set<Integer> slice = new java.util.TreeSet<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < region.size(); i++) {
        Stmt stmt = region.get(i);
        Set<Variable> writes = new HashSet<>();
        adjointWrites(stmt, writes);
        writes.retainAll(needed);
        if (writes.isEmpty() || slice.contains(i)) {
          continue;
        }
        if (!(stmt instanceof Stmt.Accumulate || stmt instanceof Stmt.Assign
            || stmt instanceof Stmt.Store)) {
          throw new NotIndependent(loop); // a branch, a loop or a pullback computes a seed
        }
        slice.add(i);
        changed = true;
        Set<Variable> reads = new HashSet<>();
        stmt.expressions().forEach(expr -> Reads.collect(expr, reads));
        for (Variable read : reads) {
          if (read.kind() == Variable.Kind.ADJOINT) {
            needed.add(read);
          } else if (!stable.contains(read)) {
            throw new NotIndependent(loop); // the seed depends on what the loop computes
          }
        }
      }
    }
    // A statement left behind must not read a seed before the moved statements finish it.
    for (int i = 0; i < region.size(); i++) {
      if (slice.contains(i)) {
        continue;
      }
      Set<Variable> mentioned = new HashSet<>();
      AdjointDeclarations.mentions(region.get(i), mentioned);
      mentioned.retainAll(needed);
      for (int j : slice) {
        if (j > i) {
          Set<Variable> writes = new HashSet<>();
          adjointWrites(region.get(j), writes);
          if (writes.stream().anyMatch(mentioned::contains)) {
            throw new NotIndependent(loop);
          }
        }
      }
    }
    return new ArrayList<>(slice);
  }

  /**
   * A later fused loop runs its iterations' reverse in the forward section, after {@code loop}
   * has used its seeds: if one of them adds into a seed (an array reduction that a later batch
   * loop reads, as when a helper fills an array that the next loop sums), the seed is not known
   * before {@code loop} runs.
   */
  private void requireNoLaterWrites(Stmt.Loop loop, List<Integer> slice, List<Stmt> reverse,
      Map<Stmt.Loop, List<Stmt>> iterations) {
    Set<Variable> needed = new HashSet<>(seeds.get(loop));
    for (int index : slice) {
      AdjointDeclarations.mentions(reverse.get(index), needed);
    }
    needed.removeIf(variable -> variable.kind() != Variable.Kind.ADJOINT);
    boolean after = false;
    for (Stmt stmt : body) {
      if (stmt == loop) {
        after = true;
      } else if (after && stmt instanceof Stmt.Loop later && iterations.containsKey(later)) {
        Set<Variable> writes = new HashSet<>();
        iterations.get(later).forEach(inner -> adjointWrites(inner, writes));
        if (writes.stream().anyMatch(needed::contains)) {
          throw new NotIndependent(loop);
        }
      }
    }
  }

  /**
   * The variables whose value where {@code loop} starts is still theirs when the reverse pass
   * runs: parameters and the method's top-level locals declared before the loop, written neither
   * by the loop nor after it, nor restored by the reverse pass.
   */
  private Set<Variable> stableValues(Stmt.Loop loop, List<Stmt> reverse) {
    Set<Variable> stable = new HashSet<>(parameters);
    int index = 0;
    while (body.get(index) != loop) {
      Variable written = Reads.written(body.get(index));
      if (written != null) {
        stable.add(written);
      }
      index++;
    }
    Set<Variable> changed = new HashSet<>();
    Reads.collectWrites(body.subList(index, body.size()), changed);
    Reads.collectWrites(reverse, changed);
    stable.removeAll(changed);
    stable.removeIf(variable -> variable.type() == Type.TAPE);
    return stable;
  }

  /**
   * The arrays whose shape is known where {@code loop} starts and stays so: parameters and
   * top-level locals assigned before it, which neither the loop nor the code after it reassigns
   * (writing their elements keeps the shape). An adjoint declared ahead of the loop is allocated
   * like its array.
   */
  private Set<Variable> sizedBefore(Stmt.Loop loop) {
    Set<Variable> sized = new HashSet<>(parameters);
    int index = 0;
    while (body.get(index) != loop) {
      if (body.get(index) instanceof Stmt.Assign assign) {
        sized.add(assign.target());
      }
      index++;
    }
    reassigned(body.subList(index, body.size()), sized);
    return sized;
  }

  /** Removes from {@code sized} the variables {@code block} assigns, nested blocks included. */
  private static void reassigned(List<Stmt> block, Set<Variable> sized) {
    for (Stmt stmt : block) {
      if (stmt instanceof Stmt.Assign assign) {
        sized.remove(assign.target());
      }
      stmt.blocks().forEach(nested -> reassigned(nested, sized));
    }
  }

  private static void adjointWrites(Stmt stmt, Set<Variable> into) {
    if (stmt instanceof Stmt.Accumulate accumulate) {
      Set<Variable> target = new HashSet<>();
      Reads.collect(accumulate.target(), target);
      target.removeIf(variable -> variable.kind() != Variable.Kind.ADJOINT);
      into.addAll(target);
    } else if (stmt instanceof Stmt.Pullback pullback) {
      pullback.sinks().forEach(sink -> Reads.collect(sink, into));
    } else {
      Variable written = Reads.written(stmt);
      if (written != null) {
        into.add(written);
      }
    }
    stmt.blocks().forEach(block -> block.forEach(inner -> adjointWrites(inner, into)));
  }
}
