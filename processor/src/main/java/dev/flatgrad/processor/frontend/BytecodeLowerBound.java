package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * A lower bound on the bytecode javac writes for a method body: when it is over javac's limit of
 * 65,535 bytes, javac will reject the method ("code too large") whatever flatgrad does, so
 * flatgrad says so at once instead of differentiating tens of thousands of statements (which ran
 * the processor out of memory).
 *
 * <p>It must never exceed the truth, so it counts only what javac certainly emits: a byte per
 * load of a variable or literal, per operator on something not constant, per store, three per
 * call. Expressions that may be compile-time constants count one byte (javac folds them), an
 * {@code if} whose condition may be constant counts its smaller branch (javac drops the dead
 * one), and statements it does not know count nothing.
 */
final class BytecodeLowerBound {

  /** The most bytecode javac accepts in one method. */
  static final int JAVAC_LIMIT = 65_535;

  /** Names of the method's parameters and non-final locals: never compile-time constants. */
  private final Set<String> variables = new HashSet<>();

  private BytecodeLowerBound() {}

  /** The bound for {@code method}'s body. */
  static long of(MethodTree method) {
    BytecodeLowerBound bound = new BytecodeLowerBound();
    method.getParameters().forEach(p -> bound.variables.add(p.getName().toString()));
    // A final local with a constant value is folded; any other local never is.
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        if (!variable.getModifiers().getFlags().contains(Modifier.FINAL)) {
          bound.variables.add(variable.getName().toString());
        }
        return super.visitVariable(variable, unused);
      }

      @Override
      public Void visitClass(com.sun.source.tree.ClassTree tree, Void unused) {
        return null;
      }
    }.scan(method.getBody(), null);
    // A name that is also a final local's may be a constant where that local is in scope.
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        if (variable.getModifiers().getFlags().contains(Modifier.FINAL)) {
          bound.variables.remove(variable.getName().toString());
        }
        return super.visitVariable(variable, unused);
      }
    }.scan(method.getBody(), null);
    return bound.statement(method.getBody());
  }

  private long statements(List<? extends StatementTree> statements) {
    long bytes = 0;
    for (StatementTree statement : statements) {
      bytes += statement(statement);
    }
    return bytes;
  }

  private long statement(StatementTree statement) {
    if (statement == null) {
      return 0;
    }
    return switch (statement.getKind()) {
      case BLOCK -> statements(((BlockTree) statement).getStatements());
      case VARIABLE -> {
        VariableTree variable = (VariableTree) statement;
        yield variable.getInitializer() == null
            || !variables.contains(variable.getName().toString())
            ? 0
            : 1 + value(variable.getInitializer());
      }
      case EXPRESSION_STATEMENT -> effect(((ExpressionStatementTree) statement).getExpression());
      case RETURN -> {
        ExpressionTree value = ((ReturnTree) statement).getExpression();
        yield 1 + (value == null ? 0 : value(value));
      }
      case IF -> {
        IfTree branch = (IfTree) statement;
        long then = statement(branch.getThenStatement());
        long otherwise = statement(branch.getElseStatement());
        yield varies(branch.getCondition()) ? 1 + then + otherwise : Math.min(then, otherwise);
      }
      case FOR_LOOP -> {
        ForLoopTree loop = (ForLoopTree) statement;
        long bytes = statements(loop.getInitializer());
        if (loop.getCondition() == null || varies(loop.getCondition())) {
          bytes += statement(loop.getStatement());
          for (ExpressionStatementTree update : loop.getUpdate()) {
            bytes += statement(update);
          }
        }
        yield bytes;
      }
      case ENHANCED_FOR_LOOP -> statement(((EnhancedForLoopTree) statement).getStatement());
      case WHILE_LOOP -> varies(((WhileLoopTree) statement).getCondition())
          ? statement(((WhileLoopTree) statement).getStatement())
          : 0;
      case DO_WHILE_LOOP -> statement(((DoWhileLoopTree) statement).getStatement());
      case LABELED_STATEMENT -> statement(((LabeledStatementTree) statement).getStatement());
      default -> 0;
    };
  }

  /** An expression evaluated for its effect: an assignment, an increment, a call. */
  private long effect(ExpressionTree expression) {
    return switch (expression.getKind()) {
      case ASSIGNMENT -> {
        AssignmentTree assignment = (AssignmentTree) expression;
        yield 1 + target(assignment.getVariable()) + value(assignment.getExpression());
      }
      case PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT,
          REMAINDER_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT,
          UNSIGNED_RIGHT_SHIFT_ASSIGNMENT, AND_ASSIGNMENT, XOR_ASSIGNMENT, OR_ASSIGNMENT -> {
        CompoundAssignmentTree assignment = (CompoundAssignmentTree) expression;
        // iinc does load, add and store in one instruction of three bytes.
        yield Math.max(3, 2 + target(assignment.getVariable())
            + value(assignment.getExpression()));
      }
      case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> 3;
      case METHOD_INVOCATION -> value(expression);
      default -> 0;
    };
  }

  /** What an assignment's target costs before the store: an array and an index, or nothing. */
  private long target(ExpressionTree target) {
    if (target instanceof ArrayAccessTree access) {
      return value(access.getExpression()) + value(access.getIndex());
    }
    return 0;
  }

  /** The bytecode that computes {@code expression}'s value. */
  private long value(ExpressionTree expression) {
    if (mayBeConstant(expression)) {
      return 1;
    }
    return switch (expression.getKind()) {
      case PARENTHESIZED -> value(((ParenthesizedTree) expression).getExpression());
      case TYPE_CAST -> value(((TypeCastTree) expression).getExpression());
      case IDENTIFIER -> 1;
      // A string concatenation folds its constant parts into one instruction: count no '+',
      // and no constant operand.
      case PLUS -> {
        BinaryTree binary = (BinaryTree) expression;
        yield nonConstant(binary.getLeftOperand()) + nonConstant(binary.getRightOperand());
      }
      case MINUS, MULTIPLY, DIVIDE, REMAINDER, LESS_THAN, LESS_THAN_EQUAL, GREATER_THAN,
          GREATER_THAN_EQUAL, EQUAL_TO, NOT_EQUAL_TO -> {
        BinaryTree binary = (BinaryTree) expression;
        yield 1 + value(binary.getLeftOperand()) + value(binary.getRightOperand());
      }
      case UNARY_MINUS -> 1 + value(((UnaryTree) expression).getExpression());
      case ARRAY_ACCESS -> {
        ArrayAccessTree access = (ArrayAccessTree) expression;
        yield 1 + value(access.getExpression()) + value(access.getIndex());
      }
      case METHOD_INVOCATION -> {
        MethodInvocationTree call = (MethodInvocationTree) expression;
        long bytes = 3;
        for (ExpressionTree argument : call.getArguments()) {
          bytes += value(argument);
        }
        yield bytes;
      }
      case MEMBER_SELECT -> 1 + value(((MemberSelectTree) expression).getExpression());
      default -> 1;
    };
  }

  private long nonConstant(ExpressionTree operand) {
    return mayBeConstant(operand) ? 0 : value(operand);
  }

  /**
   * Whether a condition certainly is not constant when javac writes code for it, so it writes
   * both branches: a comparison, a call, a variable. javac also drops the branch of a condition
   * such as {@code x > 0 && false}, which is no constant expression: {@code &&}, {@code ||},
   * {@code !} and {@code ?:} are not counted on.
   */
  private boolean varies(ExpressionTree condition) {
    ExpressionTree core = condition;
    while (core instanceof ParenthesizedTree parenthesized) {
      core = parenthesized.getExpression();
    }
    return switch (core.getKind()) {
      case LESS_THAN, LESS_THAN_EQUAL, GREATER_THAN, GREATER_THAN_EQUAL, EQUAL_TO, NOT_EQUAL_TO,
          METHOD_INVOCATION, IDENTIFIER, ARRAY_ACCESS -> !mayBeConstant(core);
      default -> false;
    };
  }

  /**
   * Whether javac may fold {@code expression} to a constant: it reads no parameter and no local
   * that is not final, and calls nothing.
   */
  private boolean mayBeConstant(ExpressionTree expression) {
    return switch (expression.getKind()) {
      case IDENTIFIER -> !variables.contains(((IdentifierTree) expression).getName().toString());
      case MEMBER_SELECT -> mayBeConstant(((MemberSelectTree) expression).getExpression());
      case PARENTHESIZED -> mayBeConstant(((ParenthesizedTree) expression).getExpression());
      case TYPE_CAST -> mayBeConstant(((TypeCastTree) expression).getExpression());
      case INT_LITERAL, LONG_LITERAL, FLOAT_LITERAL, DOUBLE_LITERAL, BOOLEAN_LITERAL,
          CHAR_LITERAL, STRING_LITERAL -> true;
      default -> {
        if (expression instanceof BinaryTree binary) {
          yield mayBeConstant(binary.getLeftOperand()) && mayBeConstant(binary.getRightOperand());
        }
        if (expression instanceof UnaryTree unary && switch (unary.getKind()) {
          case UNARY_MINUS, UNARY_PLUS, LOGICAL_COMPLEMENT, BITWISE_COMPLEMENT -> true;
          default -> false;
        }) {
          yield mayBeConstant(unary.getExpression());
        }
        if (expression instanceof com.sun.source.tree.ConditionalExpressionTree conditional) {
          yield mayBeConstant(conditional.getCondition())
              && mayBeConstant(conditional.getTrueExpression())
              && mayBeConstant(conditional.getFalseExpression());
        }
        yield false;
      }
    };
  }
}
