package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.Expr;
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
 * Values the reverse pass recomputes instead of taking off the tape: a cheap operation (one or
 * two arithmetic operations, an element read) declared inside a branch or loop, from inputs that
 * never change: parameters, values declared once at the top, the counters of counted loops, and
 * arrays never written. Recomputing {@code t0 = w[i] * x[i]} costs one multiplication; saving
 * it costs a push and a pop per iteration.
 */
final class Rematerialization {

  /** A value to recompute: its declaration, and the forward block that declares it. */
  record Recomputed(Stmt.Assign declaration, List<Stmt> block) {}

  private static final int MAX_NODES = 5;
  /**
   * An int (an index such as gmm's {@code column = d + a * (2 * d - a - 1) / 2 - a - 1}) costs
   * a few integer operations to recompute, against a push and a pop on the int tape.
   */
  private static final int MAX_INT_NODES = 24;

  private final Set<Variable> nested;
  private final Set<Variable> overwritten;
  private final Set<Variable> storedArrays = new HashSet<>();
  private final Map<Variable, Recomputed> found = new LinkedHashMap<>();

  private Rematerialization(Set<Variable> nested, Set<Variable> overwritten) {
    this.nested = nested;
    this.overwritten = overwritten;
  }

  /** The values to recompute, in the order the forward pass declares them. */
  static Map<Variable, Recomputed> find(List<Stmt> body, Set<Variable> nested,
      Set<Variable> overwritten) {
    Rematerialization search = new Rematerialization(nested, overwritten);
    search.collectStores(body);
    search.block(body, new HashSet<>());
    return search.found;
  }

  private void block(List<Stmt> statements, Set<Variable> counters) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign assign && assign.declares()
          && nested.contains(assign.target()) && isCandidate(assign, counters)) {
        found.put(assign.target(), new Recomputed(assign, statements));
      } else if (stmt instanceof Stmt.If branch) {
        block(branch.then(), counters);
        block(branch.otherwise(), counters);
      } else if (stmt instanceof Stmt.Loop loop) {
        Set<Variable> inner = new HashSet<>(counters);
        CountedLoop.of(loop).ifPresent(counted -> inner.add(counted.counter()));
        block(loop.body(), inner);
      }
    }
  }

  private boolean isCandidate(Stmt.Assign assign, Set<Variable> counters) {
    Variable target = assign.target();
    if (overwritten.contains(target)
        || (target.type() != Type.DOUBLE && target.type() != Type.INT)
        || !isCheap(assign.value(), target.type() == Type.INT ? MAX_INT_NODES : MAX_NODES)) {
      return false;
    }
    if (readsReallocatedLength(assign.value())) {
      return false;
    }
    Set<Variable> reads = new HashSet<>();
    Reads.collect(assign.value(), reads);
    for (Variable read : reads) {
      // Arrays declared in a nested block are out of the reverse pass's scope.
      boolean stable = read.type().isArray()
          ? !storedArrays.contains(read) && !nested.contains(read)
          : !overwritten.contains(read) && (!nested.contains(read) || found.containsKey(read));
      if (!stable && !counters.contains(read)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code expr} reads the length of an array that an assignment replaces ({@code acc =
   * new double[acc.length + 1]}): the reverse pass would see another array's length.
   */
  private boolean readsReallocatedLength(Expr expr) {
    if (expr instanceof Expr.Length length && length.array() instanceof Expr.Ref array
        && overwritten.contains(array.variable())) {
      return true;
    }
    return expr.children().stream().anyMatch(this::readsReallocatedLength);
  }

  /** Arithmetic, reads and casts only, a few nodes: cheaper than a push and a pop. */
  private static boolean isCheap(Expr expr, int maxNodes) {
    int[] nodes = {0};
    return isCheap(expr, nodes) && nodes[0] <= maxNodes;
  }

  private static boolean isCheap(Expr expr, int[] nodes) {
    nodes[0]++;
    boolean allowed = expr.isSimple() || expr instanceof Expr.Length
        || expr instanceof Expr.Unary
        || expr instanceof Expr.Binary binary && !binary.operator().isLogical();
    if (!allowed) {
      return false;
    }
    for (Expr child : expr.children()) {
      if (!isCheap(child, nodes)) {
        return false;
      }
    }
    return true;
  }

  private void collectStores(List<Stmt> statements) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Store store) {
        storedArrays.add(store.target().array());
      } else if (stmt instanceof Stmt.If branch) {
        collectStores(branch.then());
        collectStores(branch.otherwise());
      } else if (stmt instanceof Stmt.Loop loop) {
        collectStores(loop.init());
        collectStores(loop.body());
        collectStores(loop.update());
      }
    }
  }

  /**
   * The declarations to put at the start of a reverse block: those of {@code recomputed} that
   * {@code reverse} mentions, with what they need, in forward order.
   */
  static List<Stmt> declarationsFor(List<Stmt> forwardBlock, List<Stmt> reverse,
      Map<Variable, Recomputed> recomputed) {
    Set<Variable> needed = new HashSet<>();
    for (Stmt stmt : reverse) {
      AdjointDeclarations.mentions(stmt, needed);
    }
    List<Recomputed> here = new ArrayList<>();
    for (Recomputed value : recomputed.values()) {
      if (value.block() == forwardBlock) {
        here.add(value);
      }
    }
    List<Stmt> declarations = new ArrayList<>();
    for (int i = here.size() - 1; i >= 0; i--) {
      Stmt.Assign declaration = here.get(i).declaration();
      if (needed.contains(declaration.target())) {
        declarations.add(0, declaration);
        Reads.collect(declaration.value(), needed);
      }
    }
    return declarations;
  }
}
