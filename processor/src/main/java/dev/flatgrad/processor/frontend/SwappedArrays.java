package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.type.TypeKind;

/**
 * Local {@code double[]} arrays that the method reassigns among each other, as ODE and dynamic
 * programming code swaps buffers: {@code double[] t = prev; prev = next; next = t;}. Such a group
 * lives in one matrix, {@code double[][] buffers = new double[k][n]}, one row per allocation, and
 * each of its variables becomes an {@code int} saying which row it refers to: {@code prev[i]} is
 * {@code buffers[prev][i]}, and {@code prev = next} copies a row number. The reverse pass then
 * sees ordinary element writes and int assignments; an alias and its target share the adjoint
 * of their row.
 */
final class SwappedArrays {

  /** The variables that refer to rows of one matrix. */
  private static final class Group {
    int allocations;
    int nextRow;
    Variable buffers;
    List<Expr> rowDimensions;
  }

  private final Map<String, Group> groups;

  private SwappedArrays(Map<String, Group> groups) {
    this.groups = groups;
  }

  /** Finds the groups of {@code body}: names linked by reassignments and initializers. */
  static SwappedArrays of(BlockTree body) {
    Map<String, String> parent = new HashMap<>();
    Set<String> arrays = new HashSet<>();
    Set<String> reassigned = new HashSet<>();
    List<VariableTree> declarations = new ArrayList<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        boolean inferred = tree.getType() == null || tree.getType().toString().equals("var");
        if (isDoubleVector(tree.getType()) || inferred
            && tree.getInitializer() instanceof IdentifierTree target
            && arrays.contains(target.getName().toString())) { // var t = prev;
          arrays.add(tree.getName().toString());
          declarations.add(tree);
        }
        return super.visitVariable(tree, unused);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
        return null;
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        return null;
      }
    }.scan(body, null);
    for (VariableTree declaration : declarations) {
      if (declaration.getInitializer() instanceof IdentifierTree target
          && arrays.contains(target.getName().toString())) {
        union(parent, declaration.getName().toString(), target.getName().toString());
      }
    }
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree tree, Void unused) {
        if (tree.getVariable() instanceof IdentifierTree target
            && arrays.contains(target.getName().toString())) {
          reassigned.add(target.getName().toString());
          if (tree.getExpression() instanceof IdentifierTree value) {
            union(parent, target.getName().toString(), value.getName().toString());
          }
        }
        return super.visitAssignment(tree, unused);
      }
    }.scan(body, null);
    Map<String, Group> byRoot = new HashMap<>();
    for (String name : reassigned) {
      byRoot.computeIfAbsent(find(parent, name), root -> new Group());
    }
    Map<String, Group> groups = new HashMap<>();
    for (String name : arrays) {
      Group group = byRoot.get(find(parent, name));
      if (group != null) {
        groups.put(name, group);
      }
    }
    for (VariableTree declaration : declarations) {
      Group group = groups.get(declaration.getName().toString());
      if (group != null && declaration.getInitializer() instanceof NewArrayTree) {
        group.allocations++;
      }
    }
    return new SwappedArrays(groups);
  }

  /** Whether the local {@code name} refers to a row of a group's matrix. */
  boolean isMember(String name) {
    return groups.containsKey(name);
  }

  /**
   * The row that the allocation {@code name = creation} (at the method's top level) gets; the
   * first allocation of a group allocates its matrix.
   */
  Expr allocate(String name, Expr.NewArray creation, Tree where, Blocks blocks, Names names) {
    Group group = groups.get(name);
    if (creation.type() != Type.DOUBLE_ARRAY || creation.dimensions().size() != 1) {
      throw new Unsupported(where, "the array " + name + " is reassigned, so it must be a"
          + " double[] allocated with new double[n]");
    }
    if (group.buffers == null) {
      group.buffers = new Variable(names.fresh("buffers"), Type.DOUBLE_MATRIX,
          Variable.Kind.LOCAL);
      group.rowDimensions = creation.dimensions();
      blocks.emit(new Stmt.Assign(group.buffers, new Expr.NewArray(Type.DOUBLE_MATRIX,
          List.of(Expr.Literal.ofInt(group.allocations), creation.dimensions().get(0))), true));
    } else if (!group.rowDimensions.equals(creation.dimensions())) {
      throw new Unsupported(where, "the arrays reassigned among each other must have the same"
          + " size, written the same way: " + name + " is allocated with another size");
    }
    return Expr.Literal.ofInt(group.nextRow++);
  }

  /** The matrix whose rows the group of {@code name} refers to; null before its allocation. */
  Variable buffers(String name) {
    return groups.get(name).buffers;
  }

  private static boolean isDoubleVector(Tree type) {
    return type instanceof ArrayTypeTree array
        && array.getType() instanceof PrimitiveTypeTree element
        && element.getPrimitiveTypeKind() == TypeKind.DOUBLE;
  }

  private static String find(Map<String, String> parent, String name) {
    String root = name;
    while (parent.containsKey(root)) {
      root = parent.get(root);
    }
    return root;
  }

  private static void union(Map<String, String> parent, String a, String b) {
    String rootA = find(parent, a);
    String rootB = find(parent, b);
    if (!rootA.equals(rootB)) {
      parent.put(rootA, rootB);
    }
  }
}
