package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;

/**
 * Copies of arrays a method makes: {@code a.clone()}, the one method of an array it may call, and
 * {@code Arrays.copyOf(a, n)}.
 */
final class Clones {

  private Clones() {}

  /**
   * {@code Arrays.copyOf(source, length)} of {@code java.util.Arrays}: a new array of {@code
   * length}, the first elements {@code source}'s, the rest zero.
   */
  record CopyOf(ExpressionTree source, ExpressionTree length) {}

  /** The call {@code tree} as a {@link CopyOf}, or null if it is none. */
  static CopyOf copyOf(ExpressionTree tree, Symbols symbols) {
    MethodInvocationTree call = arraysCall(tree, "copyOf", symbols);
    if (call == null || call.getArguments().size() != 2) {
      return null;
    }
    return new CopyOf(call.getArguments().get(0), call.getArguments().get(1));
  }

  /** {@code tree} if it calls {@code java.util.Arrays.<method>}, else null. */
  static MethodInvocationTree arraysCall(ExpressionTree tree, String method, Symbols symbols) {
    return Unsupported.core(tree) instanceof MethodInvocationTree call
        && call.getMethodSelect() instanceof MemberSelectTree select
        && select.getIdentifier().contentEquals(method)
        && symbols.type(select.getExpression().toString())
            .map(type -> type.getQualifiedName().contentEquals("java.util.Arrays"))
            .orElse(false)
        ? call
        : null;
  }

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
