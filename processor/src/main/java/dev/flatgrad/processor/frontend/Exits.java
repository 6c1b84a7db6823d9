package dev.flatgrad.processor.frontend;

import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which jumps can leave a statement: a {@code return}, or a {@code break} or {@code continue} of
 * the loop around it. The frontend turns each into a flag and guards the statements after it, so
 * the IR has only structured control flow, which the reverse pass can run backwards.
 */
enum Exits {
  RETURN,
  BREAK,
  CONTINUE;

  static Set<Exits> of(Tree statement) {
    Set<Exits> exits = EnumSet.noneOf(Exits.class);
    new TreeScanner<Void, Integer>() {
      @Override
      public Void visitReturn(ReturnTree tree, Integer loops) {
        exits.add(RETURN);
        return null;
      }

      @Override
      public Void visitBreak(BreakTree tree, Integer loops) {
        if (loops == 0) {
          exits.add(BREAK);
        }
        return null;
      }

      @Override
      public Void visitContinue(ContinueTree tree, Integer loops) {
        if (loops == 0) {
          exits.add(CONTINUE);
        }
        return null;
      }

      @Override
      public Void visitForLoop(ForLoopTree tree, Integer loops) {
        return super.visitForLoop(tree, loops + 1);
      }

      @Override
      public Void visitEnhancedForLoop(EnhancedForLoopTree tree, Integer loops) {
        return super.visitEnhancedForLoop(tree, loops + 1);
      }

      @Override
      public Void visitWhileLoop(WhileLoopTree tree, Integer loops) {
        return super.visitWhileLoop(tree, loops + 1);
      }

      @Override
      public Void visitDoWhileLoop(DoWhileLoopTree tree, Integer loops) {
        return super.visitDoWhileLoop(tree, loops + 1);
      }

      @Override
      public Void visitClass(ClassTree tree, Integer loops) {
        return null; // jumps in a local class do not leave this method's statements
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree tree, Integer loops) {
        return null;
      }
    }.scan(statement, 0);
    return exits;
  }
}
