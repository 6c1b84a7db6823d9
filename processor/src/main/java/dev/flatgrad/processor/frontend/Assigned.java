package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
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
    ArrayViews.forEachAssigned(tree, target -> {
      ExpressionTree base = Unsupported.core(target);
      while (base instanceof ArrayAccessTree access) {
        base = Unsupported.core(access.getExpression());
      }
      if (base instanceof IdentifierTree identifier) {
        names.add(identifier.getName().toString());
      }
    });
    return names;
  }

  /** The names of the variables {@code tree} assigns as a whole (not through an element). */
  static Set<String> wholeNames(Tree tree) {
    Set<String> names = new HashSet<>();
    ArrayViews.forEachAssigned(tree, target -> {
      if (Unsupported.core(target) instanceof IdentifierTree identifier) {
        names.add(identifier.getName().toString());
      }
    });
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
