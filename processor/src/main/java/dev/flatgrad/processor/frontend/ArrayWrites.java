package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeMirror;

/**
 * Reads a callee's source to tell whether it may write into one of its array parameters: an
 * element assignment through it, or the array handed on anywhere (another call, an alias, a
 * return), where flatgrad cannot follow it. Reads of elements and of {@code length}, and
 * comparisons such as {@code a == null}, leave it unchanged.
 */
final class ArrayWrites {

  private final Trees trees;

  ArrayWrites(Trees trees) {
    this.trees = trees;
  }

  /** Whether the method may write its parameter {@code index}; empty without its source. */
  Optional<Boolean> mayWrite(ExecutableElement method, int index) {
    MethodTree tree = trees.getTree(method);
    TreePath path = trees.getPath(method);
    if (tree == null || tree.getBody() == null || path == null) {
      return Optional.empty();
    }
    VariableElement parameter = method.getParameters().get(index);
    String name = parameter.getSimpleName().toString();
    int dimensions = 0;
    for (TypeMirror type = parameter.asType(); type instanceof ArrayType array;
        type = array.getComponentType()) {
      dimensions++;
    }
    int arrayDimensions = dimensions;
    boolean[] writes = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        if (identifier.getName().contentEquals(name) && !isRead(getCurrentPath(), arrayDimensions)) {
          writes[0] = true;
        }
        return null;
      }
    }.scan(new TreePath(path, tree.getBody()), null);
    return Optional.of(writes[0]);
  }

  /** Whether the use of an array of {@code dimensions} at {@code path} only reads it. */
  private static boolean isRead(TreePath path, int dimensions) {
    Tree use = path.getLeaf();
    TreePath parentPath = path.getParentPath();
    Tree parent = parentPath.getLeaf();
    if (parent instanceof MemberSelectTree select) {
      return select.getIdentifier().contentEquals("length");
    }
    if (parent instanceof BinaryTree binary) {
      return binary.getKind() == Tree.Kind.EQUAL_TO || binary.getKind() == Tree.Kind.NOT_EQUAL_TO;
    }
    if (!(parent instanceof ArrayAccessTree access) || access.getExpression() != use) {
      return false; // handed on: an argument, an alias, a return
    }
    // a[i] or a[i][j]: follow the accesses out to the element or row they select.
    Tree element = parent;
    TreePath elementPath = parentPath;
    int indices = 1;
    while (elementPath.getParentPath().getLeaf() instanceof ArrayAccessTree outer
        && outer.getExpression() == element) {
      elementPath = elementPath.getParentPath();
      element = outer;
      indices++;
    }
    Tree around = elementPath.getParentPath().getLeaf();
    if (indices < dimensions) {
      // A row: reading its length is harmless; handed on, it could be written through.
      return around instanceof MemberSelectTree select
          && select.getIdentifier().contentEquals("length");
    }
    if (around instanceof AssignmentTree assignment) {
      return assignment.getVariable() != element;
    }
    if (around instanceof CompoundAssignmentTree compound) {
      return compound.getVariable() != element;
    }
    if (around instanceof UnaryTree unary) {
      return switch (unary.getKind()) {
        case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> false;
        default -> true;
      };
    }
    return true; // a number, read
  }
}
