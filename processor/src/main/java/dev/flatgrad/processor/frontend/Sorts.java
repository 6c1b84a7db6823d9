package dev.flatgrad.processor.frontend;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreeScanner;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code Arrays.sort(a)} and {@code Arrays.sort(a, from, to)} of {@code java.util.Arrays}: the
 * order statistics code asks for (medians, quantiles, trimmed means).
 */
final class Sorts {

  private Sorts() {}

  /** A sort of {@code array}, of the range {@code [from, to)} when they are not null. */
  record Sort(ExpressionTree array, ExpressionTree from, ExpressionTree to) {}

  /** The call {@code tree} as a {@link Sort}, or null if it is none. */
  static Sort of(ExpressionTree tree, Symbols symbols) {
    MethodInvocationTree call = Clones.arraysCall(tree, "sort", symbols);
    if (call == null || !(call.getArguments().size() == 1 || call.getArguments().size() == 3)) {
      return null;
    }
    return call.getArguments().size() == 1
        ? new Sort(call.getArguments().get(0), null, null)
        : new Sort(call.getArguments().get(0), call.getArguments().get(1),
            call.getArguments().get(2));
  }

  /** The names of the arrays {@code body} sorts in place, {@code Arrays.sort(name)}. */
  static Set<String> sortedNames(BlockTree body, Symbols symbols) {
    Set<String> sorted = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        Sort sort = of(call, symbols);
        if (sort != null && Unsupported.core(sort.array()) instanceof IdentifierTree array) {
          sorted.add(array.getName().toString());
        }
        return super.visitMethodInvocation(call, unused);
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        return null;
      }
    }.scan(body, null);
    return sorted;
  }
}
