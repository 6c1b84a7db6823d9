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
 * A local array allocated anew where its declaration runs, {@code row = new double[i + 1]} in a
 * loop (the frontend's {@code NestedArrays} writes one when the size may change). The forward pass
 * saves what the reverse pass needs of the array it replaces: its elements, when the reverse reads
 * them, then its length. The reverse pass allocates an array of that length again and puts the
 * elements back; the adjoint of the replaced array starts at zero, with its length, since nothing
 * after the reallocation can reach that array. Everything is ordinary tape pushes and pops of
 * ints and elements, which second order differentiates like any other.
 */
final class Reallocations {

  private Reallocations() {}

  /**
   * Whether {@code stmt} gives a local array variable a new array in place of an old one. (The
   * only other assignment of a new array to an array variable is the private copy of an optional
   * parameter, made only when the parameter is given: it replaces null, which holds nothing.)
   */
  static boolean is(Stmt stmt) {
    return stmt instanceof Stmt.Assign assign && !assign.declares()
        && assign.target().type().isArray() && !assign.target().optional()
        && assign.value() instanceof Expr.NewArray;
  }

  /**
   * What runs before the reallocation {@code assign} in the forward pass: the old elements,
   * if {@code elements}, then the old length go on the tape.
   */
  static List<Stmt> save(Stmt.Assign assign, boolean elements, Recording recording) {
    Variable array = assign.target();
    List<Stmt> out = new ArrayList<>();
    if (elements) {
      Variable k = recording.local("k", Type.INT);
      Stmt push = new Stmt.Push(recording.tape(), element(array, k));
      out.add(upTo(k, new Expr.Length(new Expr.Ref(array)), push));
    }
    out.add(new Stmt.Push(recording.tape(), new Expr.Length(new Expr.Ref(array))));
    return out;
  }

  /**
   * The reverse of the reallocation {@code assign}: the old array back, with its elements if
   * {@code elements}, and its adjoint, if it has one, zero again.
   */
  static List<Stmt> restore(Stmt.Assign assign, boolean elements, Recording recording,
      Optional<Variable> adjoint) {
    Variable array = assign.target();
    Variable length = recording.local(array.name() + "Length", Type.INT);
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Assign(length, new Expr.Pop(recording.tape(), Type.INT), true));
    Expr.NewArray old = new Expr.NewArray(array.type(), List.of(new Expr.Ref(length)));
    out.add(new Stmt.Assign(array, old, false));
    if (elements) {
      Variable k = recording.local("k", Type.INT);
      Expr.Element element = element(array, k);
      Stmt pop = new Stmt.Store(element, new Expr.Pop(recording.tape(), element.type()));
      out.add(downFrom(k, new Expr.Ref(length), pop));
    }
    adjoint.ifPresent(grad -> out.add(new Stmt.Assign(grad, old, false)));
    return out;
  }

  private static Expr.Element element(Variable array, Variable k) {
    return new Expr.Element(array, List.of(new Expr.Ref(k)));
  }

  /** {@code for (int k = 0; k < bound; k++) body}. */
  private static Stmt.Loop upTo(Variable k, Expr bound, Stmt body) {
    return new Stmt.Loop(List.of(new Stmt.Assign(k, Expr.Literal.ofInt(0), true)),
        new Expr.Binary(BinaryOperator.LESS, new Expr.Ref(k), bound, Type.BOOLEAN),
        List.of(body), List.of(step(k, BinaryOperator.ADD)), true);
  }

  /** {@code for (int k = bound - 1; k >= 0; k--) body}. */
  private static Stmt.Loop downFrom(Variable k, Expr bound, Stmt body) {
    Expr last = new Expr.Binary(BinaryOperator.SUBTRACT, bound, Expr.Literal.ofInt(1), Type.INT);
    return new Stmt.Loop(List.of(new Stmt.Assign(k, last, true)),
        new Expr.Binary(BinaryOperator.GREATER_EQUAL, new Expr.Ref(k), Expr.Literal.ofInt(0),
            Type.BOOLEAN),
        List.of(body), List.of(step(k, BinaryOperator.SUBTRACT)), true);
  }

  private static Stmt.Assign step(Variable k, BinaryOperator operator) {
    return new Stmt.Assign(k,
        new Expr.Binary(operator, new Expr.Ref(k), Expr.Literal.ofInt(1), Type.INT), false);
  }
}
