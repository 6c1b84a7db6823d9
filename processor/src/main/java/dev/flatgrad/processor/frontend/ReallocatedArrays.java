package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Local one-dimensional arrays that the method reallocates, {@code z = new double[k];} (or {@code
 * z = new double[] {a, b};}, {@code z = x.clone();}, {@code z = Arrays.copyOf(x, n);}), and never
 * reassigns with another array variable (those are {@link SwappedArrays}). Such an array keeps
 * one variable, which each reallocation gives a new array ({@code ad/Reallocations} undoes it in
 * the reverse pass). A reference taken to it before a reallocation, {@code double[] v = z;} or
 * {@code for (double e : z)}, would see the new array where Java keeps the old one: found here and
 * reported.
 */
final class ReallocatedArrays {

  /** A reference to a reallocated array, {@code v}, that a reallocation replaces under it. */
  record StaleReference(Tree reference, String name, String array, AssignmentTree reallocation) {}

  private final Set<VariableTree> reallocated;
  private final Map<Tree, StaleReference> stale;

  private ReallocatedArrays(Set<VariableTree> reallocated, Map<Tree, StaleReference> stale) {
    this.reallocated = reallocated;
    this.stale = stale;
  }

  /** The reallocated arrays of {@code body}, and the references a reallocation makes stale. */
  static ReallocatedArrays of(BlockTree body, Handovers handovers) {
    Set<VariableTree> arrays = new HashSet<>();
    Set<VariableTree> allocated = new HashSet<>();
    Set<VariableTree> swapped = new HashSet<>();
    // References to arrays taken so far; an enhanced for's only while its body is scanned.
    List<Reference> open = new ArrayList<>();
    Map<Tree, Reference> stale = new HashMap<>();
    new ScopedScanner() {
      @Override
      void declared(VariableTree tree) {
        if (isVector(tree)) {
          arrays.add(tree);
        }
        if (tree.getInitializer() instanceof IdentifierTree source
            && arrays.contains(resolve(source))) {
          Reference reference = new Reference(tree, tree.getName().toString(), resolve(source));
          open.add(reference);
        }
      }

      /** Whether {@code reference} is in scope here (a loop's only while it is scanned). */
      boolean inScope(Reference reference) {
        return !(reference.tree() instanceof VariableTree variable)
            || resolve(variable.getName().toString()) == variable;
      }

      @Override
      public Void visitEnhancedForLoop(EnhancedForLoopTree tree, Void unused) {
        // for (double e : z) iterates the array z held when the loop began.
        VariableTree source = tree.getExpression() instanceof IdentifierTree identifier
            ? resolve(identifier) : null;
        Reference reference = null;
        if (arrays.contains(source)) {
          reference = new Reference(tree, tree.getVariable().getName().toString(), source);
          open.add(reference);
        }
        try {
          return super.visitEnhancedForLoop(tree, unused);
        } finally {
          open.remove(reference);
        }
      }

      @Override
      public Void visitAssignment(AssignmentTree tree, Void unused) {
        super.visitAssignment(tree, unused);
        VariableTree target = tree.getVariable() instanceof IdentifierTree identifier
            ? resolve(identifier) : null;
        // alpha = next, next dying with its block (Handovers): a copy, as alpha = next.clone().
        boolean handover = handovers.contains(tree);
        if (!handover && tree.getExpression() instanceof IdentifierTree value
            && resolve(value) != null) {
          swapped.add(resolve(value)); // t = z: z's array has another name
          swapped.add(target);
        } else if (arrays.contains(target)) {
          // u = solve(a, b): a helper's new array, copied (ArrayReallocations).
          boolean call = Unsupported.core(tree.getExpression()) instanceof MethodInvocationTree;
          if (!handover && !call && !isAllocation(tree.getExpression())) {
            swapped.add(target);
          }
          allocated.add(target);
          for (Reference reference : open) {
            if (reference.array() == target && inScope(reference)) {
              stale.putIfAbsent(reference.tree(), reference.replacedBy(tree));
            }
          }
        }
        return null;
      }
    }.scan(body, null);
    Set<VariableTree> reallocated = new HashSet<>(allocated);
    reallocated.removeAll(swapped);
    Map<Tree, StaleReference> reported = new HashMap<>();
    stale.forEach((tree, reference) -> {
      if (reallocated.contains(reference.array())) {
        reported.put(tree, new StaleReference(tree, reference.name(),
            reference.array().getName().toString(), reference.reallocation()));
      }
    });
    return new ReallocatedArrays(reallocated, reported);
  }

  /**
   * {@code name} refers to the array {@code array} holds from {@code tree} on; {@code
   * reallocation} replaces that array while the reference is in scope, or is null.
   */
  private record Reference(Tree tree, String name, VariableTree array,
      AssignmentTree reallocation) {
    Reference(Tree tree, String name, VariableTree array) {
      this(tree, name, array, null);
    }

    Reference replacedBy(AssignmentTree reallocation) {
      return new Reference(tree, name, array, reallocation);
    }
  }

  /** Whether {@code declaration}, a local array, is reallocated. */
  boolean contains(VariableTree declaration) {
    return reallocated.contains(declaration);
  }

  /** Whether {@code initializer} initializes a reallocated array. */
  boolean initializes(ExpressionTree initializer) {
    return reallocated.stream()
        .anyMatch(declaration -> declaration.getInitializer() == initializer);
  }

  /**
   * The error for {@code reference} ({@code double[] v = z;} or {@code for (double e : z)}) if a
   * reallocation of {@code z} replaces its array while it is in scope; else null.
   */
  Unsupported stale(Tree reference, Tree where) {
    StaleReference stale = this.stale.get(reference);
    if (stale == null) {
      return null;
    }
    return new Unsupported(where, stale.name() + " refers to the array that " + stale.array()
        + " holds, and " + stale.array() + " is reallocated while " + stale.name() + " is in scope"
        + " (" + stale.reallocation() + "); Java's " + stale.name() + " would keep the old array,"
        + " which flatgrad does not: copy it, as in " + stale.name() + " = " + stale.array()
        + ".clone(), or take the reference after the reallocation");
  }

  /** The reallocation that makes the reference {@code tree} stale; null if none does. */
  StaleReference staleReference(Tree tree) {
    return stale.get(tree);
  }

  /** {@code double[] z}, or {@code var z = new double[n]}: a one-dimensional local array. */
  private static boolean isVector(VariableTree tree) {
    Tree type = tree.getType();
    if (type == null || type.toString().equals("var")) {
      return tree.getInitializer() instanceof NewArrayTree creation
          && creation.getType() instanceof PrimitiveTypeTree
          && creation.getDimensions().size() <= 1;
    }
    return type instanceof ArrayTypeTree array && array.getType() instanceof PrimitiveTypeTree;
  }

  /** A new array: {@code new double[k]}, {@code {a, b}}, a clone or {@code Arrays.copyOf}. */
  static boolean isAllocation(ExpressionTree value) {
    return value instanceof NewArrayTree || Clones.source(value) != null
        || Unsupported.core(value) instanceof MethodInvocationTree call
        && call.getArguments().size() == 2
        && call.getMethodSelect() instanceof MemberSelectTree select
        && select.getIdentifier().contentEquals("copyOf");
  }
}
