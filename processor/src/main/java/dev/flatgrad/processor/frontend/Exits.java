package dev.flatgrad.processor.frontend;

import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A jump that can leave a statement: a {@code return}, or a {@code break} or {@code continue} of
 * a loop, switch or labeled statement around it ({@code label} null for the innermost one). The
 * frontend turns each into a flag and guards the statements after it, so the IR has only
 * structured control flow, which the reverse pass can run backwards. A {@code yield} leaves its
 * switch expression as a {@code break} leaves a switch statement, and is counted as one.
 */
record Exits(Kind kind, String label) {

  enum Kind { RETURN, BREAK, CONTINUE }

  static final Exits RETURN = new Exits(Kind.RETURN, null);
  static final Exits BREAK = new Exits(Kind.BREAK, null);
  static final Exits CONTINUE = new Exits(Kind.CONTINUE, null);

  static Exits breakTo(String label) {
    return new Exits(Kind.BREAK, label);
  }

  static Exits continueTo(String label) {
    return new Exits(Kind.CONTINUE, label);
  }

  /** The jumps in {@code statement} that leave it. */
  /** Whether some {@code return} among {@code statements} is not the last of them. */
  static boolean hasEarlyReturn(List<? extends StatementTree> statements) {
    int returns = returnCount(statements);
    boolean lastIsReturn = !statements.isEmpty()
        && statements.get(statements.size() - 1) instanceof ReturnTree;
    return returns > 1 || (returns == 1 && !lastIsReturn);
  }

  /** The {@code return} statements in {@code statements}, not counting lambdas' and classes'. */
  static int returnCount(List<? extends StatementTree> statements) {
    int[] returns = {0};
    new OwnCodeScanner() {
      @Override
      public Void visitReturn(ReturnTree tree, Void unused) {
        returns[0]++;
        return null;
      }
    }.scan(statements, null);
    return returns[0];
  }

  static Set<Exits> of(Tree statement) {
    Set<Exits> exits = new HashSet<>();
    new OwnCodeScanner() {
      private int loops;
      private int switches;
      private final Set<String> labels = new HashSet<>();

      @Override
      public Void visitReturn(ReturnTree tree, Void unused) {
        exits.add(RETURN);
        return null;
      }

      @Override
      public Void visitBreak(BreakTree tree, Void unused) {
        jump(tree.getLabel(), loops + switches, BREAK, Kind.BREAK);
        return null;
      }

      @Override
      public Void visitYield(YieldTree tree, Void unused) {
        if (switches == 0) {
          exits.add(BREAK);
        }
        return super.visitYield(tree, unused);
      }

      @Override
      public Void visitContinue(ContinueTree tree, Void unused) {
        jump(tree.getLabel(), loops, CONTINUE, Kind.CONTINUE);
        return null;
      }

      private void jump(CharSequence label, int enclosing, Exits unlabeled, Kind kind) {
        if (label == null) {
          if (enclosing == 0) {
            exits.add(unlabeled);
          }
        } else if (!labels.contains(label.toString())) {
          exits.add(new Exits(kind, label.toString()));
        }
      }

      @Override
      public Void visitLabeledStatement(LabeledStatementTree tree, Void unused) {
        String label = tree.getLabel().toString();
        labels.add(label);
        super.visitLabeledStatement(tree, unused);
        labels.remove(label);
        return null;
      }

      @Override
      public Void visitForLoop(ForLoopTree tree, Void unused) {
        loops++;
        super.visitForLoop(tree, unused);
        loops--;
        return null;
      }

      @Override
      public Void visitEnhancedForLoop(EnhancedForLoopTree tree, Void unused) {
        loops++;
        super.visitEnhancedForLoop(tree, unused);
        loops--;
        return null;
      }

      @Override
      public Void visitWhileLoop(WhileLoopTree tree, Void unused) {
        loops++;
        super.visitWhileLoop(tree, unused);
        loops--;
        return null;
      }

      @Override
      public Void visitDoWhileLoop(DoWhileLoopTree tree, Void unused) {
        loops++;
        super.visitDoWhileLoop(tree, unused);
        loops--;
        return null;
      }

      @Override
      public Void visitSwitch(SwitchTree tree, Void unused) {
        switches++;
        super.visitSwitch(tree, unused);
        switches--;
        return null;
      }

      @Override
      public Void visitSwitchExpression(SwitchExpressionTree tree, Void unused) {
        switches++;
        super.visitSwitchExpression(tree, unused);
        switches--;
        return null;
      }
    }.scan(statement, null);
    return exits;
  }
}
