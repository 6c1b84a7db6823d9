package dev.flatgrad.processor.frontend;

import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.WhileLoopTree;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOperator;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.lang.model.element.Name;

/**
 * Loops, labeled statements and the jumps out of them. Every jump becomes a flag ({@link Jumps}):
 * {@code broke} ends a loop through its condition, {@code continued} skips the rest of its body,
 * a {@code return} sets the method's flag, which ends every loop around it; the statements after
 * a jump are guarded by its flag. The IR keeps only structured loops, which the reverse pass runs
 * backwards.
 */
final class Loops {

  private final BodyTranslator body;
  private final Blocks blocks;
  private final Jumps jumps;
  private final ExpressionTranslator expressions;
  private final EnhancedFor enhancedFor;

  Loops(BodyTranslator body, Blocks blocks, Jumps jumps, ExpressionTranslator expressions,
      Names names, Scopes scopes) {
    this.body = body;
    this.blocks = blocks;
    this.jumps = jumps;
    this.expressions = expressions;
    this.enhancedFor = new EnhancedFor(body, this, expressions, names, scopes);
  }

  void jump(StatementTree statement, Name label, boolean isBreak) {
    String name = label == null ? null : label.toString();
    Jumps.Target target = jumps.target(isBreak, name);
    if (target == null) {
      throw new Unsupported(statement, name != null
          ? "undefined label: " + name
          : (isBreak ? "break" : "continue") + " outside of loop");
    }
    if (!isBreak && !target.loop()) {
      throw new Unsupported(statement, "not a loop label: " + name);
    }
    Variable flag = isBreak ? target.broke() : target.continued();
    blocks.emit(new Stmt.Assign(flag, Expr.Literal.ofBoolean(true), false));
  }

  /**
   * {@code label: statement}. A labeled loop or switch is the target of its label's jumps; any
   * other statement gets a flag that {@code break label} sets and that guards what follows.
   */
  void labeled(LabeledStatementTree tree) {
    String label = tree.getLabel().toString();
    StatementTree statement = tree.getStatement();
    switch (statement.getKind()) {
      case FOR_LOOP, WHILE_LOOP, DO_WHILE_LOOP, ENHANCED_FOR_LOOP -> statement(statement, label);
      case SWITCH -> body.switches().statement((SwitchTree) statement, label);
      default -> {
        boolean breaks = Exits.of(statement).contains(Exits.breakTo(label));
        Variable broke = breaks ? jumps.flag("broke_" + label) : null;
        if (broke != null) {
          blocks.emit(new Stmt.Assign(broke, Expr.Literal.ofBoolean(false), true));
        }
        jumps.push(new Jumps.Target(label, false, false, broke, null));
        try {
          body.statement(statement);
        } finally {
          jumps.pop();
        }
      }
    }
  }

  void statement(StatementTree statement, String label) {
    switch (statement.getKind()) {
      case FOR_LOOP -> forLoop((ForLoopTree) statement, label);
      case WHILE_LOOP -> whileLoop((WhileLoopTree) statement, label);
      case DO_WHILE_LOOP -> doWhileLoop((DoWhileLoopTree) statement, label);
      default -> enhancedFor.translate((EnhancedForLoopTree) statement, label);
    }
  }

  private void forLoop(ForLoopTree tree, String label) {
    body.inScope(() -> {
      Parts parts = body.parts();
      List<Stmt> init = blocks.nested(() -> tree.getInitializer()
          .forEach(statement -> parts.run(() -> body.statement(statement))));
      Supplier<Expr> condition = tree.getCondition() == null
          ? null
          : () -> expressions.condition(tree.getCondition());
      loop(new LoopSpec(label, parts, init, tree.getCondition(), condition, () -> {},
          tree.getStatement(), true, () -> {
        for (ExpressionStatementTree update : tree.getUpdate()) {
          parts.run(() -> body.expressionStatement(update.getExpression()));
        }
      }));
    });
  }

  private void whileLoop(WhileLoopTree tree, String label) {
    loop(new LoopSpec(label, body.parts(), List.of(), tree.getCondition(),
        () -> expressions.condition(tree.getCondition()), () -> {}, tree.getStatement(), true,
        () -> {}));
  }

  private void doWhileLoop(DoWhileLoopTree tree, String label) {
    loop(new LoopSpec(label, body.parts(), List.of(), tree.getCondition(),
        () -> expressions.condition(tree.getCondition()), () -> {}, tree.getStatement(), false,
        () -> {}));
  }

  /**
   * A loop to emit: {@code condition} (null if none) is translated before the body, {@code
   * prologue} starts each iteration in the body's scope (an enhanced for declares its variable
   * there), {@code update} runs after it.
   */
  private record LoopSpec(String label, Parts parts, List<Stmt> init,
      ExpressionTree conditionTree, Supplier<Expr> condition, Runnable prologue,
      StatementTree body, boolean testFirst, Runnable update) {}

  /** The loop's condition, unless it has side effects (then the body tests it); null if none. */
  private Expr condition(LoopSpec spec, boolean effectful) {
    Expr condition = spec.condition() == null || effectful
        ? null
        : spec.parts().value(spec.condition());
    if (condition == null && spec.conditionTree() != null && !effectful) {
      body.markAssignedLocalsBroken(spec.conditionTree()); // as in while ((y = f(x)) > 0)
    }
    return condition;
  }

  /** A {@code for} loop built by a lowering, such as an enhanced for's counted loop. */
  void forLoop(String label, List<Stmt> init, Supplier<Expr> condition, Runnable prologue,
      StatementTree loopBody, Runnable update) {
    loop(new LoopSpec(label, body.parts(), init, null, condition, prologue, loopBody, true,
        update));
  }

  /**
   * Emits a loop. Its jumps become flags: {@code broke} ends the loop through its condition,
   * {@code continued} skips the rest of the body; a {@code return} sets the method's flag, which
   * ends every loop around it.
   */
  private void loop(LoopSpec spec) {
    Set<Exits> exits = Exits.of(spec.body());
    // A condition with side effects (while (n-- > 0)) is evaluated in the body, where its
    // statements can go; when it is false, the loop ends as after a break.
    boolean effectful = body.hasEffects(spec.conditionTree());
    Variable broke = effectful || Jumps.targets(exits, Exits.Kind.BREAK, spec.label())
        ? jumps.flag("broke")
        : null;
    Variable continued = Jumps.targets(exits, Exits.Kind.CONTINUE, spec.label())
        ? jumps.flag("continued")
        : null;
    List<Stmt> header = new ArrayList<>(spec.init());
    if (broke != null) {
      blocks.emit(new Stmt.Assign(broke, Expr.Literal.ofBoolean(false), true));
    }
    if (continued != null) {
      blocks.emit(new Stmt.Assign(continued, Expr.Literal.ofBoolean(false), true));
    }
    Parts parts = spec.parts();
    // A do-while's condition is read after its body, which may assign what it reads first:
    // double d; do { d = ...; } while (d > eps);
    Expr condition = spec.testFirst() ? condition(spec, effectful) : null;
    // The jumps that leave the loop altogether: a return, or a labeled jump to an outer target.
    Set<Exits> leaving = new HashSet<>(exits);
    leaving.removeIf(exit -> exit.kind() != Exits.Kind.RETURN
        && (exit.label() == null || exit.label().equals(spec.label())));
    Expr leftOuter = jumps.notExited(leaving);
    jumps.push(new Jumps.Target(spec.label(), true, false, broke, continued));
    List<Stmt> iterations;
    List<Stmt> updates;
    try {
      iterations = blocks.nested(() -> {
        if (continued != null) {
          blocks.emit(new Stmt.Assign(continued, Expr.Literal.ofBoolean(false), false));
        }
        Runnable iteration = () -> body.inScope(() -> {
          parts.run(spec.prologue());
          body.block(spec.body()).forEach(blocks::emit);
        });
        if (!effectful) {
          iteration.run();
        } else if (spec.testFirst()) {
          Expr test = effectfulCondition(parts, spec.conditionTree());
          List<Stmt> iterationBody = blocks.nested(iteration);
          if (test != null) {
            blocks.emit(new Stmt.If(test, iterationBody, List.of(
                new Stmt.Assign(broke, Expr.Literal.ofBoolean(true), false))));
          }
        } else {
          iteration.run();
          List<Stmt> testing = blocks.nested(() -> {
            Expr test = effectfulCondition(parts, spec.conditionTree());
            if (test != null) {
              blocks.emit(new Stmt.If(new Expr.Unary(UnaryOperator.NOT, test, Type.BOOLEAN),
                  List.of(new Stmt.Assign(broke, Expr.Literal.ofBoolean(true), false)),
                  List.of()));
            }
          });
          // As in Java, a break or return skips the condition; a continue does not.
          blocks.emit(new Stmt.If(and(leftOuter, new Expr.Unary(UnaryOperator.NOT,
              new Expr.Ref(broke), Type.BOOLEAN)), testing, List.of()));
        }
      });
      updates = blocks.nested(spec.update());
    } finally {
      jumps.pop();
    }
    if (!spec.testFirst()) {
      condition = condition(spec, effectful);
    }
    parts.finish();
    Expr guard = and(leftOuter, broke == null
        ? null
        : new Expr.Unary(UnaryOperator.NOT, new Expr.Ref(broke), Type.BOOLEAN));
    if (guard != null && !updates.isEmpty()) {
      // After a break or return, Java skips the update; so must we.
      iterations = new ArrayList<>(iterations);
      iterations.add(new Stmt.If(guard, updates, List.of()));
      updates = List.of();
    }
    condition = and(guard, condition);
    blocks.emit(new Stmt.Loop(header, condition, iterations, updates, spec.testFirst()));
  }

  /** A loop condition with side effects: its statements emitted here, then its value. */
  private Expr effectfulCondition(Parts parts, ExpressionTree condition) {
    return body.condition(parts, condition);
  }

  private static Expr and(Expr left, Expr right) {
    if (left == null || right == null) {
      return left == null ? right : left;
    }
    return new Expr.Binary(BinaryOperator.AND, left, right, Type.BOOLEAN);
  }
}
