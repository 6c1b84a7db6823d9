package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;

/** {@code a.clone()}: the one method of an array a {@code @Differentiable} method may call. */
final class Clones {

  private Clones() {}

  /** The expression {@code tree} clones, or null if {@code tree} is not a {@code clone()} call. */
  static ExpressionTree source(ExpressionTree tree) {
    return Unsupported.core(tree) instanceof MethodInvocationTree call
        && call.getArguments().isEmpty()
        && call.getMethodSelect() instanceof MemberSelectTree select
        && select.getIdentifier().contentEquals("clone")
        ? select.getExpression()
        : null;
  }
}
