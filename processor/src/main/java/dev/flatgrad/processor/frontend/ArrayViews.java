package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreeScanner;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Array references: {@code double[] a = x;} (an alias) and {@code double[] row = m[i];} (a row
 * view). Neither copies: the local stands for the array it refers to, so {@code row[j]} is {@code
 * m[i][j]} in the IR, and an alias and its target share one adjoint. A row's index is read once,
 * at the declaration, as Java does: if the code in the view's scope assigns a variable the index
 * reads, the index is copied into an {@code int} first.
 */
final class ArrayViews {

  private final Blocks blocks;
  private final Names names;

  ArrayViews(Blocks blocks, Names names) {
    this.blocks = blocks;
    this.names = names;
  }

  /**
   * What {@code userName} of array type {@code type} stands for, given its initializer's value:
   * the variable or row it refers to, with indices the {@code scope} may change copied.
   */
  Expr view(String userName, Type type, Expr value, ExpressionTree initializer,
      List<? extends Tree> scope) {
    if (!(value instanceof Expr.Ref) && !(value instanceof Expr.Element)
        || !value.type().isArray()) {
      throw new Unsupported(initializer, "initialize the array " + userName + " with new and"
          + " its size, as in new double[n], with its elements, as in {a, b}, or with another"
          + " array or a row of a matrix, as in m[i]");
    }
    if (type != null && value.type() != type) {
      throw new Unsupported(initializer, "incompatible types: " + value.type().javaName()
          + " cannot be converted to " + type.javaName());
    }
    if (!(value instanceof Expr.Element row) || !changesIndices(initializer, scope)) {
      return value;
    }
    List<Expr> indices = new ArrayList<>();
    for (Expr index : row.indices()) {
      if (index instanceof Expr.Literal || index instanceof Expr.Constant) {
        indices.add(index);
      } else {
        Variable copy = new Variable(names.fresh(userName + "Index"), Type.INT,
            Variable.Kind.LOCAL);
        blocks.emit(new Stmt.Assign(copy, index, true));
        indices.add(new Expr.Ref(copy));
      }
    }
    return new Expr.Element(row.array(), indices);
  }

  /** Whether {@code scope} (null: unknown) assigns a name {@code initializer} reads. */
  private static boolean changesIndices(ExpressionTree initializer, List<? extends Tree> scope) {
    if (scope == null) {
      return true;
    }
    Set<String> read = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree tree, Void unused) {
        read.add(tree.getName().toString());
        return null;
      }
    }.scan(initializer, null);
    Set<String> assigned = assignedNames(scope);
    return read.stream().anyMatch(assigned::contains);
  }

  /**
   * The names {@code trees} assign with {@code =}, {@code op=}, {@code ++} or {@code --}; an
   * element write counts as a write of its array.
   */
  static Set<String> assignedNames(List<? extends Tree> trees) {
    Set<String> assigned = new HashSet<>();
    for (Tree tree : trees) {
      forEachAssigned(tree, target -> {
        ExpressionTree root = target;
        while (root instanceof ArrayAccessTree access) {
          root = access.getExpression();
        }
        if (root instanceof IdentifierTree identifier) {
          assigned.add(identifier.getName().toString());
        }
      });
    }
    return assigned;
  }

  /**
   * Calls {@code action} with the target of each assignment, compound assignment, {@code ++} and
   * {@code --} in {@code tree}, outside lambdas and local classes (which cannot assign locals).
   */
  static void forEachAssigned(Tree tree, Consumer<ExpressionTree> action) {
    new OwnCodeScanner() {
      @Override
      public Void visitAssignment(AssignmentTree tree, Void unused) {
        action.accept(tree.getVariable());
        return super.visitAssignment(tree, unused);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree tree, Void unused) {
        action.accept(tree.getVariable());
        return super.visitCompoundAssignment(tree, unused);
      }

      @Override
      public Void visitUnary(UnaryTree tree, Void unused) {
        switch (tree.getKind()) {
          case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT ->
              action.accept(tree.getExpression());
          default -> {}
        }
        return super.visitUnary(tree, unused);
      }
    }.scan(tree, null);
  }
}
