package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOperator;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Assignments as statements: {@code x = v}, {@code x op= v}, {@code ++} and {@code --}, to a
 * local (a new version or an overwrite, see {@link Scopes#define}), to an element of a local
 * array, or to a row of a local matrix ({@link RowAssignments}). Writes to parameters, fields and
 * anything else are reported here, with what to write instead.
 */
final class Assignments {

  private final Blocks blocks;
  private final Scopes scopes;
  private final Names names;
  private final ExpressionTranslator expressions;
  private final ThreeAddress threeAddress;
  private final SideEffects sideEffects;
  private final LocalArrays arrays;
  private final RowAssignments rows;
  private final Constants constants;
  private final ArrayReallocations reallocations;
  private final TableChoices tables;

  /** Records held as values, whose assignments assign the numbers inside them. */
  private RecordValues records;

  Assignments(BodyContext context, LocalArrays arrays, RowAssignments rows, Constants constants,
      ArrayReallocations reallocations) {
    this.reallocations = reallocations;
    this.blocks = context.blocks();
    this.scopes = context.scopes();
    this.names = context.names();
    this.expressions = context.expressions();
    this.threeAddress = context.threeAddress();
    this.sideEffects = context.sideEffects();
    this.arrays = arrays;
    this.rows = rows;
    this.constants = constants;
    this.tables = new TableChoices(context, constants);
  }

  void recordValues(RecordValues records) {
    this.records = records;
  }

  /**
   * Translates the statement {@code expression} if it is an assignment, {@code ++} or {@code
   * --}; false, with nothing translated, if it is not.
   */
  boolean translate(ExpressionTree expression) {
    switch (expression.getKind()) {
      case ASSIGNMENT -> {
        AssignmentTree assignment = (AssignmentTree) expression;
        if (records.assign(assignment.getVariable(), assignment.getExpression())) {
          return true; // z = z.times(w);
        }
        sideEffects.prepareAssignment(assignment.getVariable(), assignment.getExpression(),
            targetType(assignment.getVariable()));
        assign(assignment.getVariable(), null, assignment.getExpression(), expression);
      }
      case PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT,
          REMAINDER_ASSIGNMENT, LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT,
          UNSIGNED_RIGHT_SHIFT_ASSIGNMENT, AND_ASSIGNMENT, XOR_ASSIGNMENT, OR_ASSIGNMENT -> {
        CompoundAssignmentTree compound = (CompoundAssignmentTree) expression;
        sideEffects.prepareCompound(compound.getVariable(), compound.getExpression());
        assign(compound.getVariable(), Operators.compound(compound), compound.getExpression(),
            expression);
      }
      case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT -> {
        UnaryTree step = (UnaryTree) expression;
        sideEffects.prepareAssignment(step.getExpression(), null, null);
        boolean up = expression.getKind() == Tree.Kind.PREFIX_INCREMENT
            || expression.getKind() == Tree.Kind.POSTFIX_INCREMENT;
        assign(step.getExpression(), up ? BinaryOperator.ADD : BinaryOperator.SUBTRACT, null,
            expression);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code target = value}, {@code target op= value}, or with a null {@code valueTree}, {@code
   * target op= 1} for {@code ++} and {@code --}.
   */
  private void assign(ExpressionTree targetTree, BinaryOperator operator,
      ExpressionTree valueTree, Tree statement) {
    if (targetTree instanceof ArrayAccessTree access) {
      storeElement(access, operator, valueTree, statement);
      return;
    }
    Local target = expressions.local(targetTree);
    if (target == null || target.isBroken()) {
      throw notAssignable(targetTree);
    }
    try {
      if (target.rows() != null && operator == null) {
        scopes.define(target, arrays.rowNumber(target.userName(), valueTree));
        return;
      }
      if (target.isTableChoice() && operator == null) {
        tables.assign(target, valueTree);
        return;
      }
      if (target.isReallocated() && operator == null) {
        reallocations.reallocate(target, valueTree);
        return;
      }
      if (target.type().isArray() || target.rows() != null) {
        throw new Unsupported(targetTree, "the array " + target.userName() + " cannot be"
            + " reassigned; write to its elements instead");
      }
      // Only a compound assignment reads the old value; "y = ..." may be y's first assignment.
      Expr current = operator == null ? null : expressions.read(target, targetTree);
      Expr value = newValue(current, target.type(), operator, valueTree, statement);
      scopes.define(target, value);
    } catch (Unsupported unsupported) {
      target.markBroken();
      throw unsupported;
    }
  }

  /** The type of a local assigned as a whole, as a switch expression's value needs; else null. */
  private Type targetType(ExpressionTree target) {
    Local local = expressions.local(target);
    return local == null || local.isBroken() ? null : local.type();
  }

  /** Why {@code target} cannot be assigned: it is no local variable, or a broken one. */
  private Unsupported notAssignable(ExpressionTree target) {
    if (expressions.dependsOnReported(target)) {
      return Unsupported.alreadyReported();
    }
    if (target instanceof IdentifierTree identifier
        && !constants.isField(identifier.getName().toString())) {
      return new Unsupported(target, "cannot find symbol: variable " + identifier.getName());
    }
    if (target.getKind() == Tree.Kind.IDENTIFIER || target.getKind() == Tree.Kind.MEMBER_SELECT) {
      return new Unsupported(target, "writes to fields are not supported: a @Differentiable"
          + " method must not change state; use a local variable");
    }
    return new Unsupported(target, "assignments to " + Describe.expression(target)
        + " are not supported; assign to a local variable or an element of a local array");
  }

  /** The value an assignment stores, as one operation; {@code current} is the old value. */
  private Expr newValue(Expr current, Type targetType, BinaryOperator operator,
      ExpressionTree valueTree, Tree statement) {
    if (operator == null) {
      Expr value = expressions.translate(valueTree);
      LocalTypes.checkAssignable(targetType, value, valueTree);
      return threeAddress.operation(value);
    }
    Expr operand = valueTree == null ? Expr.Literal.ofInt(1) : expressions.translate(valueTree);
    if (targetType == Type.STRING && operator == BinaryOperator.ADD) {
      return Strings.concat(current, operand); // message += ", " + x
    }
    if (targetType == Type.BOOLEAN && operand.type() == Type.BOOLEAN && operator.isBitwise()) {
      return threeAddress.operation(new Expr.Binary(operator, current, operand, Type.BOOLEAN));
    }
    if (!operand.type().isNumeric() || !targetType.isNumeric()) {
      throw new Unsupported(valueTree == null ? statement : valueTree,
          "a number is required here");
    }
    // A shift has its left operand's type: i <<= n of a long n is an int shift.
    Type type = operator.isShift()
        ? Type.promote(current.type())
        : Type.promote(current.type(), operand.type());
    Expr value = new Expr.Binary(operator, current, operand, type);
    if (type != targetType) {
      // Java narrows the result of a compound assignment silently: i += 0.5, c++ on a char.
      // Into a float the derivative passes the cast: the sum is an operation of its own.
      return new Expr.Unary(UnaryOperator.castTo(targetType), targetType == Type.FLOAT
          ? threeAddress.operand(value) : threeAddress.operation(value), targetType);
    }
    return threeAddress.operation(value);
  }

  /** {@code y[i] = value} and its compound forms, on local arrays only. */
  private void storeElement(ArrayAccessTree access, BinaryOperator operator,
      ExpressionTree valueTree, Tree statement) {
    Expr.Element element = expressions.element(access);
    Type elementType = element.type();
    Local array = arrayOf(access);
    if (array != null) {
      expressions.requireWritable(access, element, "this assignment");
    }
    if (elementType.isArray()) {
      if (operator != null || array == null || element.array().kind() != Variable.Kind.LOCAL) {
        throw new Unsupported(access, "rows of a matrix cannot be replaced; write to its"
            + " elements");
      }
      // m[i] = new double[] {f(new double[] {a}), b}: prepareAssignment left the elements'
      // side effects to the row assignment, which computes them one by one, in order.
      Function<ExpressionTree, Expr> translate =
          ArrayInitializers.isInitializer(Unsupported.core(valueTree))
              ? value -> {
                sideEffects.prepare(value, elementType.elementType());
                return expressions.translate(value);
              }
              : expressions::translate;
      rows.assign(element, array.userName(), valueTree, statement, translate, scopes::viewsOf);
      return;
    }
    if (array == null) {
      throw new Unsupported(access, "writes to the elements of the field "
          + Unsupported.core(arrayTree(access)) + " are not supported: a @Differentiable method"
          + " reads fields as data and never changes them; copy the values into a local array to"
          + " change them");
    }
    Variable stored = element.array();
    if (stored.kind() == Variable.Kind.PARAMETER) { // a matrix, or one through a view
      String through = array.userName().equals(stored.name()) ? ""
          : " (through " + array.userName() + ")";
      String kind = stored.type().rank() == 3 ? "tensor" : "matrix";
      throw new Unsupported(access, "writes to the " + kind + " parameter " + stored.name()
          + through + " are not supported: flatgrad never changes its inputs; copy it into a"
          + " local " + kind + " first");
    }
    element = withIndicesReadFirst(element);
    Expr value = newValue(element, elementType, operator, valueTree, statement);
    blocks.emit(new Stmt.Store(element, value));
  }

  /**
   * {@code y[y[0]] = v} as {@code int i = y[0]; y[i] = v}: an index that reads the array written
   * is computed into a local first, so that the element the reverse pass restores is the one
   * written, not the one the index names once the store has changed it.
   */
  private Expr.Element withIndicesReadFirst(Expr.Element element) {
    List<Expr> indices = new ArrayList<>();
    boolean changed = false;
    for (Expr index : element.indices()) {
      if (readsElementOf(index, element.array())) {
        Variable first = new Variable(names.temporary(), index.type(), Variable.Kind.TEMPORARY);
        blocks.emit(new Stmt.Assign(first, index, true));
        indices.add(new Expr.Ref(first));
        changed = true;
      } else {
        indices.add(index);
      }
    }
    return changed ? new Expr.Element(element.array(), indices) : element;
  }

  private static boolean readsElementOf(Expr expr, Variable array) {
    return expr instanceof Expr.Element element && element.array() == array
        || expr.children().stream().anyMatch(child -> readsElementOf(child, array));
  }

  /**
   * Translates the row swap {@code swap} ({@code double[] t = m[a]; m[a] = m[b]; m[b] = t;}) if
   * both rows belong to one local matrix; false, with nothing emitted, for other arrays, whose
   * three statements are then translated (and reported) one by one.
   */
  boolean swap(RowSwaps swap, Tree where) {
    Expr.Element first = expressions.element(swap.first());
    Expr.Element second = expressions.element(swap.second());
    Local matrix = arrayOf(swap.first());
    if (!first.type().isArray() || first.array().kind() != Variable.Kind.LOCAL
        || second.array() != first.array() || matrix == null) {
      return false;
    }
    rows.swap(first, second, matrix.userName(),
        length -> arrays.scratchArray("swapped", first.type(), length, where));
    return true;
  }

  private Local arrayOf(ArrayAccessTree access) {
    return expressions.local(arrayTree(access));
  }

  /** {@code a} in {@code a[i][j]}. */
  private static ExpressionTree arrayTree(ArrayAccessTree access) {
    ExpressionTree array = access;
    while (array instanceof ArrayAccessTree nested) {
      array = nested.getExpression();
    }
    return array;
  }
}
