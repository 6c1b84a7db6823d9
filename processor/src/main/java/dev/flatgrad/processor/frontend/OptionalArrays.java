package dev.flatgrad.processor.frontend;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import java.util.HashSet;
import java.util.Set;

/**
 * The parameters a method compares with {@code null} ({@code weights == null ? 1 : weights[i]},
 * {@code if (x == null) throw ...}): optional arguments, which the generated entry points accept
 * as null, with a null gradient, instead of rejecting them before the method's own check runs.
 */
final class OptionalArrays {

  private OptionalArrays() {}

  /** The names of {@code method}'s parameters it compares with {@code null}. */
  static Set<String> of(MethodTree method) {
    Set<String> parameters = new HashSet<>();
    method.getParameters().forEach(parameter -> parameters.add(parameter.getName().toString()));
    Set<String> optional = new HashSet<>();
    if (method.getBody() == null) {
      return optional;
    }
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitBinary(BinaryTree binary, Void unused) {
        String compared = comparedWithNull(binary);
        if (compared != null && parameters.contains(compared)) {
          optional.add(compared);
        }
        return super.visitBinary(binary, unused);
      }
    }.scan(method.getBody(), null);
    return optional;
  }

  /** The name {@code binary} compares with null by {@code ==} or {@code !=}, or null. */
  static String comparedWithNull(BinaryTree binary) {
    if (binary.getKind() != Tree.Kind.EQUAL_TO && binary.getKind() != Tree.Kind.NOT_EQUAL_TO) {
      return null;
    }
    ExpressionTree left = binary.getLeftOperand();
    ExpressionTree right = binary.getRightOperand();
    ExpressionTree other = isNull(left) ? right : isNull(right) ? left : null;
    return other instanceof IdentifierTree identifier ? identifier.getName().toString() : null;
  }

  static boolean isNull(ExpressionTree tree) {
    return tree.getKind() == Tree.Kind.NULL_LITERAL;
  }
}
