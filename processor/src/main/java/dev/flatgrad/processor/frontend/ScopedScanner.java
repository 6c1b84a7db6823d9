package dev.flatgrad.processor.frontend;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.VariableTree;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Scans a method body knowing which local declaration each name means where it is used, so that
 * two locals of one name in disjoint blocks (Java forbids shadowing a local, not reusing its name)
 * are told apart. Lambdas and nested classes are skipped: the frontend rejects them anyway.
 */
abstract class ScopedScanner extends OwnCodeScanner {

  private final Deque<Map<String, VariableTree>> scopes = new ArrayDeque<>();

  ScopedScanner() {
    scopes.push(new HashMap<>());
  }

  /** Called at each local declaration, after its initializer was scanned. */
  abstract void declared(VariableTree declaration);

  /** The local declaration {@code identifier} means here, or null (a parameter or a field). */
  final VariableTree resolve(IdentifierTree identifier) {
    return resolve(identifier.getName().toString());
  }

  /** The local declaration {@code name} means here, or null. */
  final VariableTree resolve(String name) {
    for (Iterator<Map<String, VariableTree>> it = scopes.iterator(); it.hasNext(); ) {
      VariableTree declaration = it.next().get(name);
      if (declaration != null) {
        return declaration;
      }
    }
    return null;
  }

  @Override
  public Void visitVariable(VariableTree tree, Void unused) {
    super.visitVariable(tree, unused);
    scopes.peek().put(tree.getName().toString(), tree);
    declared(tree);
    return null;
  }

  @Override
  public Void visitBlock(BlockTree tree, Void unused) {
    return inScope(() -> super.visitBlock(tree, unused));
  }

  @Override
  public Void visitForLoop(ForLoopTree tree, Void unused) {
    return inScope(() -> super.visitForLoop(tree, unused));
  }

  @Override
  public Void visitEnhancedForLoop(EnhancedForLoopTree tree, Void unused) {
    return inScope(() -> super.visitEnhancedForLoop(tree, unused));
  }

  @Override
  public Void visitSwitch(SwitchTree tree, Void unused) {
    return inScope(() -> super.visitSwitch(tree, unused));
  }

  @Override
  public Void visitSwitchExpression(SwitchExpressionTree tree, Void unused) {
    return inScope(() -> super.visitSwitchExpression(tree, unused));
  }

  @Override
  public Void visitCase(CaseTree tree, Void unused) {
    // A case of the arrow form has its own scope; the statements of old-style cases share the
    // switch's, which the enclosing switch opened.
    return tree.getCaseKind() == CaseTree.CaseKind.RULE
        ? inScope(() -> super.visitCase(tree, unused))
        : super.visitCase(tree, unused);
  }

  @Override
  public Void visitCatch(CatchTree tree, Void unused) {
    return inScope(() -> super.visitCatch(tree, unused));
  }

  private Void inScope(java.util.function.Supplier<Void> scan) {
    scopes.push(new HashMap<>());
    try {
      return scan.get();
    } finally {
      scopes.pop();
    }
  }
}
