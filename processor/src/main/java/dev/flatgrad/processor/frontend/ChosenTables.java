package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Local arrays that choose among tables held in fields, as quadrature and special-function code
 * picks its coefficients: {@code double[] nodes; switch (points) { case 3 -> nodes = NODES_3; ...
 * }} or {@code double[] w = fine ? W_FINE : W_COARSE;}. Such a local is a plain reference that
 * each assignment points at another table; the tables are data, never written, so the reference
 * carries no derivative and the reverse pass reads whichever table the forward pass chose.
 *
 * <p>Found here by shape: every value the local is given (its initializer and each assignment)
 * is a name that is no local variable ({@code NODES_3}, {@code Tables.NODES_3}), another such
 * local, or a {@code ?:} between those; and the local is reassigned or its initializer is a
 * {@code ?:} (a local given one table once is a plain alias, {@link ArrayViews}). That a name is
 * a field, not a parameter, is checked where the value is translated ({@link TableChoices}).
 */
final class ChosenTables {

  private final Set<VariableTree> chosen;

  private ChosenTables(Set<VariableTree> chosen) {
    this.chosen = chosen;
  }

  /** The locals of {@code body} that choose among tables. */
  static ChosenTables of(BlockTree body) {
    Set<VariableTree> candidates = new HashSet<>();
    Set<VariableTree> choosing = new HashSet<>();
    Set<VariableTree> disqualified = new HashSet<>();
    // A value naming another local counts only if that local chooses among tables too.
    Map<VariableTree, Set<VariableTree>> dependsOn = new HashMap<>();
    new ScopedScanner() {
      @Override
      void declared(VariableTree tree) {
        if (!(tree.getType() instanceof ArrayTypeTree)) {
          return;
        }
        candidates.add(tree);
        ExpressionTree initializer = tree.getInitializer();
        if (initializer == null) {
          return;
        }
        if (!isTableValue(initializer, tree)) {
          disqualified.add(tree);
        } else if (Unsupported.core(initializer) instanceof ConditionalExpressionTree) {
          choosing.add(tree);
        }
      }

      @Override
      public Void visitEnhancedForLoop(EnhancedForLoopTree tree, Void unused) {
        // for (double w : t) iterates the table t held when the loop began: t must not change
        // inside, where the lowered loop would read the new one.
        VariableTree iterated = tree.getExpression() instanceof IdentifierTree identifier
            ? resolve(identifier) : null;
        if (candidates.contains(iterated) && Assigned.names(tree.getStatement())
            .contains(iterated.getName().toString())) {
          disqualified.add(iterated);
        }
        return super.visitEnhancedForLoop(tree, unused);
      }

      @Override
      public Void visitAssignment(AssignmentTree tree, Void unused) {
        super.visitAssignment(tree, unused);
        VariableTree target = tree.getVariable() instanceof IdentifierTree identifier
            ? resolve(identifier) : null;
        if (candidates.contains(target)) {
          choosing.add(target);
          if (!isTableValue(tree.getExpression(), target)) {
            disqualified.add(target);
          }
        }
        return null;
      }

      /** A field's name, another local array, or {@code ?:} between such values. */
      private boolean isTableValue(ExpressionTree value, VariableTree target) {
        ExpressionTree core = Unsupported.core(value);
        if (core instanceof ConditionalExpressionTree choice) {
          return isTableValue(choice.getTrueExpression(), target)
              && isTableValue(choice.getFalseExpression(), target);
        }
        if (core instanceof IdentifierTree identifier) {
          VariableTree local = resolve(identifier);
          if (local != null) {
            dependsOn.computeIfAbsent(target, t -> new HashSet<>()).add(local);
          }
          return local == null || candidates.contains(local);
        }
        return core instanceof MemberSelectTree select && isTypeName(select.getExpression());
      }

      /** {@code Tables} or {@code p.Tables.Inner}: no local variable, nor {@code this}. */
      private boolean isTypeName(ExpressionTree qualifier) {
        while (qualifier instanceof MemberSelectTree select) {
          qualifier = select.getExpression();
        }
        return qualifier instanceof IdentifierTree identifier && resolve(identifier) == null
            && !identifier.getName().contentEquals("this");
      }
    }.scan(body, null);
    Set<VariableTree> chosen = new HashSet<>(choosing);
    chosen.removeAll(disqualified);
    // double[] v = t; of a choice t is one too: an alias would follow t to its next table.
    boolean added = true;
    while (added) {
      added = false;
      for (VariableTree local : candidates) {
        if (!chosen.contains(local) && !disqualified.contains(local)
            && dependsOn.getOrDefault(local, Set.of()).stream().anyMatch(chosen::contains)) {
          added = chosen.add(local);
        }
      }
    }
    // Drop, until nothing changes, the locals given the value of a local that is no table choice.
    boolean changed = true;
    while (changed) {
      changed = chosen.removeIf(local -> dependsOn.getOrDefault(local, Set.of()).stream()
          .anyMatch(source -> !chosen.contains(source) && !isPlainAlias(source, candidates,
              disqualified)));
    }
    return new ChosenTables(chosen);
  }

  /** A local array given one table once, {@code double[] w = W;}: a table too. */
  private static boolean isPlainAlias(VariableTree source, Set<VariableTree> candidates,
      Set<VariableTree> disqualified) {
    return candidates.contains(source) && !disqualified.contains(source)
        && source.getInitializer() != null;
  }

  /** Whether {@code declaration} declares a local that chooses among tables. */
  boolean contains(Tree declaration) {
    return declaration instanceof VariableTree variable && chosen.contains(variable);
  }
}
