package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;

/**
 * Thrown while translating a statement that uses something outside flatgrad's subset; caught at
 * the statement, reported at {@link #tree()}, and translation goes on with the next statement.
 */
final class Unsupported extends RuntimeException {

  private final transient Tree tree;

  Unsupported(Tree tree, String message) {
    super(message, null, false, false);
    this.tree = tree;
  }

  /**
   * A statement that cannot be translated because it uses a variable whose own statement already
   * failed: nothing more to report.
   */
  static Unsupported alreadyReported() {
    return new Unsupported(null, "already reported");
  }

  /**
   * A lambda, a method reference or an object (as a local's value, a call's receiver or a cast's
   * operand): the computation it stands for must be written out as double arithmetic.
   */
  static Unsupported writeItsComputationOut(Tree construct) {
    return new Unsupported(construct, Describe.expression(construct) + " is not supported in a"
        + " @Differentiable method: write its computation out here, or in a static"
        + " @Differentiable method");
  }

  /** {@code expression} without the parentheses and casts around it. */
  static ExpressionTree core(ExpressionTree expression) {
    ExpressionTree core = expression;
    while (core instanceof ParenthesizedTree || core instanceof TypeCastTree) {
      core = core instanceof ParenthesizedTree parenthesized
          ? parenthesized.getExpression()
          : ((TypeCastTree) core).getExpression();
    }
    return core;
  }

  /** Where to report the problem; null if it was {@linkplain #alreadyReported() reported}. */
  Tree tree() {
    return tree;
  }
}
