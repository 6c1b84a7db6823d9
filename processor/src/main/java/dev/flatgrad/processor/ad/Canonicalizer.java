package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares overwrites for the reverse pass. When {@code x = x * y} overwrites a value its own
 * derivative needs, the old and new values must both be at hand; this splits such a statement in
 * two, {@code t = x * y; x = t}. Increments such as {@code s = s + t}, whose derivative needs
 * neither value, stay as they are.
 */
final class Canonicalizer {

  private final Names names;

  Canonicalizer(Names names) {
    this.names = names;
  }

  List<Stmt> block(List<Stmt> statements) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign assign && !assign.declares()
          && assign.target().type().isDifferentiable() && !Reallocations.is(stmt)) {
        // z = new double[z.length + 1] reads only z's length: Reallocations saves the old array.
        split(new Expr.Ref(assign.target()), assign.target(), assign.value(), out,
            value -> new Stmt.Assign(assign.target(), value, false));
      } else if (stmt instanceof Stmt.Store store && store.value().type().isReal()) {
        split(store.target(), store.target().array(), store.value(), out,
            value -> new Stmt.Store(store.target(), value));
      } else if (stmt instanceof Stmt.If branch) {
        out.add(new Stmt.If(branch.condition(), block(branch.then()), block(branch.otherwise())));
      } else if (stmt instanceof Stmt.Loop loop) {
        out.add(new Stmt.Loop(block(loop.init()), loop.condition(), block(loop.body()),
            block(loop.update()), loop.testFirst()));
      } else {
        out.add(stmt);
      }
    }
    return out;
  }

  private void split(Expr self, Variable target, Expr value, List<Stmt> out,
      java.util.function.Function<Expr, Stmt> write) {
    if (!Reads.reads(value, target) || isIncrement(self, target, value)) {
      out.add(write.apply(value));
      return;
    }
    Variable temporary = new Variable(names.temporary(), value.type(), Variable.Kind.TEMPORARY);
    out.add(new Stmt.Assign(temporary, value, true));
    out.add(write.apply(new Expr.Ref(temporary)));
  }

  /** {@code self + a}, {@code a + self} or {@code self - a}, where {@code a} does not read it. */
  static boolean isIncrement(Expr self, Variable target, Expr value) {
    if (value.equals(self)) {
      return true;
    }
    if (!(value instanceof Expr.Binary binary)) {
      return false;
    }
    if (binary.operator() == BinaryOperator.ADD) {
      return binary.left().equals(self) && !Reads.reads(binary.right(), target)
          || binary.right().equals(self) && !Reads.reads(binary.left(), target);
    }
    return binary.operator() == BinaryOperator.SUBTRACT && binary.left().equals(self)
        && !Reads.reads(binary.right(), target);
  }
}
