package dev.flatgrad.processor.frontend;

import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code for (double v : x) body} as the counted loop {@code for (int i = 0; i < x.length; i++)
 * { double v = x[i]; body }}, which the reverse pass runs backwards without a tape. Java evaluates
 * the array once, before the loop: a row {@code m[k]} whose index the body changes is read
 * through a copy of the index.
 */
final class EnhancedFor {

  private final BodyTranslator body;
  private final Loops loops;
  private final ExpressionTranslator expressions;
  private final Names names;

  private final Scopes scopes;

  EnhancedFor(BodyTranslator body, Loops loops, ExpressionTranslator expressions, Names names,
      Scopes scopes) {
    this.scopes = scopes;
    this.body = body;
    this.loops = loops;
    this.expressions = expressions;
    this.names = names;
  }

  void translate(EnhancedForLoopTree tree, String label) {
    ExpressionTree iterable = tree.getExpression();
    Unsupported stale = scopes.reallocated().stale(tree, iterable);
    if (stale != null) {
      throw stale; // the body reallocates the array the loop runs over
    }
    Expr array = expressions.translate(iterable);
    if (!array.type().isArray()) {
      throw new Unsupported(iterable, "for-each not applicable to expression type "
          + array.type().javaName());
    }
    Variable arrayVariable;
    List<Expr> rowIndices = new ArrayList<>();
    if (array instanceof Expr.Ref ref) {
      arrayVariable = ref.variable();
    } else if (!(array instanceof Expr.Element)) {
      throw new Unsupported(iterable, "an enhanced for loop must run over an array variable or a"
          + " row such as m[i]; assign this array to a local variable first");
    } else {
      Expr.Element row = (Expr.Element) array;
      arrayVariable = row.array();
      boolean changed = readsAssigned(iterable, tree.getStatement());
      for (Expr index : row.indices()) {
        boolean constant = index instanceof Expr.Literal || index instanceof Expr.Constant;
        rowIndices.add(changed && !constant ? snapshot(index) : index);
      }
    }
    Variable counter = new Variable(names.fresh("i"), Type.INT, Variable.Kind.LOCAL);
    Expr counterRef = new Expr.Ref(counter);
    Expr iterated = rowIndices.isEmpty()
        ? new Expr.Ref(arrayVariable)
        : new Expr.Element(arrayVariable, rowIndices);
    List<Expr> elementIndices = new ArrayList<>(rowIndices);
    elementIndices.add(counterRef);
    Expr element = new Expr.Element(arrayVariable, elementIndices);
    VariableTree variable = tree.getVariable();
    loops.forLoop(label,
        List.of(new Stmt.Assign(counter, Expr.Literal.ofInt(0), true)),
        () -> new Expr.Binary(BinaryOperator.LESS, counterRef, new Expr.Length(iterated),
            Type.BOOLEAN),
        () -> body.declareLocal(variable.getName().toString(), variable.getType(), element,
            variable),
        tree.getStatement(),
        () -> body.emit(new Stmt.Assign(counter, new Expr.Binary(BinaryOperator.ADD, counterRef,
            Expr.Literal.ofInt(1), Type.INT), false)));
  }

  /** {@code int t = index;} before the loop: the row Java chose stays the row iterated. */
  private Expr snapshot(Expr index) {
    Variable copy = new Variable(names.temporary(), Type.INT, Variable.Kind.TEMPORARY);
    body.emit(new Stmt.Assign(copy, index, true));
    return new Expr.Ref(copy);
  }

  /** Whether {@code loopBody} assigns a variable that the row expression {@code row} reads. */
  private static boolean readsAssigned(ExpressionTree row, Tree loopBody) {
    Set<String> read = Assigned.reads(row);
    return Assigned.names(loopBody).stream().anyMatch(read::contains);
  }
}
