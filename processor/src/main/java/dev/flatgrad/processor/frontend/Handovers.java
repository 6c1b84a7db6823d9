package dev.flatgrad.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Arrays handed over at the end of their block: {@code alpha = next;} as the last statement of a
 * loop body that declares {@code double[] next = new double[n];}, as dynamic programming and
 * power iterations write each step. {@code next} dies right there and nothing else refers to its
 * array, so the assignment is the same as {@code alpha = next.clone();}: a reallocation of
 * {@code alpha} ({@link ReallocatedArrays}) with a copy of {@code next}, which each iteration
 * allocates anew.
 */
final class Handovers {

  private final Set<AssignmentTree> handovers;

  private Handovers(Set<AssignmentTree> handovers) {
    this.handovers = handovers;
  }

  /** The handovers in {@code body}. */
  static Handovers of(BlockTree body) {
    Set<AssignmentTree> found = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitBlock(BlockTree block, Void unused) {
        // javac's statement list is linked: copied once, so indexing it costs nothing.
        List<? extends StatementTree> statements = List.copyOf(block.getStatements());
        for (int k = 0; k < statements.size(); k++) {
          AssignmentTree handover = handover(statements, k);
          if (handover != null) {
            found.add(handover);
          }
        }
        return super.visitBlock(block, unused);
      }
    }.scan(body, null);
    return new Handovers(found);
  }

  /** Whether {@code assignment} hands over an array that dies with it. */
  boolean contains(Tree assignment) {
    return assignment instanceof AssignmentTree tree && handovers.contains(tree);
  }

  /**
   * Statement {@code k} of {@code statements} if it is {@code a = b;} with {@code b} a new array
   * declared before it in the same block, referred to by no other variable before and not named
   * after it, and {@code a} declared outside the block; else null.
   */
  private static AssignmentTree handover(List<? extends StatementTree> statements, int k) {
    if (!(statements.get(k) instanceof ExpressionStatementTree statement)
        || !(statement.getExpression() instanceof AssignmentTree assignment)
        || !(assignment.getVariable() instanceof IdentifierTree target)
        || !(assignment.getExpression() instanceof IdentifierTree source)) {
      return null;
    }
    String name = source.getName().toString();
    VariableTree declaration = null;
    int declared = -1;
    for (int j = 0; j < statements.size(); j++) {
      if (statements.get(j) instanceof VariableTree variable) {
        if (variable.getName().contentEquals(target.getName())) {
          return null; // the target dies with the block too: not a handover out of it
        }
        if (variable.getName().contentEquals(name) && j < k) {
          declaration = variable;
          declared = j;
        }
      }
    }
    if (declaration == null || declaration.getInitializer() == null
        || !ReallocatedArrays.isAllocation(declaration.getInitializer())
        || declaration.getInitializer() instanceof NewArrayTree creation
            && creation.getDimensions().size() > 1) {
      return null;
    }
    for (StatementTree before : statements.subList(declared, k)) {
      if (refersTo(before, name)) {
        return null;
      }
    }
    for (StatementTree after : statements.subList(k + 1, statements.size())) {
      if (Assigned.reads(after).contains(name) || Assigned.names(after).contains(name)) {
        return null;
      }
    }
    return assignment;
  }

  /**
   * Whether {@code tree} lets another variable refer to the array {@code name}: as a value
   * assigned, declared, returned, put in an initializer or chosen by {@code ?:}. Indexing it,
   * its length and passing it to a call ({@code Arrays.fill(next, 0)}) do not.
   */
  private static boolean refersTo(Tree tree, String name) {
    boolean[] refers = {false};
    new TreeScanner<Void, Void>() {
      private void check(Tree value) {
        refers[0] |= value instanceof ExpressionTree expression
            && Unsupported.core(expression) instanceof IdentifierTree identifier
            && identifier.getName().contentEquals(name);
      }

      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        check(variable.getInitializer());
        return super.visitVariable(variable, unused);
      }

      @Override
      public Void visitAssignment(AssignmentTree assignment, Void unused) {
        check(assignment.getExpression());
        return super.visitAssignment(assignment, unused);
      }

      @Override
      public Void visitReturn(ReturnTree statement, Void unused) {
        check(statement.getExpression());
        return super.visitReturn(statement, unused);
      }

      @Override
      public Void visitNewArray(NewArrayTree creation, Void unused) {
        if (creation.getInitializers() != null) {
          creation.getInitializers().forEach(this::check);
        }
        return super.visitNewArray(creation, unused);
      }

      @Override
      public Void visitConditionalExpression(ConditionalExpressionTree choice, Void unused) {
        check(choice.getTrueExpression());
        check(choice.getFalseExpression());
        return super.visitConditionalExpression(choice, unused);
      }
    }.scan(tree, null);
    return refers[0];
  }
}
