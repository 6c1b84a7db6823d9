package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A new array put where another was: a local array allocated anew where its declaration runs
 * ({@code row = new double[i + 1]} in a loop; the frontend's {@code NestedArrays} writes one when
 * the size may change), or a row of a ragged local matrix replaced ({@code r[i] = new
 * double[i + 1]}, the row null before). The forward pass saves what the reverse pass needs of
 * the array it replaces: its elements, when the reverse reads them, then its length (-1 for a
 * null row). The reverse pass allocates an array of that length again and puts the elements
 * back; the adjoint of the replaced array starts at zero, with its length, since nothing after the
 * reallocation can reach that array. Everything is ordinary tape pushes and pops of ints and
 * elements, which second order differentiates like any other.
 */
final class Reallocations {

  private Reallocations() {}

  /**
   * Whether {@code stmt} puts a new array in place of an old one. (The only other assignment of a
   * new array to an array variable is the private copy of an optional parameter, made only when
   * the parameter is given: it replaces null, which holds nothing.)
   */
  static boolean is(Stmt stmt) {
    if (stmt instanceof Stmt.Store store) {
      return store.target().type().isArray() && store.value() instanceof Expr.NewArray;
    }
    return stmt instanceof Stmt.Assign assign && !assign.declares()
        && assign.target().type().isArray() && !assign.target().optional()
        && assign.value() instanceof Expr.NewArray;
  }

  /**
   * The tangent's new array beside the new array {@code assign} gives its target: after a
   * reallocation of a local array, of the target's new length, since its size ({@code new
   * double[z.length + 1]}) may read the array the reallocation replaced.
   */
  static Expr tangentArray(Stmt.Assign assign) {
    if (is(assign) && assign.target().type().rank() == 1) {
      return new Expr.NewArray(assign.target().type(),
          List.of(new Expr.Length(new Expr.Ref(assign.target()))));
    }
    return assign.value();
  }

  /**
   * The same for a row of a ragged matrix replaced by {@code store} ({@code r[i] = new
   * double[r[i].length + 1]}): a new array of the row's new length; a restored row (null or new)
   * keeps its value, which reads only the popped length.
   */
  static Expr tangentRow(Stmt.Store store) {
    if (is(store)) {
      return new Expr.NewArray(store.target().type(), List.of(new Expr.Length(store.target())));
    }
    return store.value();
  }

  /**
   * What runs before the reallocation {@code stmt} in the forward pass: the old elements, if
   * {@code elements}, then the old length go on the tape.
   */
  static List<Stmt> save(Stmt stmt, boolean elements, Recording recording) {
    Expr place = place(stmt);
    List<Stmt> out = new ArrayList<>();
    Expr length = new Expr.Length(place);
    if (place instanceof Expr.Element) {
      // A row of a matrix allocated as new double[n][] is null until its first assignment.
      Variable old = recording.local("rowLength", Type.INT);
      Expr missing = new Expr.Binary(BinaryOperator.EQUAL, place, new Expr.Null(place.type()),
          Type.BOOLEAN);
      out.add(new Stmt.Assign(old, new Expr.Conditional(missing, Expr.Literal.ofInt(-1), length,
          Type.INT), true));
      length = new Expr.Ref(old);
    }
    if (elements) {
      Variable k = recording.local("k", Type.INT);
      out.add(Stmt.Loop.countingUp(k, length,
          List.of(new Stmt.Push(recording.tape(), element(place, k)))));
    }
    out.add(new Stmt.Push(recording.tape(), length));
    return out;
  }

  /**
   * The reverse of the reallocation {@code stmt}: the old array back, with its elements if
   * {@code elements}, and its adjoint ({@code grad_m} for a row of {@code m}), if it has one,
   * zero again.
   */
  static List<Stmt> restore(Stmt stmt, boolean elements, Recording recording,
      Optional<Variable> adjoint) {
    Expr place = place(stmt);
    String hint = place instanceof Expr.Element row ? row.array().name() + "RowLength"
        : ((Expr.Ref) place).variable().name() + "Length";
    Variable length = recording.local(hint, Type.INT);
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Assign(length, new Expr.Pop(recording.tape(), Type.INT), true));
    Expr old = new Expr.NewArray(place.type(), List.of(new Expr.Ref(length)));
    if (place instanceof Expr.Element) {
      Expr missing = new Expr.Binary(BinaryOperator.LESS, new Expr.Ref(length),
          Expr.Literal.ofInt(0), Type.BOOLEAN);
      old = new Expr.Conditional(missing, new Expr.Null(place.type()), old, place.type());
    }
    out.add(put(place, old));
    if (elements) {
      Variable k = recording.local("k", Type.INT);
      Expr.Element element = element(place, k);
      Stmt pop = new Stmt.Store(element, new Expr.Pop(recording.tape(), element.type()));
      out.add(Stmt.Loop.countingDown(k, new Expr.Ref(length), List.of(pop)));
    }
    Expr zero = old;
    adjoint.ifPresent(grad -> out.add(put(moved(place, grad), zero)));
    return out;
  }

  /** The array variable or the matrix row that {@code stmt} gives a new array. */
  private static Expr place(Stmt stmt) {
    return stmt instanceof Stmt.Store store ? store.target()
        : new Expr.Ref(((Stmt.Assign) stmt).target());
  }

  /** {@code place}, of the array {@code other} instead: the adjoint's row or variable. */
  private static Expr moved(Expr place, Variable other) {
    return place instanceof Expr.Element row ? row.of(other) : new Expr.Ref(other);
  }

  private static Stmt put(Expr place, Expr value) {
    return place instanceof Expr.Element row ? new Stmt.Store(row, value)
        : new Stmt.Assign(((Expr.Ref) place).variable(), value, false);
  }

  private static Expr.Element element(Expr place, Variable k) {
    if (place instanceof Expr.Element row) {
      List<Expr> indices = new ArrayList<>(row.indices());
      indices.add(new Expr.Ref(k));
      return new Expr.Element(row.array(), indices);
    }
    return new Expr.Element(((Expr.Ref) place).variable(), List.of(new Expr.Ref(k)));
  }

}
