package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;

/**
 * Translates the values of a local that chooses among tables ({@link ChosenTables}): {@code nodes
 * = NODES_3}, {@code w = fine ? W_FINE : W_COARSE}, {@code a = b} of two such locals. Each is the
 * reference to a table held in a field, which the generated code reads as the user's method does.
 */
final class TableChoices {

  private final Blocks blocks;
  private final Scopes scopes;
  private final ExpressionTranslator expressions;
  private final SideEffects sideEffects;
  private final Constants constants;

  TableChoices(BodyContext context, Constants constants) {
    this.blocks = context.blocks();
    this.scopes = context.scopes();
    this.expressions = context.expressions();
    this.sideEffects = context.sideEffects();
    this.constants = constants;
  }

  /** {@code double[] w = value;} of a table choice; {@code declared} is its type. */
  void declare(String userName, Type declared, ExpressionTree value) {
    Local local = new Local(userName, declared, blocks.current(), false);
    local.markTableChoice();
    if (value != null) {
      scopes.define(local, value(local, value));
    }
    scopes.declare(userName, local);
  }

  /** {@code target = value}, where {@code target} chooses among tables. */
  void assign(Local target, ExpressionTree value) {
    scopes.define(target, value(target, value));
  }

  /** The table {@code tree} refers to, checked to be one of {@code target}'s type. */
  private Expr value(Local target, ExpressionTree tree) {
    sideEffects.prepare(tree, target.type());
    return choice(target, tree);
  }

  private Expr choice(Local target, ExpressionTree tree) {
    ExpressionTree core = Unsupported.core(tree);
    if (core instanceof ConditionalExpressionTree conditional) {
      Expr condition = expressions.condition(conditional.getCondition());
      return new Expr.Conditional(condition, choice(target, conditional.getTrueExpression()),
          choice(target, conditional.getFalseExpression()), target.type());
    }
    Expr value = expressions.translate(core);
    if (!constants.isTable(value) && !isTableChoice(core)) {
      throw new Unsupported(core, "the array " + target.userName() + " chooses among arrays,"
          + " which flatgrad supports only for tables held in fields (static arrays), not for "
          + core + "; index the arrays in each branch instead");
    }
    if (value.type() != target.type()) {
      throw new Unsupported(core, "incompatible types: " + value.type().javaName()
          + " cannot be converted to " + target.type().javaName());
    }
    return value;
  }

  /** Whether {@code tree} names a local that chooses among tables too. */
  private boolean isTableChoice(ExpressionTree tree) {
    Local local = expressions.local(tree);
    return local != null && local.isTableChoice();
  }
}
