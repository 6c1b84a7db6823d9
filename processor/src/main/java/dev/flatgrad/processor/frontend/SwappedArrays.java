package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
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
 * of their row. Arrays only ever reassigned new arrays are {@link ReallocatedArrays} instead.
 */
final class SwappedArrays {

  /** The variables that refer to rows of one matrix. */
  private static final class Group {
    int allocations;
    int nextRow;
    Variable buffers;
    List<Expr> rowDimensions;
  }

  private final Map<VariableTree, Group> groups;

  private SwappedArrays(Map<VariableTree, Group> groups) {
    this.groups = groups;
  }

  /**
   * Finds the groups of {@code body}: declarations linked by reassignments and initializers. A
   * name is resolved to the declaration in scope where it is used, so a {@code double} and an
   * array that share a name in disjoint blocks stay apart.
   */
  static SwappedArrays of(BlockTree body, ReallocatedArrays reallocated,
      ChosenTables chosenTables, Handovers handovers) {
    Map<VariableTree, VariableTree> parent = new HashMap<>();
    Set<VariableTree> arrays = new HashSet<>();
    Set<VariableTree> reassigned = new HashSet<>();
    List<VariableTree> declarations = new ArrayList<>();
    Map<VariableTree, VariableTree> initializedFrom = new HashMap<>();
    new ScopedScanner() {
      @Override
      void declared(VariableTree tree) {
        boolean inferred = tree.getType() == null || tree.getType().toString().equals("var");
        VariableTree source = tree.getInitializer() instanceof IdentifierTree target
            ? resolve(target) : null;
        if (chosenTables.contains(tree)) {
          return;
        }
        if (isDoubleVector(tree.getType()) || inferred && arrays.contains(source)) {
          arrays.add(tree); // var t = prev; too
          declarations.add(tree);
          if (source != null && arrays.contains(source) && !reallocated.contains(source)) {
            initializedFrom.put(tree, source);
          }
        }
      }

      @Override
      public Void visitAssignment(AssignmentTree tree, Void unused) {
        if (tree.getVariable() instanceof IdentifierTree target && !handovers.contains(tree)
            && arrays.contains(resolve(target)) && !reallocated.contains(resolve(target))) {
          reassigned.add(resolve(target));
          if (tree.getExpression() instanceof IdentifierTree value
              && resolve(value) != null) {
            union(parent, resolve(target), resolve(value));
          }
        }
        return super.visitAssignment(tree, unused);
      }
    }.scan(body, null);
    initializedFrom.forEach((declaration, source) -> union(parent, declaration, source));
    Map<VariableTree, Group> byRoot = new HashMap<>();
    for (VariableTree declaration : reassigned) {
      byRoot.computeIfAbsent(find(parent, declaration), root -> new Group());
    }
    Map<VariableTree, Group> groups = new HashMap<>();
    for (VariableTree declaration : arrays) {
      Group group = byRoot.get(find(parent, declaration));
      if (group != null) {
        groups.put(declaration, group);
      }
    }
    for (VariableTree declaration : declarations) {
      Group group = groups.get(declaration);
      if (group != null && isAllocation(declaration.getInitializer())) {
        group.allocations++;
      }
    }
    return new SwappedArrays(groups);
  }

  /** {@code new double[n]}, {@code a.clone()} or {@code Arrays.copyOf(a, n)}: a row of its own. */
  private static boolean isAllocation(ExpressionTree initializer) {
    return initializer instanceof NewArrayTree || initializer != null
        && (Clones.source(initializer) != null || isCopyOfCall(initializer));
  }

  /** {@code Arrays.copyOf(a, n)} by its shape; the translation checks it is java.util's. */
  private static boolean isCopyOfCall(ExpressionTree tree) {
    return Unsupported.core(tree) instanceof MethodInvocationTree call
        && call.getArguments().size() == 2
        && call.getMethodSelect() instanceof MemberSelectTree select
        && select.getIdentifier().contentEquals("copyOf");
  }

  /** Whether the local {@code declaration} declares refers to a row of a group's matrix. */
  boolean isMember(VariableTree declaration) {
    return groups.containsKey(declaration);
  }

  /**
   * The row that the allocation {@code name = creation} (at the method's top level) gets; the
   * first allocation of a group allocates its matrix.
   */
  Expr allocate(VariableTree declaration, Expr.NewArray creation, Tree where, Blocks blocks,
      Names names) {
    String name = declaration.getName().toString();
    Group group = groups.get(declaration);
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

  /**
   * The matrix whose rows the group of {@code declaration} refers to; null before its
   * allocation.
   */
  Variable buffers(VariableTree declaration) {
    return groups.get(declaration).buffers;
  }

  private static boolean isDoubleVector(Tree type) {
    return type instanceof ArrayTypeTree array
        && array.getType() instanceof PrimitiveTypeTree element
        && element.getPrimitiveTypeKind() == TypeKind.DOUBLE;
  }

  private static VariableTree find(Map<VariableTree, VariableTree> parent,
      VariableTree declaration) {
    VariableTree root = declaration;
    while (parent.containsKey(root)) {
      root = parent.get(root);
    }
    return root;
  }

  private static void union(Map<VariableTree, VariableTree> parent, VariableTree a,
      VariableTree b) {
    VariableTree rootA = find(parent, a);
    VariableTree rootB = find(parent, b);
    if (rootA != rootB) {
      parent.put(rootA, rootB);
    }
  }
}
