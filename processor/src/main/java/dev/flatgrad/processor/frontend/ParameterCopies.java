package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreeScanner;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A method that updates its own array parameter in place ({@code x[i] /= norm}): flatgrad never
 * writes to its arguments, so the body works on a private copy made on entry, {@code double[]
 * x_copy = new double[x.length]} filled from {@code x}. Every use of {@code x} reads the copy; the
 * copy's elements pass their adjoints back to {@code x}'s.
 */
final class ParameterCopies {

  private ParameterCopies() {}

  /** The names of the arrays whose elements {@code body} writes, {@code =}, {@code op=}, ++. */
  static Set<String> writtenArrays(BlockTree body) {
    Set<String> written = new LinkedHashSet<>(); // source order: deterministic output
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree tree, Void unused) {
        add(tree.getVariable());
        return super.visitAssignment(tree, unused);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree tree, Void unused) {
        add(tree.getVariable());
        return super.visitCompoundAssignment(tree, unused);
      }

      @Override
      public Void visitUnary(UnaryTree tree, Void unused) {
        switch (tree.getKind()) {
          case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT ->
              add(tree.getExpression());
          default -> {}
        }
        return super.visitUnary(tree, unused);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
        return null; // reported elsewhere; cannot write the method's arrays anyway
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        return null;
      }

      private void add(ExpressionTree target) {
        ExpressionTree array = target;
        while (array instanceof ArrayAccessTree access) {
          array = access.getExpression();
        }
        if (array != target && array instanceof IdentifierTree identifier) {
          written.add(identifier.getName().toString());
        }
      }
    }.scan(body, null);
    return written;
  }

  /** Whether a parameter of {@code type} written in place can be copied: a 1-D array. */
  static boolean copiable(Type type) {
    return type.isArray() && !type.elementType().isArray();
  }

  /**
   * Emits {@code copy = new T[parameter.length]} and the loop that fills it; returns the copy,
   * which stands for the parameter from then on.
   */
  static Variable copy(Variable parameter, Blocks blocks, Names names) {
    Variable copy = new Variable(names.fresh(parameter.name() + "_copy"), parameter.type(),
        Variable.Kind.LOCAL);
    Expr length = new Expr.Length(new Expr.Ref(parameter));
    blocks.emit(new Stmt.Assign(copy, new Expr.NewArray(parameter.type(), List.of(length)),
        true));
    Variable counter = new Variable(names.fresh("i"), Type.INT, Variable.Kind.LOCAL);
    Expr index = new Expr.Ref(counter);
    blocks.emit(new Stmt.Loop(
        List.of(new Stmt.Assign(counter, Expr.Literal.ofInt(0), true)),
        new Expr.Binary(BinaryOperator.LESS, index, length, Type.BOOLEAN),
        List.of(new Stmt.Store(new Expr.Element(copy, List.of(index)),
            new Expr.Element(parameter, List.of(index)))),
        List.of(new Stmt.Assign(counter,
            new Expr.Binary(BinaryOperator.ADD, index, Expr.Literal.ofInt(1), Type.INT), false)),
        true));
    return copy;
  }
}
