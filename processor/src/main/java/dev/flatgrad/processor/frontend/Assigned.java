package dev.flatgrad.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreeScanner;
import java.util.HashSet;
import java.util.Set;

/**
 * The names of the variables a tree assigns ({@code =}, {@code op=}, {@code ++}, {@code --}); an
 * element write counts as a write of its array's name. A lowering that reads a value before such
 * a tree runs copies it first when the tree may change it.
 */
final class Assigned {

  private Assigned() {}

  static Set<String> names(Tree tree) {
    Set<String> names = new HashSet<>();
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
        return null;
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        return null;
      }

      private void add(ExpressionTree target) {
        ExpressionTree base = Unsupported.core(target);
        while (base instanceof com.sun.source.tree.ArrayAccessTree access) {
          base = Unsupported.core(access.getExpression());
        }
        if (base instanceof IdentifierTree identifier) {
          names.add(identifier.getName().toString());
        }
      }
    }.scan(tree, null);
    return names;
  }

  /** The names {@code tree} reads. */
  static Set<String> reads(Tree tree) {
    Set<String> names = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        names.add(identifier.getName().toString());
        return null;
      }
    }.scan(tree, null);
    return names;
  }
}
