package dev.flatgrad.processor.frontend;

import com.sun.source.tree.Tree;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Primitive;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Local arrays declared inside a loop or a branch, {@code for (...) { double[] h = new
 * double[n]; ... }}. Java gives a fresh zero-filled array each time the declaration runs; no
 * reference can escape the block, so one array allocated before the enclosing top-level statement
 * and zero-filled where the declaration was behaves the same, provided its size is the same every
 * time. The zero fill is made of ordinary element stores, so the reverse pass gets each
 * iteration's contents back from the tape exactly as for any overwritten array (only when it reads
 * them), and each iteration's adjoint starts at zero.
 *
 * <p>A one-dimensional array whose size may change ({@code new double[i + 1]} in a loop over
 * {@code i}) is allocated anew where the declaration runs, as Java does: the variable starts as an
 * empty array before the top-level statement, and each declaration becomes a reallocation, which
 * the reverse pass undoes by restoring the previous array's length and, when it reads them, its
 * elements ({@code ad/Reallocations}).
 */
final class NestedArrays {

  /**
   * An allocation moved out of a loop or branch ({@code allocation}, in {@code home}), whose size
   * must not change later; {@code fill} is its zero fill, or null.
   */
  private record Hoist(Variable array, String userName, Tree where, Set<Variable> sizeReads,
      Expr.NewArray creation, Stmt.Assign allocation, Stmt.Loop fill) {}

  /** A zero fill, for an array of first dimension {@code length}. */
  private record Fill(Variable array, Expr length) {}

  private final Blocks blocks;
  private final Predicate<List<Stmt>> topLevel;
  private final Names names;
  private final List<Hoist> hoists = new ArrayList<>();
  /** The variables of local arrays the method reallocates: their lengths change. */
  private final Set<Variable> reallocated = new HashSet<>();
  private final Map<Stmt, Fill> fills = new IdentityHashMap<>();

  NestedArrays(Blocks blocks, Predicate<List<Stmt>> topLevel, Names names) {
    this.blocks = blocks;
    this.topLevel = topLevel;
    this.names = names;
  }

  /**
   * Declares {@code array}, allocated by {@code creation}, at the current (nested) point: the
   * allocation moves before the enclosing top-level statement, and unless {@code everyElementStored}
   * (an initializer follows), a zero fill takes its place here.
   */
  void declare(String userName, Variable array, Expr.NewArray creation, Tree where,
      boolean everyElementStored) {
    List<Stmt> home = blocks.innermost(topLevel);
    Set<Variable> sizeReads = new HashSet<>();
    List<Expr> dimensions = new ArrayList<>();
    for (Expr dimension : creation.dimensions()) {
      if (!isFixed(dimension, sizeReads)) {
        if (!reallocatable(creation)) {
          throw notFixed(userName, where);
        }
        home.add(emptyArray(array));
        blocks.emit(new Stmt.Assign(array, creation, false));
        reallocated.add(array); // its length changes: arrays sized by it are allocated anew too
        return;
      }
      // Allocated even when the loop or branch does not run: never with a negative size there.
      dimensions.add(isNonNegative(dimension) ? dimension
          : new Expr.Call(Primitive.MAX, List.of(dimension, Expr.Literal.ofInt(0)), Type.INT));
    }
    // Appended now, it precedes the top-level statement being translated.
    Stmt.Assign allocation =
        new Stmt.Assign(array, new Expr.NewArray(creation.type(), dimensions), true);
    home.add(allocation);
    Stmt.Loop fill = null;
    if (!everyElementStored) {
      fill = zeroFill(array);
      blocks.emit(fill);
      fills.put(fill, new Fill(array, creation.dimensions().get(0)));
    }
    hoists.add(new Hoist(array, userName, where, sizeReads, creation, allocation, fill));
  }

  /**
   * Declares the one-dimensional {@code array}, which the method reallocates later ({@code
   * ReallocatedArrays}): allocated anew where the declaration runs, as for a size that changes.
   */
  void reallocate(Variable array, Expr.NewArray creation) {
    reallocated.add(array);
    blocks.innermost(topLevel).add(emptyArray(array));
    blocks.emit(new Stmt.Assign(array, creation, false));
  }

  /** {@code array} holds a local array the method reallocates ({@code ReallocatedArrays}). */
  void noteReallocated(Variable array) {
    reallocated.add(array);
  }

  /** Whether an array of this shape may be allocated anew where its declaration runs. */
  private static boolean reallocatable(Expr.NewArray creation) {
    return creation.type().rank() == 1 && creation.dimensions().size() == 1;
  }

  /** {@code double[] h = new double[0];}: what the variable holds until its declaration runs. */
  private static Stmt.Assign emptyArray(Variable array) {
    return new Stmt.Assign(array,
        new Expr.NewArray(array.type(), List.of(Expr.Literal.ofInt(0))), true);
  }

  /**
   * Checks that nothing assigns the variables the sizes read later on, and drops the zero fills
   * that the code after them makes redundant; returns the body and the problems to report.
   */
  List<Stmt> finish(List<Stmt> body, List<Unsupported> problems) {
    Set<Variable> reassigned = new HashSet<>();
    collectReassigned(body, reassigned);
    Map<Stmt, Stmt> reallocations = new IdentityHashMap<>();
    for (Hoist hoist : hoists) {
      if (hoist.sizeReads().stream().anyMatch(reassigned::contains)) {
        if (hoist.fill() == null || !reallocatable(hoist.creation())) {
          problems.add(notFixed(hoist.userName(), hoist.where()));
          continue;
        }
        // Its size changes after all: allocated anew each time, as for a size unknown at first.
        reallocations.put(hoist.allocation(), emptyArray(hoist.array()));
        reallocations.put(hoist.fill(), new Stmt.Assign(hoist.array(), hoist.creation(), false));
        fills.remove(hoist.fill());
      }
    }
    List<Stmt> reallocated =
        reallocations.isEmpty() ? body : replaced(body, reallocations);
    return fills.isEmpty() ? reallocated : withoutRedundantFills(reallocated);
  }

  /** {@code block} with the statements that {@code replacements} maps replaced, at any depth. */
  private static List<Stmt> replaced(List<Stmt> block, Map<Stmt, Stmt> replacements) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt stmt : block) {
      Stmt replacement = replacements.get(stmt);
      if (replacement != null) {
        out.add(replacement);
      } else if (stmt instanceof Stmt.If branch) {
        out.add(new Stmt.If(branch.condition(), replaced(branch.then(), replacements),
            replaced(branch.otherwise(), replacements)));
      } else if (stmt instanceof Stmt.Loop loop) {
        out.add(new Stmt.Loop(replaced(loop.init(), replacements), loop.condition(),
            replaced(loop.body(), replacements), replaced(loop.update(), replacements),
            loop.testFirst()));
      } else {
        out.add(stmt);
      }
    }
    return out;
  }

  private List<Stmt> withoutRedundantFills(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt stmt : block) {
      Fill fill = fills.get(stmt);
      if (fill != null && FirstWrites.storesEveryElementFirst(block, stmt, fill.array(),
          fill.length())) {
        continue;
      }
      if (stmt instanceof Stmt.If branch) {
        out.add(new Stmt.If(branch.condition(), withoutRedundantFills(branch.then()),
            withoutRedundantFills(branch.otherwise())));
      } else if (stmt instanceof Stmt.Loop loop && fill == null) {
        out.add(new Stmt.Loop(withoutRedundantFills(loop.init()), loop.condition(),
            withoutRedundantFills(loop.body()), withoutRedundantFills(loop.update()),
            loop.testFirst()));
      } else {
        out.add(stmt);
      }
    }
    return out;
  }

  private static Unsupported notFixed(String userName, Tree where) {
    return new Unsupported(where, "the matrix " + userName + " is declared inside a loop or"
        + " branch, so its sizes must be fixed before that loop or branch starts: use parameters,"
        + " .length, constants, or locals assigned once before it (not the length of a row m[k]"
        + " whose index changes); flatgrad allocates one matrix for it and zero-fills it each"
        + " time the declaration runs (a one-dimensional array may change its size)");
  }

  /**
   * Whether {@code size} has the same value wherever it is evaluated after the top-level
   * statement now being translated begins: it reads only parameters and locals assigned at the
   * top level before it (checked again in {@link #finish}, since a later statement may assign
   * them), array lengths and parameter elements.
   */
  private boolean isFixed(Expr size, Set<Variable> reads) {
    if (size instanceof Expr.Length length) {
      // An array's length changes only if the array is reallocated, which finish() looks for;
      // a row's (m[k].length) is only known before the loop or branch if its index is.
      if (length.array() instanceof Expr.Ref array) {
        reads.add(array.variable());
        return !reallocated.contains(array.variable());
      }
      return !(length.array() instanceof Expr.Element row)
          || row.indices().stream().allMatch(index -> isFixed(index, reads));
    }
    if (size instanceof Expr.Ref ref) {
      reads.add(ref.variable());
      return ref.variable().kind() == Variable.Kind.PARAMETER || definition(ref.variable()) != null;
    }
    if (size instanceof Expr.Element element) {
      reads.add(element.array());
      return element.array().kind() == Variable.Kind.PARAMETER // never written
          && element.indices().stream().allMatch(index -> isFixed(index, reads));
    }
    return size.children().stream().allMatch(child -> isFixed(child, reads));
  }

  /** The top-level declaration of {@code local} seen so far, or null. */
  private Stmt.Assign definition(Variable local) {
    for (List<Stmt> block : blocks.open()) {
      if (topLevel.test(block)) {
        for (Stmt stmt : block) {
          if (stmt instanceof Stmt.Assign assign && assign.declares()
              && assign.target() == local) {
            return assign;
          }
        }
      }
    }
    return null;
  }

  private boolean isNonNegative(Expr size) {
    if (size instanceof Expr.Literal literal) {
      return literal.value() >= 0;
    }
    if (size instanceof Expr.Length) {
      return true;
    }
    if (size instanceof Expr.Ref ref && ref.variable().kind() != Variable.Kind.PARAMETER) {
      Stmt.Assign definition = definition(ref.variable());
      return definition != null && isNonNegative(definition.value());
    }
    if (size instanceof Expr.Binary binary && (binary.operator() == BinaryOperator.ADD
        || binary.operator() == BinaryOperator.MULTIPLY)) {
      return isNonNegative(binary.left()) && isNonNegative(binary.right());
    }
    return false;
  }

  /** {@code for (int i = 0; i < a.length; i++) a[i] = 0;}, a loop per dimension. */
  private Stmt.Loop zeroFill(Variable array) {
    List<Expr> indices = new ArrayList<>();
    List<Variable> counters = new ArrayList<>();
    Type type = array.type();
    while (type.isArray()) {
      Variable counter = new Variable(names.fresh(counters.isEmpty() ? "i" : "j"), Type.INT,
          Variable.Kind.LOCAL);
      counters.add(counter);
      type = type.elementType();
    }
    counters.forEach(counter -> indices.add(new Expr.Ref(counter)));
    Stmt stmt = new Stmt.Store(new Expr.Element(array, indices), Expr.defaultValue(type));
    for (int d = counters.size() - 1; d >= 0; d--) {
      Variable counter = counters.get(d);
      Expr.Ref ref = new Expr.Ref(array);
      Expr rows = d == 0 ? ref : new Expr.Element(array, indices.subList(0, d));
      stmt = Stmt.Loop.countingUp(counter, new Expr.Length(rows), List.of(stmt));
    }
    return (Stmt.Loop) stmt;
  }

  /** Variables assigned other than by their declaration: their value may change. */
  private static void collectReassigned(List<Stmt> statements, Set<Variable> into) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign assign && !assign.declares()) {
        into.add(assign.target());
      } else if (stmt instanceof Stmt.Declare declare) {
        into.add(declare.variable());
      }
      stmt.blocks().forEach(block -> collectReassigned(block, into));
    }
  }
}
