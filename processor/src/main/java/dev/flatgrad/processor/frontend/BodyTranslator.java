package dev.flatgrad.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import dev.flatgrad.processor.diag.Diagnostics;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Primitive;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOperator;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a method body into three-address IR: one operation per statement, nested
 * subexpressions in temporaries, each reassignment in a new version of the variable. Whatever is
 * outside the subset is reported at its tree; translation then goes on with the next statement,
 * so one run reports every problem.
 */
final class BodyTranslator {

  private final CompilationUnitTree unit;
  private final Symbols symbols;
  private final Constants constants;
  private final Diagnostics diagnostics;
  private final Names names;
  private final SourceText sourceText;
  private final List<Stmt> body = new ArrayList<>();
  private final Deque<Map<String, Local>> scopes = new ArrayDeque<>();
  /** User names already given to a declared variable; a second declaration gets a fresh one. */
  private final Set<String> declaredNames = new HashSet<>();
  private Expr result;
  private boolean returned;

  BodyTranslator(
      CompilationUnitTree unit,
      Symbols symbols,
      Constants constants,
      Diagnostics diagnostics,
      Names names,
      SourceText sourceText) {
    this.unit = unit;
    this.symbols = symbols;
    this.constants = constants;
    this.diagnostics = diagnostics;
    this.names = names;
    this.sourceText = sourceText;
    scopes.push(new HashMap<>());
  }

  /** Makes a parameter visible to the body. */
  void declareParameter(Variable parameter) {
    declaredNames.add(parameter.name());
    scopes.peek().put(parameter.name(), new Local(parameter.name(), parameter.type(), parameter));
  }

  /** The body's statements, after {@link #translate}. */
  List<Stmt> statements() {
    return body;
  }

  /** The atom the method returns, or null if it was not translated. */
  Expr result() {
    return result;
  }

  void translate(BlockTree block) {
    scopes.push(new HashMap<>());
    for (StatementTree statement : block.getStatements()) {
      if (returned) {
        break; // javac reports the unreachable code itself
      }
      try {
        statement(statement);
      } catch (Unsupported unsupported) {
        if (unsupported.tree() != null) {
          diagnostics.error(unsupported.tree(), unit, unsupported.getMessage());
        }
      }
    }
    scopes.pop();
  }

  private void statement(StatementTree statement) {
    switch (statement.getKind()) {
      case VARIABLE -> declaration((VariableTree) statement);
      case EXPRESSION_STATEMENT -> expressionStatement(
          ((ExpressionStatementTree) statement).getExpression());
      case RETURN -> returnStatement((ReturnTree) statement);
      case BLOCK -> translate((BlockTree) statement);
      case EMPTY_STATEMENT -> {}
      default -> throw new Unsupported(statement, Describe.statement(statement)
          + " is not supported yet: a @Differentiable method is straight-line code of"
          + " declarations, assignments and a return");
    }
  }

  private void declaration(VariableTree declaration) {
    String userName = declaration.getName().toString();
    Tree typeTree = declaration.getType();
    boolean inferred = typeTree == null || typeTree.toString().equals("var");
    Type declared = inferred ? null : localType(typeTree, userName);
    ExpressionTree initializer = declaration.getInitializer();
    if (initializer == null) {
      if (declared == null) {
        throw new Unsupported(declaration, "'var' needs an initializer");
      }
      scopes.peek().put(userName, new Local(userName, declared, null));
      return;
    }
    Local local = null;
    try {
      Expr value = operation(initializer);
      Type type = declared == null ? value.type() : declared;
      local = new Local(userName, type, null);
      checkAssignable(type, value, initializer);
      String name = declaredNames.add(userName) ? userName : names.fresh(userName);
      Variable variable = new Variable(name, type, Variable.Kind.LOCAL);
      body.add(new Stmt.Assign(variable, value, true));
      local.assign(variable);
    } catch (Unsupported unsupported) {
      Local broken = local != null ? local
          : new Local(userName, declared == null ? Type.DOUBLE : declared, null);
      broken.markBroken();
      scopes.peek().put(userName, broken);
      throw unsupported;
    }
    scopes.peek().put(userName, local);
  }

  private Type localType(Tree typeTree, String userName) {
    if (typeTree instanceof PrimitiveTypeTree primitive) {
      switch (primitive.getPrimitiveTypeKind()) {
        case DOUBLE:
          return Type.DOUBLE;
        case INT:
          return Type.INT;
        default:
          break;
      }
    }
    throw new Unsupported(typeTree, "local variable " + userName + " has type " + typeTree
        + "; supported local types are double, int and var");
  }

  private void expressionStatement(ExpressionTree expression) {
    switch (expression.getKind()) {
      case ASSIGNMENT -> {
        AssignmentTree assignment = (AssignmentTree) expression;
        Local target = assignable(assignment.getVariable());
        assign(target, assignment.getExpression(), null);
      }
      case PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT,
          REMAINDER_ASSIGNMENT -> {
        CompoundAssignmentTree compound = (CompoundAssignmentTree) expression;
        Local target = assignable(compound.getVariable());
        assign(target, compound.getExpression(), compound);
      }
      case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> {
        UnaryTree step = (UnaryTree) expression;
        Local target = assignable(step.getExpression());
        boolean up = expression.getKind() == Tree.Kind.PREFIX_INCREMENT
            || expression.getKind() == Tree.Kind.POSTFIX_INCREMENT;
        Expr value = new Expr.Binary(up ? BinaryOperator.ADD : BinaryOperator.SUBTRACT,
            read(target, step.getExpression()), Expr.Literal.ofInt(1), target.type());
        define(target, value);
      }
      default -> throw new Unsupported(expression, Describe.expression(expression)
          + " is not supported as a statement; write an assignment to a local variable");
    }
  }

  /** {@code target = value}, or {@code target op= value} for a compound assignment. */
  private void assign(Local target, ExpressionTree valueTree, CompoundAssignmentTree compound) {
    try {
      Expr value;
      if (compound == null) {
        value = operation(valueTree);
        checkAssignable(target.type(), value, valueTree);
      } else {
        BinaryOperator operator = Operators.compound(compound);
        Expr current = read(target, compound.getVariable());
        Expr operand = atom(valueTree);
        checkRemainder(operator, current, operand, compound);
        value = new Expr.Binary(operator, current, operand,
            Type.promote(current.type(), operand.type()));
        if (target.type() == Type.INT && value.type() == Type.DOUBLE) {
          // Java narrows the result of a compound assignment silently: i += 0.5.
          value = new Expr.Unary(UnaryOperator.TO_INT, temporary(value), Type.INT);
        }
      }
      define(target, value);
    } catch (Unsupported unsupported) {
      target.markBroken();
      throw unsupported;
    }
  }

  /** Gives {@code target} a new version holding {@code value}. */
  private void define(Local target, Expr value) {
    String name = target.current() == null && declaredNames.add(target.userName())
        ? target.userName()
        : names.version(target.userName(), target.nextVersion());
    Variable next = new Variable(name, target.type(), Variable.Kind.LOCAL);
    body.add(new Stmt.Assign(next, value, true));
    target.assign(next);
  }

  private void returnStatement(ReturnTree statement) {
    ExpressionTree expression = statement.getExpression();
    if (expression == null) {
      throw new Unsupported(statement, "a @Differentiable method must return a double value");
    }
    Expr value = operation(expression);
    if (value.isAtom()) {
      result = value;
    } else {
      Variable variable = new Variable(names.fresh("value"), value.type(), Variable.Kind.LOCAL);
      body.add(new Stmt.Assign(variable, value, true));
      result = new Expr.Ref(variable);
    }
    returned = true;
  }

  private Local assignable(ExpressionTree target) {
    if (target instanceof IdentifierTree identifier) {
      Local local = lookup(identifier.getName().toString());
      if (local != null) {
        return local;
      }
      if (symbols.field(identifier.getName().toString()).isPresent()) {
        throw new Unsupported(target, "writes to fields are not supported: a @Differentiable"
            + " method must not change state; use a local variable");
      }
      throw new Unsupported(target, "cannot find symbol: variable " + identifier.getName());
    }
    throw new Unsupported(target, "assignments to " + Describe.expression(target)
        + " are not supported; assign to a local variable");
  }

  /** Translates an expression into one operation whose operands are atoms. */
  private Expr operation(ExpressionTree tree) {
    switch (tree.getKind()) {
      case PARENTHESIZED:
        return operation(((ParenthesizedTree) tree).getExpression());
      case INT_LITERAL:
      case DOUBLE_LITERAL:
        return literal((LiteralTree) tree, false);
      case IDENTIFIER:
        return identifier((IdentifierTree) tree);
      case MEMBER_SELECT:
        return constants.qualified((MemberSelectTree) tree);
      case UNARY_MINUS:
      case UNARY_PLUS:
        return unary((UnaryTree) tree);
      case PLUS:
      case MINUS:
      case MULTIPLY:
      case DIVIDE:
      case REMAINDER:
        return binary((BinaryTree) tree);
      case METHOD_INVOCATION:
        return call((MethodInvocationTree) tree);
      case TYPE_CAST:
        return cast((TypeCastTree) tree);
      default:
        throw new Unsupported(tree, Describe.expression(tree) + " is not supported in a"
            + " @Differentiable method yet; use double arithmetic, Math functions and"
            + " Activations");
    }
  }

  /** Translates an expression into an atom, computing it into a temporary if need be. */
  private Expr atom(ExpressionTree tree) {
    Expr value = operation(tree);
    return value.isAtom() ? value : temporary(value);
  }

  private Expr temporary(Expr value) {
    Variable variable = new Variable(names.temporary(), value.type(), Variable.Kind.TEMPORARY);
    body.add(new Stmt.Assign(variable, value, true));
    return new Expr.Ref(variable);
  }

  private Expr literal(LiteralTree literal, boolean negated) {
    String text = sourceText.of(literal).orElse(String.valueOf(literal.getValue()));
    double value = ((Number) literal.getValue()).doubleValue();
    Type type = literal.getKind() == Tree.Kind.INT_LITERAL ? Type.INT : Type.DOUBLE;
    return negated
        ? new Expr.Literal(type, "-" + text, -value)
        : new Expr.Literal(type, text, value);
  }

  private Expr identifier(IdentifierTree identifier) {
    String name = identifier.getName().toString();
    Local local = lookup(name);
    if (local != null) {
      return read(local, identifier);
    }
    return constants.unqualified(identifier);
  }

  private Expr read(Local local, Tree use) {
    if (local.isBroken()) {
      throw Unsupported.alreadyReported();
    }
    if (local.current() == null) {
      throw new Unsupported(use, "variable " + local.userName()
          + " might not have been initialized");
    }
    return new Expr.Ref(local.current());
  }

  private Expr unary(UnaryTree unary) {
    ExpressionTree operand = unary.getExpression();
    boolean minus = unary.getKind() == Tree.Kind.UNARY_MINUS;
    if (minus && (operand.getKind() == Tree.Kind.INT_LITERAL
        || operand.getKind() == Tree.Kind.DOUBLE_LITERAL)) {
      return literal((LiteralTree) operand, true);
    }
    Expr value = atom(operand);
    return new Expr.Unary(minus ? UnaryOperator.NEGATE : UnaryOperator.PLUS, value, value.type());
  }

  private Expr binary(BinaryTree binary) {
    Expr left = atom(binary.getLeftOperand());
    Expr right = atom(binary.getRightOperand());
    BinaryOperator operator = Operators.arithmetic(binary);
    checkRemainder(operator, left, right, binary);
    return new Expr.Binary(operator, left, right, Type.promote(left.type(), right.type()));
  }

  private void checkRemainder(BinaryOperator operator, Expr left, Expr right, Tree tree) {
    if (operator == BinaryOperator.REMAINDER
        && (left.type() == Type.DOUBLE || right.type() == Type.DOUBLE)) {
      throw new Unsupported(tree, "the remainder % of double values is not supported; it is"
          + " supported on int data");
    }
  }

  private Expr call(MethodInvocationTree call) {
    Primitive primitive = new CallResolver(symbols).primitive(call);
    List<? extends ExpressionTree> argumentTrees = call.getArguments();
    if (argumentTrees.size() != primitive.arity()) {
      throw new Unsupported(call, Describe.primitive(primitive) + " takes " + primitive.arity()
          + (primitive.arity() == 1 ? " argument" : " arguments") + ", not "
          + argumentTrees.size());
    }
    List<Expr> arguments = new ArrayList<>();
    for (ExpressionTree argument : argumentTrees) {
      arguments.add(atom(argument));
    }
    return new Expr.Call(primitive, arguments, resultType(primitive, arguments));
  }

  /** {@code double}, except {@code Math.abs}, {@code max} and {@code min} of ints, as in Java. */
  private static Type resultType(Primitive primitive, List<Expr> arguments) {
    boolean intOverload = primitive == Primitive.ABS || primitive == Primitive.MAX
        || primitive == Primitive.MIN;
    return intOverload && arguments.stream().allMatch(a -> a.type() == Type.INT)
        ? Type.INT
        : Type.DOUBLE;
  }

  private Expr cast(TypeCastTree cast) {
    Type target = cast.getType() instanceof PrimitiveTypeTree primitive
        ? switch (primitive.getPrimitiveTypeKind()) {
            case DOUBLE -> Type.DOUBLE;
            case INT -> Type.INT;
            default -> null;
          }
        : null;
    if (target == null) {
      throw new Unsupported(cast, "casts to " + cast.getType() + " are not supported; only"
          + " (double) and (int) are");
    }
    Expr value = atom(cast.getExpression());
    if (value.type() == target) {
      return value;
    }
    return new Expr.Unary(
        target == Type.INT ? UnaryOperator.TO_INT : UnaryOperator.TO_DOUBLE, value, target);
  }

  private void checkAssignable(Type target, Expr value, Tree tree) {
    if (target == Type.INT && value.type() == Type.DOUBLE) {
      throw new Unsupported(tree, "incompatible types: possible lossy conversion from double"
          + " to int");
    }
  }

  private Local lookup(String name) {
    for (Map<String, Local> scope : scopes) {
      Local local = scope.get(name);
      if (local != null) {
        return local;
      }
    }
    return null;
  }
}
