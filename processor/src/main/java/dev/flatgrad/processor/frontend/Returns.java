package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;

/**
 * The method's {@code return} statements and the result they give. One return at the end is the
 * result itself; with early returns, each assigns one result variable and sets the returned flag
 * that guards what follows ({@link Jumps}); a method returning {@code double[]} returns once, at
 * its end, a local array.
 */
final class Returns {

  private final Blocks blocks;
  private final Names names;
  private final ExpressionTranslator expressions;
  private final ThreeAddress threeAddress;
  private final SideEffects sideEffects;
  private final LocalArrays arrays;
  private final Jumps jumps;
  /** With several returns: the variable each assigns, and the flag that skips what follows. */
  private Variable resultVariable;
  /** Whether the method returns double[]; then its one return is {@code finalReturn}. */
  private boolean returnsVector;
  /** Whether the method's return type was reported: its returns are not checked again. */
  private boolean returnTypeReported;
  /** The scalar the method returns, {@code double} or {@code float}. */
  private Type scalarReturn = Type.DOUBLE;
  private ReturnTree finalReturn;
  private Variable returnedFlag;
  private Expr result;

  Returns(BodyContext context, LocalArrays arrays, Jumps jumps) {
    this.blocks = context.blocks();
    this.names = context.names();
    this.expressions = context.expressions();
    this.threeAddress = context.threeAddress();
    this.sideEffects = context.sideEffects();
    this.arrays = arrays;
    this.jumps = jumps;
  }

  /** The method's return type was reported: its {@code return} statements are not checked. */
  void returnTypeReported() {
    returnTypeReported = true;
  }

  /**
   * Before the method's {@code statements}, which return {@code returnType}: with early returns,
   * the result variable and the returned flag, declared first.
   */
  void begin(List<? extends StatementTree> statements, Type returnType) {
    if (returnType.isReal()) {
      scalarReturn = returnType;
    }
    if (returnType == Type.DOUBLE_ARRAY) {
      // A vector is returned once, at the end: arrays are never reassigned, so there is no
      // variable several returns could fill.
      returnsVector = true;
      StatementTree last = statements.isEmpty() ? null : statements.get(statements.size() - 1);
      finalReturn = last instanceof ReturnTree returned ? returned : null;
    } else if (Exits.hasEarlyReturn(statements)) {
      resultVariable = new Variable(names.fresh("value"), scalarReturn, Variable.Kind.LOCAL);
      returnedFlag = new Variable(names.fresh("returned"), Type.BOOLEAN, Variable.Kind.LOCAL);
      blocks.emit(new Stmt.Assign(resultVariable, Expr.defaultValue(scalarReturn), true));
      blocks.emit(new Stmt.Assign(returnedFlag, Expr.Literal.ofBoolean(false), true));
      result = new Expr.Ref(resultVariable);
      jumps.setReturned(returnedFlag);
    }
  }

  /** The atom the method returns, or null if no return was translated. */
  Expr result() {
    return result;
  }

  /** {@code return y;} of a local array, or {@code return new double[] {a, b};}. */
  private Expr vectorResult(ReturnTree statement) {
    ExpressionTree expression = statement.getExpression();
    if (statement != finalReturn) {
      throw new Unsupported(statement, "a @Differentiable method returning double[] must return"
          + " once, as its last statement; compute the vector in a local array and return it"
          + " at the end");
    }
    if (expression != null && ArrayInitializers.isInitializer(expression)) {
      // A fresh name: the reverse pass may name a copy of the result "value" too.
      return new Expr.Ref(arrays.initializedArray(names.fresh("value"), Type.DOUBLE_ARRAY,
          (NewArrayTree) expression).current());
    }
    Expr value = expression == null ? null : expressions.translate(expression);
    if (value instanceof Expr.Ref ref && ref.type() == Type.DOUBLE_ARRAY
        && ref.variable().kind() == Variable.Kind.LOCAL) {
      return value;
    }
    throw new Unsupported(expression == null ? statement : expression, "return a local array"
        + " (double[] y = new double[m]; … return y;) or new double[] {…} from a method"
        + " returning double[]; other arrays (parameters, rows, calls) are not supported");
  }

  /** The method's {@code return statement;} (an inlined helper's returns are its own). */
  void statement(ReturnTree statement) {
    ExpressionTree expression = statement.getExpression();
    if (returnTypeReported) {
      return;
    }
    if (returnsVector) {
      result = vectorResult(statement);
      return;
    }
    if (expression == null) {
      throw new Unsupported(statement, "a @Differentiable method must return a double value");
    }
    sideEffects.prepare(expression, scalarReturn);
    Expr value = expressions.translate(expression);
    LocalTypes.checkAssignable(scalarReturn, value, expression);
    if (resultVariable != null) {
      blocks.emit(new Stmt.Assign(resultVariable, threeAddress.operation(value), false));
      blocks.emit(new Stmt.Assign(returnedFlag, Expr.Literal.ofBoolean(true), false));
      return;
    }
    Expr operation = threeAddress.operation(value);
    // A float returned as double is widened into a double variable, an int returned as float
    // into a float one: the result's type is the method's, so the gradient is seeded in it.
    boolean widened = operation.type() != scalarReturn
        && (scalarReturn == Type.FLOAT || operation.type() == Type.FLOAT);
    if (operation.isAtom() && !widened) {
      result = operation;
    } else {
      Variable variable = new Variable(names.fresh("value"),
          widened ? scalarReturn : operation.type(), Variable.Kind.LOCAL);
      blocks.emit(new Stmt.Assign(variable, operation, true));
      result = new Expr.Ref(variable);
    }
  }
}
