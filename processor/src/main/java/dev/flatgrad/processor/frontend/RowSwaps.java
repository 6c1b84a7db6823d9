package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.VariableTree;
import java.util.List;

/**
 * The row swap of pivoting code, three statements in a row: {@code double[] t = m[a]; m[a] =
 * m[b]; m[b] = t;}, with {@code t} read nowhere after. Java swaps two row references; flatgrad,
 * which keeps a local matrix's rows in place, swaps their elements (or, for a ragged matrix,
 * replaces both rows with copies), which nothing after the three statements can tell apart.
 *
 * @param first the row {@code m[a]}
 * @param second the row {@code m[b]}
 */
record RowSwaps(ArrayAccessTree first, ArrayAccessTree second) {

  /** The swap that starts at {@code statements[i]}, or null. */
  static RowSwaps match(List<? extends StatementTree> statements, int i) {
    if (i + 2 >= statements.size()
        || !(statements.get(i) instanceof VariableTree temporary)
        || temporary.getInitializer() == null
        || !(Unsupported.core(temporary.getInitializer()) instanceof ArrayAccessTree first)
        || !(Unsupported.core(first.getExpression()) instanceof IdentifierTree matrix)) {
      return null;
    }
    AssignmentTree moved = assignment(statements.get(i + 1));
    AssignmentTree back = assignment(statements.get(i + 2));
    if (moved == null || back == null
        || !sameRow(moved.getVariable(), matrix, first.getIndex())
        || !(Unsupported.core(moved.getExpression()) instanceof ArrayAccessTree second)
        || !sameRow(second, matrix, second.getIndex())
        || !sameRow(back.getVariable(), matrix, second.getIndex())
        || !(Unsupported.core(back.getExpression()) instanceof IdentifierTree restored)
        || !restored.getName().contentEquals(temporary.getName())
        || SideEffects.has(first.getIndex()) || SideEffects.has(second.getIndex())) {
      return null;
    }
    String name = temporary.getName().toString();
    for (StatementTree later : statements.subList(i + 3, statements.size())) {
      if (Assigned.reads(later).contains(name)) {
        return null; // t still names the old row: not a plain swap
      }
    }
    return new RowSwaps(first, second);
  }

  private static AssignmentTree assignment(StatementTree statement) {
    return statement instanceof ExpressionStatementTree expression
        && expression.getExpression() instanceof AssignmentTree assignment ? assignment : null;
  }

  /** Whether {@code tree} is {@code matrix[index]}, the index written the same way. */
  private static boolean sameRow(ExpressionTree tree, IdentifierTree matrix, ExpressionTree index) {
    return Unsupported.core(tree) instanceof ArrayAccessTree access
        && Unsupported.core(access.getExpression()) instanceof IdentifierTree name
        && name.getName().contentEquals(matrix.getName())
        && Unsupported.core(access.getIndex()).toString()
            .equals(Unsupported.core(index).toString());
  }
}
