package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.util.TreeScanner;

/**
 * A scanner of a body's own code: it does not descend into lambdas and class bodies, whose code
 * runs when they are called, not where they are written.
 */
abstract class OwnCodeScanner extends TreeScanner<Void, Void> {

  @Override
  public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
    return null;
  }

  @Override
  public Void visitClass(ClassTree tree, Void unused) {
    return null;
  }
}
