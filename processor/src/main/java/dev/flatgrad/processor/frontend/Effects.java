package dev.flatgrad.processor.frontend;

import com.sun.source.tree.AssertTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.MethodRef;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Statements that run for their effect, exactly as written: {@code throw new E(message)} guard
 * clauses, {@code assert}s, and calls of checks such as {@code checkEqualLength(a, b);}. Their
 * expressions are read in place, so a message names the versions of locals current there.
 */
final class Effects {

  private final ExpressionTranslator expressions;
  private final ForeignCalls foreign;
  private final java.util.function.Consumer<ExpressionTree> prepare;
  /** Whether an expression has calls translated in place ({@link RecordValues#involves}). */
  private final java.util.function.Predicate<ExpressionTree> inPlace;

  /**
   * {@code prepare} emits an argument's side effects before it is read (see SideEffects); {@code
   * inPlace} tells expressions with calls translated in place.
   */
  Effects(ExpressionTranslator expressions, ForeignCalls foreign,
      java.util.function.Consumer<ExpressionTree> prepare,
      java.util.function.Predicate<ExpressionTree> inPlace) {
    this.expressions = expressions;
    this.foreign = foreign;
    this.prepare = prepare;
    this.inPlace = inPlace;
  }

  /** {@code throw new E(arguments...)}. */
  Stmt throwStatement(ThrowTree statement) {
    ExpressionTree thrown = Unsupported.core(statement.getExpression());
    if (!(thrown instanceof NewClassTree creation) || creation.getClassBody() != null
        || creation.getEnclosingExpression() != null
        || !creation.getTypeArguments().isEmpty()) {
      if (expressions.dependsOnReported(statement.getExpression())) {
        throw Unsupported.alreadyReported();
      }
      throw new Unsupported(statement.getExpression(), "only a new exception can be thrown"
          + " here, as in throw new IllegalArgumentException(\"x must be > 0: \" + x)");
    }
    if (expressions.mentionsReportedType(creation.getIdentifier())) {
      throw Unsupported.alreadyReported();
    }
    return new Stmt.Throw(foreign.exceptionClass(creation.getIdentifier()),
        arguments(creation.getArguments()));
  }

  /** {@code assert condition : detail;}, honouring {@code -ea} as the user's code does. */
  Stmt assertStatement(AssertTree statement) {
    checkAssert(statement);
    Expr condition = expressions.condition(statement.getCondition());
    Expr detail = statement.getDetail() == null ? null : value(statement.getDetail());
    return new Stmt.Assert(condition, detail);
  }

  /** Reports what no translation of an assert keeps: assignments, in-place calls in its message. */
  void checkAssert(AssertTree statement) {
    // Java runs the condition only under -ea and the message only when the condition fails:
    // an assignment in them would happen in the generated code but not in the user's.
    for (ExpressionTree part : java.util.Arrays.asList(statement.getCondition(),
        statement.getDetail())) {
      if (part != null && !Assigned.names(part).isEmpty()) {
        throw new Unsupported(part, "this assert changes " + String.join(", ",
            new java.util.TreeSet<>(Assigned.names(part))) + ", but Java evaluates an assert's"
            + " condition only when assertions are enabled (-ea) and its message only when the"
            + " condition fails; compute the value in a statement before the assert");
      }
    }
    if (statement.getDetail() != null && inPlace.test(statement.getDetail())) {
      throw new Unsupported(statement.getDetail(), "this assert's message calls a method"
          + " flatgrad translates where it is called (of a record or small class, or a lambda),"
          + " but Java evaluates the message only when the condition fails; compute the value in"
          + " a statement before the assert");
    }
  }

  /**
   * Whether {@code statement}'s condition calls a method translated in place: its statements
   * must then run only where Java runs the condition ({@link #guardedAssert}).
   */
  boolean assertNeedsGuard(AssertTree statement) {
    return inPlace.test(statement.getCondition());
  }

  /**
   * {@code if (!condition) throw new AssertionError(detail);}, the condition's in-place calls
   * emitted first: the body of the guard {@link #assertionsEnabled} opens. The message is
   * computed in the failing branch only, where Java computes it; {@code nested} collects the
   * statements a translation emits into a block of their own.
   */
  Stmt guardedAssert(AssertTree statement, Function<Runnable, List<Stmt>> nested) {
    prepare.accept(statement.getCondition());
    Expr condition = expressions.condition(statement.getCondition());
    List<Expr> detail = new ArrayList<>();
    List<Stmt> fails = new ArrayList<>(nested.apply(() -> {
      if (statement.getDetail() != null) {
        detail.add(value(statement.getDetail()));
      }
    }));
    fails.add(new Stmt.Throw(ASSERTION_ERROR, detail));
    return new Stmt.If(new Expr.Unary(UnaryOperator.NOT, condition, Type.BOOLEAN), fails,
        List.of());
  }

  private static final ClassId ASSERTION_ERROR =
      new ClassId("java.lang", List.of("AssertionError"));

  /**
   * {@code Owner.class.desiredAssertionStatus()}: whether Java runs the asserts of {@code owner},
   * the class whose method is read, so generated code runs its guarded asserts exactly then.
   */
  static Expr assertionsEnabled(ClassId owner) {
    return new Expr.StaticCall(MethodRef.onFirstArgument(
        new ClassId("java.lang", List.of("Class")), "desiredAssertionStatus"),
        List.of(new Expr.Constant(owner, "class", Type.OBJECT)), Type.BOOLEAN, null);
  }

  /** A call as a statement: a check or logging, which writes nothing flatgrad follows. */
  Stmt callStatement(MethodInvocationTree call) {
    Optional<ForeignCalls.Candidates> candidates = foreign.candidates(call, false);
    if (candidates.isEmpty()) {
      throw new Unsupported(call, Describe.expression(call) + " is not supported as a"
          + " statement: only calls of static methods that return nothing flatgrad"
          + " differentiates, and of static fields' methods (System.out.println), run as"
          + " statements; assign its value to a local variable");
    }
    return foreign.statement(call, candidates.get(), this::value);
  }

  private List<Expr> arguments(List<? extends ExpressionTree> trees) {
    List<Expr> arguments = new ArrayList<>();
    trees.forEach(tree -> arguments.add(value(tree)));
    return arguments;
  }

  /** An argument or message: a number, boolean, array, or string, read as a whole. */
  private Expr value(ExpressionTree tree) {
    if (tree.getKind() == Tree.Kind.NULL_LITERAL) {
      throw new Unsupported(tree, "null is not supported here; pass a value");
    }
    prepare.accept(tree);
    return expressions.translate(tree);
  }
}
