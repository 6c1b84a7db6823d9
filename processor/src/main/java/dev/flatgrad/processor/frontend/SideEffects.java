package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOperator;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Assignments, {@code ++}, {@code --}, switch expressions, stream reductions and array
 * initializers inside expressions ({@code x[i++] = v}, {@code while (n-- > 0)}, {@code a = b =
 * 0}, {@code Arrays.stream(x).sum()}, {@code norm(new double[] {x, y})}) become statements
 * before the expression, in
 * Java's order of evaluation: operands left to right, an operand read before a later one changes
 * what it reads copied first. The right side of {@code &&} and {@code ||} and the branches of
 * {@code ?:} run in an {@code if}, so the side effects of the operand not taken do not happen.
 * Each subexpression so computed is then read by the expression's translation as a variable.
 */
final class SideEffects {

  private final BodyTranslator body;
  private final ExpressionTranslator expressions;
  private final Blocks blocks;
  private final ThreeAddress threeAddress;
  private final Names names;
  private final Switches switches;
  private final StreamReductions streams;
  /** Calls translated in place because records held as values are involved. */
  private RecordValues records;

  SideEffects(BodyTranslator body, ExpressionTranslator expressions, Blocks blocks,
      ThreeAddress threeAddress, Names names, Switches switches, StreamReductions streams) {
    this.streams = streams;
    this.body = body;
    this.expressions = expressions;
    this.blocks = blocks;
    this.threeAddress = threeAddress;
    this.names = names;
    this.switches = switches;
  }

  void recordValues(RecordValues records) {
    this.records = records;
  }

  /**
   * Whether {@code tree} has parts whose statements must be emitted before it is read: side
   * effects ({@link #has}), or calls translated in place ({@link RecordValues}).
   */
  boolean effects(ExpressionTree tree) {
    return has(tree) || tree != null && records != null && records.involves(tree);
  }

  /** Whether {@code tree} changes a variable or holds a switch expression. */
  static boolean has(Tree tree) {
    return has(tree, true);
  }

  /**
   * {@link #has}, but for array initializers ({@code nrm(new double[] {x, y})}): each makes a
   * fresh array of its own, so computing it where the argument is read changes nothing else.
   */
  static boolean hasBeyondInitializers(Tree tree) {
    return has(tree, false);
  }

  private static boolean has(Tree tree, boolean countInitializers) {
    if (tree == null) {
      return false;
    }
    boolean[] found = {false};
    new OwnCodeScanner() {
      @Override
      public Void visitAssignment(AssignmentTree tree, Void unused) {
        found[0] = true;
        return null;
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree tree, Void unused) {
        found[0] = true;
        return null;
      }

      @Override
      public Void visitUnary(UnaryTree tree, Void unused) {
        if (isStep(tree)) {
          found[0] = true;
          return null;
        }
        return super.visitUnary(tree, unused);
      }

      @Override
      public Void visitSwitchExpression(SwitchExpressionTree tree, Void unused) {
        found[0] = true;
        return null;
      }

      @Override
      public Void visitNewArray(NewArrayTree tree, Void unused) {
        if (countInitializers && ArrayInitializers.isInitializer(tree)) {
          found[0] = true;
          return null;
        }
        return super.visitNewArray(tree, unused);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
        if (StreamReductions.looksLikeOne(tree)) {
          found[0] = true;
          return null;
        }
        return super.visitMethodInvocation(tree, unused);
      }
    }.scan(tree, null);
    return found[0];
  }

  private static boolean isStep(Tree tree) {
    return switch (tree.getKind()) {
      case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> true;
      default -> false;
    };
  }

  /**
   * Emits the side effects of {@code tree}; translating it afterwards reads their results. A
   * switch expression that is all of {@code tree} gets the type {@code expected} (null: its own).
   */
  void prepare(ExpressionTree tree, Type expected) {
    if (!effects(tree)) {
      return;
    }
    ExpressionTree core = tree;
    while (core instanceof ParenthesizedTree parenthesized) {
      core = parenthesized.getExpression();
    }
    if (core instanceof SwitchExpressionTree switchExpression) {
      expressions.computed(core, switches.expression(switchExpression, expected));
      return;
    }
    if (ArrayInitializers.isInitializer(core)) {
      return; // the whole value: the declaration or row assignment stores its elements
    }
    walk(tree);
  }

  /**
   * The side effects of an assignment statement's parts, in Java's order: the target's indices,
   * then the value.
   */
  void prepareAssignment(ExpressionTree target, ExpressionTree value, Type expected) {
    List<ExpressionTree> parts = targetParts(target);
    // m[i] = new double[] {a, b}: the row assignment computes the elements after the index.
    boolean wholeInitializer = value != null
        && ArrayInitializers.isInitializer(Unsupported.core(value));
    if (value != null && !parts.isEmpty() && !wholeInitializer) {
      parts.add(value);
      sequence(parts);
      return;
    }
    sequence(parts);
    prepare(value, expected);
  }

  /**
   * The same for {@code target op= value}, which reads the target before the value: a value that
   * changes the target ({@code w += w += 1}) is reported, since the old value is not kept.
   */
  void prepareCompound(ExpressionTree target, ExpressionTree value) {
    if (has(value) && Assigned.names(value).stream().anyMatch(Assigned.reads(target)::contains)) {
      throw new Unsupported(value, "a compound assignment whose right side changes its own"
          + " target is not supported; write the steps as separate statements");
    }
    prepareAssignment(target, value, null);
  }

  private static List<ExpressionTree> targetParts(ExpressionTree target) {
    List<ExpressionTree> parts = new ArrayList<>();
    ExpressionTree array = Unsupported.core(target);
    while (array instanceof ArrayAccessTree access) {
      parts.add(0, access.getIndex());
      array = Unsupported.core(access.getExpression());
    }
    return parts;
  }

  private void walk(ExpressionTree tree) {
    if (!effects(tree) || expressions.isComputed(tree)) {
      return;
    }
    switch (tree.getKind()) {
      case PARENTHESIZED -> walk(((ParenthesizedTree) tree).getExpression());
      case TYPE_CAST -> walk(((TypeCastTree) tree).getExpression());
      case UNARY_MINUS, UNARY_PLUS, LOGICAL_COMPLEMENT, BITWISE_COMPLEMENT ->
          walk(((UnaryTree) tree).getExpression());
      case MEMBER_SELECT -> {
        Optional<Expr> field = records == null
            ? Optional.empty()
            : records.computedField(tree); // v.limited(r).y
        if (field.isPresent()) {
          expressions.computed(tree, field.get());
        } else {
          walk(((MemberSelectTree) tree).getExpression());
        }
      }
      case ASSIGNMENT, PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT,
          REMAINDER_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT,
          UNSIGNED_RIGHT_SHIFT_ASSIGNMENT, AND_ASSIGNMENT, XOR_ASSIGNMENT, OR_ASSIGNMENT ->
              assignment(tree);
      case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT ->
          step((UnaryTree) tree);
      case CONDITIONAL_AND, CONDITIONAL_OR -> shortCircuit((BinaryTree) tree);
      case CONDITIONAL_EXPRESSION -> conditional((ConditionalExpressionTree) tree);
      case SWITCH_EXPRESSION ->
          expressions.computed(tree, switches.expression((SwitchExpressionTree) tree, null));
      case NEW_ARRAY -> // an argument f(new double[] {x, y}): a local array of its own first
          expressions.computed(tree, new Expr.Ref(body.argumentArray((NewArrayTree) tree)));
      case ARRAY_ACCESS -> {
        ArrayAccessTree access = (ArrayAccessTree) tree;
        sequence(List.of(access.getExpression(), access.getIndex()));
      }
      case METHOD_INVOCATION -> {
        Optional<Expr> inPlace = records == null
            ? Optional.empty()
            : records.scalarCall((MethodInvocationTree) tree);
        if (inPlace.isPresent()) {
          expressions.computed(tree, inPlace.get());
          return;
        }
        Expr reduced = StreamReductions.looksLikeOne((MethodInvocationTree) tree)
            ? streams.reduce((MethodInvocationTree) tree)
            : null;
        if (reduced != null) {
          expressions.computed(tree, reduced);
        } else {
          sequence(operands((MethodInvocationTree) tree));
        }
      }
      default -> {
        if (tree instanceof BinaryTree binary) {
          sequence(List.of(binary.getLeftOperand(), binary.getRightOperand()));
        } else {
          throw new Unsupported(tree, "side effects (assignments, ++, --) inside "
              + Describe.expression(tree) + " are not supported; write them as statements");
        }
      }
    }
  }

  /**
   * What a call evaluates, in order: its arguments, after its receiver if that is a builder
   * chain ({@code new StringBuilder().append(z.abs()).toString()}), as a message is built.
   */
  private List<ExpressionTree> operands(MethodInvocationTree call) {
    List<ExpressionTree> operands = new ArrayList<>();
    if (call.getMethodSelect() instanceof MemberSelectTree select
        && expressions.builders().isBuilder(select.getExpression())) {
      operands.add(select.getExpression());
    }
    operands.addAll(call.getArguments());
    return operands;
  }

  /**
   * Operands evaluated left to right: each one's side effects, then a copy of its value if a
   * later operand changes a variable it reads.
   */
  private void sequence(List<? extends ExpressionTree> operands) {
    for (int i = 0; i < operands.size(); i++) {
      ExpressionTree operand = operands.get(i);
      walk(operand);
      Set<String> read = Assigned.reads(operand);
      boolean changedLater = false;
      for (int j = i + 1; j < operands.size() && !changedLater; j++) {
        changedLater = Assigned.names(operands.get(j)).stream().anyMatch(read::contains);
      }
      if (changedLater) {
        copy(operand);
      }
    }
  }

  /** Computes {@code tree} into a temporary now, unless its value cannot change. */
  private void copy(ExpressionTree tree) {
    if (expressions.isComputed(tree)) {
      return;
    }
    Expr value = expressions.translate(tree);
    if (value instanceof Expr.Literal || value instanceof Expr.Constant || value.type().isArray()) {
      return;
    }
    Variable temporary = temporary(value.type());
    blocks.emit(new Stmt.Assign(temporary, threeAddress.operation(value), true));
    expressions.computed(tree, new Expr.Ref(temporary));
  }

  private Variable temporary(Type type) {
    return new Variable(names.temporary(), type, Variable.Kind.TEMPORARY);
  }

  /** {@code (y = e)}: the assignment as a statement; its value is the target's new value. */
  private void assignment(ExpressionTree tree) {
    ExpressionTree target = tree instanceof AssignmentTree assignment
        ? assignment.getVariable()
        : ((CompoundAssignmentTree) tree).getVariable();
    body.expressionStatement(tree); // which prepares the target's indices and the value
    expressions.computed(tree, currentValue(target));
  }

  /** {@code i++} and the like: the step as a statement; a postfix one's value is the old one. */
  private void step(UnaryTree tree) {
    ExpressionTree target = tree.getExpression();
    sequence(targetParts(target));
    Expr old = null;
    boolean postfix = tree.getKind() == Tree.Kind.POSTFIX_INCREMENT
        || tree.getKind() == Tree.Kind.POSTFIX_DECREMENT;
    if (postfix) {
      Expr current = expressions.translate(target);
      Variable temporary = temporary(current.type());
      blocks.emit(new Stmt.Assign(temporary, current, true));
      old = new Expr.Ref(temporary);
    }
    body.expressionStatement(tree);
    expressions.computed(tree, postfix ? old : currentValue(target));
  }

  private Expr currentValue(ExpressionTree target) {
    ExpressionTree core = Unsupported.core(target);
    if (core instanceof ArrayAccessTree access) {
      return expressions.element(access);
    }
    return expressions.translate(core);
  }

  /** {@code a && b}, {@code a || b} with side effects in {@code b}: they run only if needed. */
  private void shortCircuit(BinaryTree tree) {
    ExpressionTree left = tree.getLeftOperand();
    ExpressionTree right = tree.getRightOperand();
    if (!effects(right)) {
      walk(left);
      return;
    }
    walk(left);
    Variable result = temporary(Type.BOOLEAN);
    blocks.emit(new Stmt.Assign(result, expressions.condition(left), true));
    List<Stmt> rest = blocks.nested(() -> {
      walk(right);
      blocks.emit(new Stmt.Assign(result, expressions.condition(right), false));
    });
    Expr ref = new Expr.Ref(result);
    Expr run = tree.getKind() == Tree.Kind.CONDITIONAL_AND
        ? ref
        : new Expr.Unary(UnaryOperator.NOT, ref, Type.BOOLEAN);
    blocks.emit(new Stmt.If(run, rest, List.of()));
    expressions.computed(tree, ref);
  }

  /** {@code c ? a : b} with side effects in a branch: only the branch taken runs them. */
  private void conditional(ConditionalExpressionTree tree) {
    walk(tree.getCondition());
    if (!effects(tree.getTrueExpression()) && !effects(tree.getFalseExpression())) {
      return;
    }
    Expr condition = expressions.condition(tree.getCondition());
    Expr[] values = new Expr[2];
    List<Stmt> then = blocks.nested(() -> {
      walk(tree.getTrueExpression());
      values[0] = expressions.translate(tree.getTrueExpression());
    });
    List<Stmt> otherwise = blocks.nested(() -> {
      walk(tree.getFalseExpression());
      values[1] = expressions.translate(tree.getFalseExpression());
    });
    Type type;
    if (isNumber(values[0]) && isNumber(values[1])) {
      type = Type.promote(values[0].type(), values[1].type());
    } else if (values[0].type() == values[1].type() && !values[0].type().isArray()) {
      type = values[0].type();
    } else {
      throw new Unsupported(tree, "the branches of ?: must both be numbers or both booleans");
    }
    Variable result = temporary(type);
    blocks.into(then, () -> blocks.emit(
        new Stmt.Assign(result, threeAddress.operation(values[0]), false)));
    blocks.into(otherwise, () -> blocks.emit(
        new Stmt.Assign(result, threeAddress.operation(values[1]), false)));
    blocks.emit(new Stmt.Declare(result));
    blocks.emit(new Stmt.If(condition, then, otherwise));
    expressions.computed(tree, new Expr.Ref(result));
  }

  private static boolean isNumber(Expr expr) {
    return expr.type() == Type.DOUBLE || expr.type() == Type.INT;
  }
}
