package dev.flatgrad.processor.frontend;

import com.sun.source.tree.AssertTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import dev.flatgrad.processor.diag.Diagnostics;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Translates a method body into structured IR: double computations in three-address form, each
 * reassignment in the declaring block a new version of the variable, and every jump ({@code
 * return}, {@code break}, {@code continue}) turned into a flag that guards what follows it.
 * Whatever is outside the subset is reported at its tree; translation goes on with the next
 * statement, so one run reports every problem.
 *
 * <p>This class keeps the statement dispatch, the guards after jumps, and the opening and closing
 * of scopes ({@link Scopes}); each kind of statement has its own part: {@link Declarations}
 * (with {@link LocalArrays}), {@link Assignments}, {@link Returns}, {@link Loops}, {@link
 * Switches}, and for calls {@link InlinedCalls}, {@link ArrayMutations} and {@link Effects}.
 */
final class BodyTranslator {

  private final CompilationUnitTree unit;
  private final Diagnostics diagnostics;
  private final Names names;
  private final Blocks blocks = new Blocks();
  private final RecordAccessors records;
  private final ExpressionTranslator expressions;
  private final Loops loops;
  private final Switches switches;
  private final SideEffects sideEffects;
  private final Effects effects;
  private final ThreeAddress threeAddress;
  private final ArrayMutations arrayMutations;
  private final NestedArrays nestedArrays;
  private final RowAssignments rows;
  private final InlinedCalls inlined;
  private final VoidHelpers voidHelpers;
  private final Symbols symbols;
  private final List<Local> parameters = new ArrayList<>();
  private final Scopes scopes;
  private final LocalArrays arrays;
  private final Returns returns;
  private final Assignments assignments;
  private final Declarations declarations;
  private final Jumps jumps;
  private final RecordValues recordValues;
  private final StringBuilders builders;
  private final Constants constants;
  /** Per inlined method being translated, innermost first: what its returns do. */
  private final Deque<Consumer<ReturnTree>> helperReturns = new ArrayDeque<>();

  BodyTranslator(
      CompilationUnitTree unit,
      CallResolver calls,
      Constants constants,
      Diagnostics diagnostics,
      Names names,
      SourceText sourceText,
      ForeignCalls foreign,
      VoidHelpers voidHelpers,
      Symbols symbols,
      javax.lang.model.element.TypeElement caller) {
    this.unit = unit;
    this.constants = constants;
    this.diagnostics = diagnostics;
    this.names = names;
    this.scopes = new Scopes(blocks, names, this::inHelper);
    this.records = new RecordAccessors(scopes::lookup);
    this.expressions = new ExpressionTranslator(scopes::lookup, scopes::isReportedType, records,
        calls, constants, sourceText, foreign);
    this.effects = new Effects(expressions, foreign, tree -> prepare(tree, null),
        this::translatedInPlace);
    this.threeAddress = new ThreeAddress(blocks, names);
    this.nestedArrays = new NestedArrays(blocks, blocks::isMethodTopLevel, names);
    this.rows = new RowAssignments(blocks, names, unit, sourceText);
    this.jumps = new Jumps(names);
    this.loops = new Loops(this, blocks, jumps, expressions, names, scopes);
    this.switches = new Switches(this, expressions, names, constants::isTable);
    this.sideEffects = new SideEffects(this, expressions, blocks, threeAddress, names, switches,
        new StreamReductions(this, expressions, blocks, threeAddress, names, symbols));
    this.voidHelpers = voidHelpers;
    this.symbols = symbols;
    this.inlined = new InlinedCalls(this, scopes, expressions, voidHelpers, symbols, caller,
        jumps);
    this.arrayMutations = new ArrayMutations(this, expressions, threeAddress, blocks, names,
        symbols, rows);
    BodyContext context = new BodyContext(blocks, scopes, names, expressions, threeAddress,
        sideEffects);
    this.arrays = new LocalArrays(context, rows, nestedArrays, inlined, symbols);
    this.returns = new Returns(context, arrays, jumps);
    this.assignments = new Assignments(context, arrays, rows, constants,
        new ArrayReallocations(context, arrays, symbols));
    this.recordValues = new RecordValues(this, context, records,
        new ValueRecords(voidHelpers.trees(), voidHelpers.elements(), unit), symbols, jumps,
        method -> !voidHelpers.writtenArrayParameters(method).isEmpty());
    sideEffects.recordValues(recordValues);
    this.builders = new StringBuilders(context);
    this.declarations = new Declarations(context, arrays, constants, symbols, recordValues,
        builders);
    this.assignments.recordValues(recordValues);
  }

  /**
   * {@code assert condition : detail;}. A condition that calls a method translated in place
   * ({@code assert z.abs() < 2}) runs, with that method's statements, only when Java would run
   * it: inside {@code if (OuterGrad.assertionsEnabled)}, a field holding {@code
   * Outer.class.desiredAssertionStatus()}, the status Java gives every assert lexically inside the
   * top-level class {@code Outer}.
   */
  private void assertStatement(AssertTree statement) {
    if (!effects.assertNeedsGuard(statement)) {
      blocks.emit(effects.assertStatement(statement));
      return;
    }
    effects.checkAssert(statement);
    List<Stmt> guarded = blocks.nested(() ->
        blocks.emit(effects.guardedAssert(statement, blocks::nested)));
    blocks.emit(new Stmt.If(
        constants.assertionsEnabled(FieldCopies.outermost(symbols.enclosingClass())), guarded,
        List.of()));
  }

  /** Whether {@code tree} has calls translated in place ({@link RecordValues#involves}). */
  private boolean translatedInPlace(ExpressionTree tree) {
    return recordValues != null && recordValues.involves(tree);
  }

  /** Whether {@code tree} must have statements emitted before its value is read. */
  boolean hasEffects(ExpressionTree tree) {
    return sideEffects.effects(tree);
  }

  /** Makes a parameter visible to the body. */
  void declareParameter(Parameter declared) {
    Variable parameter = declared.variable();
    if (declared.field() != null) {
      // A value inside a record parameter: read through accessors, never by its IR name.
      String record = declared.field().record().name();
      // The generated methods declare the record under its own name: no local may take it
      // (an inlined helper's local, say).
      scopes.reserveName(record);
      Local local = new Local(record + "." + String.join("().", declared.field().path()) + "()",
          parameter.type(), blocks.outermost(), true);
      local.assign(parameter);
      records.declare(record, declared.field().record().type(), declared.field().path(), local);
      return;
    }
    scopes.reserveName(parameter.name());
    Local local = new Local(parameter.name(), parameter.type(), blocks.outermost(), true,
        parameter.enumClass());
    local.assign(parameter);
    scopes.declare(parameter.name(), local);
    parameters.add(local);
  }

  /** A parameter whose type was reported: its uses are not reported again. */
  void declareBrokenParameter(String name) {
    scopes.reserveName(name);
    scopes.declareBroken(name);
  }

  /** {@code new double[] {x, y}} inside an expression, as a local array of its own. */
  Variable argumentArray(NewArrayTree creation) {
    return arrays.argumentArray(creation);
  }

  /** A fresh array for generated code: see {@link LocalArrays#scratchArray}. */
  Variable scratchArray(String name, Type type, Expr length, Tree where) {
    return arrays.scratchArray(name, type, length, where);
  }

  /** Emits {@code stmt} where the statement being translated goes. */
  void emit(Stmt stmt) {
    blocks.emit(stmt);
  }

  Jumps jumps() {
    return jumps;
  }

  Switches switches() {
    return switches;
  }

  /** {@code statements} translated in a scope of their own, into a block of their own. */
  List<Stmt> translateNested(List<? extends StatementTree> statements) {
    return blocks.nested(() -> inScope(() -> statements(statements, 0)));
  }

  /** What {@code body} emits, in a block of its own. */
  List<Stmt> nestedBlock(Runnable body) {
    return blocks.nested(body);
  }

  /** Emits the side effects of {@code tree}, before its value is read: see SideEffects. */
  void prepare(ExpressionTree tree, Type expected) {
    sideEffects.prepare(tree, expected);
  }

  /** The value of {@code tree} as one operation, to be stored in a variable of type {@code to}. */
  Expr value(ExpressionTree tree, Type to) {
    sideEffects.prepare(tree, to);
    Expr value = expressions.translate(tree);
    LocalTypes.checkAssignable(to, value, tree);
    return threeAddress.operation(value);
  }

  /** The body's statements, after {@link #translateBody}. */
  List<Stmt> statements() {
    return blocks.outermost();
  }

  /** The atom the method returns, or null if no return was translated. */
  Expr result() {
    return returns.result();
  }

  /**
   * Translates the body of a method whose return type is not one flatgrad supports, to report
   * the body's own problems: its {@code return} statements are not checked against it.
   */
  void translateBodyOnly(BlockTree body) {
    returns.returnTypeReported();
    translateBody(body, Type.DOUBLE);
  }

  void translateBody(BlockTree body, Type returnType) {
    List<? extends StatementTree> statements = body.getStatements();
    returns.begin(statements, returnType);
    scopes.enterMethodBody(body);
    rows.noteAssignedIn(body);
    copyParametersWrittenInPlace(body);
    statements(statements, 0);
    List<Unsupported> problems = new ArrayList<>();
    List<Stmt> translated = nestedArrays.finish(List.copyOf(blocks.outermost()), problems);
    problems.forEach(this::report);
    blocks.outermost().clear();
    blocks.outermost().addAll(translated);
  }

  /** Array parameters the body writes to get a private copy that stands for them. */
  private void copyParametersWrittenInPlace(BlockTree body) {
    Map<String, Integer> dimensions = new HashMap<>();
    parameters.forEach(parameter -> dimensions.put(parameter.userName(),
        ParameterCopies.dimensions(parameter.type())));
    Set<String> written = ParameterCopies.written(body, voidHelpers == null
        ? ArrayMutations.writtenNames(body, symbols)
        : voidHelpers.writtenThroughCalls(body, symbols), dimensions);
    for (Local parameter : parameters) {
      String name = parameter.userName();
      if (written.contains(name) && ParameterCopies.copiable(parameter.type())) {
        Local copy = new Local(name, parameter.type(), blocks.outermost(), false);
        copy.assign(ParameterCopies.copy(parameter.current(), blocks, names));
        scopes.declare(name, copy);
      }
    }
  }

  /** Translates {@code list} from {@code from} on, guarding what follows a possible jump. */
  private void statements(List<? extends StatementTree> statements, int from) {
    // javac's lists are linked: get(i) on one would make this quadratic.
    List<? extends StatementTree> list =
        statements instanceof RandomAccess ? statements : List.copyOf(statements);
    for (int i = from; i < list.size(); i++) {
      StatementTree statement = list.get(i);
      scopes.at(statement, list.subList(i + 1, list.size()));
      RowSwaps swap = RowSwaps.match(list, i);
      if (swap != null && swappedRows(swap, statement)) {
        i += 2; // double[] t = m[a]; m[a] = m[b]; m[b] = t;
        continue;
      }
      translateReporting(statement);
      Set<Exits> exits = Exits.of(statement);
      if (!exits.isEmpty() && i + 1 < list.size()) {
        if (statement instanceof ReturnTree) {
          return; // javac reports the unreachable code itself
        }
        int next = i + 1;
        boolean topLevel = blocks.atMethodTopLevel();
        List<Stmt> rest = blocks.nested(() -> {
          if (topLevel) {
            // What follows a guard such as 'if (n == 0) return 0;' still runs at most once.
            blocks.markMethodTopLevel(blocks.current());
          }
          statements(list, next);
        });
        if (!rest.isEmpty()) {
          Expr notExited = jumps.notExited(exits);
          if (notExited == null) {
            // A jump out to nothing, which javac reports: no guard to build.
            rest.forEach(blocks::emit);
          } else {
            blocks.emit(new Stmt.If(notExited, rest, List.of()));
          }
        }
        return;
      }
    }
  }

  /** Whether {@code swap} was translated (or reported) as one swap of two matrix rows. */
  private boolean swappedRows(RowSwaps swap, StatementTree statement) {
    try {
      return assignments.swap(swap, statement);
    } catch (Unsupported unsupported) {
      report(unsupported);
      return true;
    }
  }

  private void translateReporting(StatementTree statement) {
    try {
      statement(statement);
    } catch (Unsupported unsupported) {
      report(unsupported);
      markAssignedLocalsBroken(statement);
    }
  }

  private void report(Unsupported unsupported) {
    if (unsupported.tree() != null) {
      diagnostics.error(unsupported.tree(), unit, unsupported.getMessage());
    }
  }

  /**
   * After a statement failed: a local it would have given its first value (as in {@code double
   * y; switch (k) { ... y = x; ... }}) has an unknown value, not none, so its uses must not say
   * it "might not have been initialized".
   */
  void markAssignedLocalsBroken(Tree statement) {
    ArrayViews.forEachAssigned(statement, target -> {
      Local local = expressions.local(target);
      if (local != null && local.current() == null && local.view() == null) {
        local.markBroken();
      }
    });
  }

  /** A new {@link Parts} for a compound statement, reporting each failed part. */
  Parts parts() {
    return new Parts(this::report);
  }

  /**
   * The value of the condition {@code tree}, its side effects emitted first, or null after
   * reporting why it failed. A local it assigns, as in {@code if ((y = f(x)) > 0)}, then has an
   * unknown value, not none.
   */
  Expr condition(Parts parts, ExpressionTree tree) {
    Expr condition = parts.value(() -> {
      sideEffects.prepare(tree, Type.BOOLEAN);
      return expressions.condition(tree);
    });
    if (condition == null) {
      markAssignedLocalsBroken(tree);
    }
    return condition;
  }

  void statement(StatementTree statement) {
    switch (statement.getKind()) {
      case VARIABLE -> declarations.statement((VariableTree) statement);
      case EXPRESSION_STATEMENT -> expressionStatement(
          ((ExpressionStatementTree) statement).getExpression());
      case RETURN -> returnStatement((ReturnTree) statement);
      case BLOCK -> inScope(() -> statements(((BlockTree) statement).getStatements(), 0));
      case IF -> ifStatement((IfTree) statement);
      case FOR_LOOP, WHILE_LOOP, DO_WHILE_LOOP, ENHANCED_FOR_LOOP -> loops.statement(statement,
          null);
      case LABELED_STATEMENT -> loops.labeled((LabeledStatementTree) statement);
      case SWITCH -> switches.statement((SwitchTree) statement, null);
      case YIELD -> switches.yield((YieldTree) statement);
      case BREAK -> loops.jump(statement, ((BreakTree) statement).getLabel(), true);
      case CONTINUE -> loops.jump(statement, ((ContinueTree) statement).getLabel(), false);
      case EMPTY_STATEMENT -> {}
      case THROW -> blocks.emit(effects.throwStatement((ThrowTree) statement));
      case ASSERT -> assertStatement((AssertTree) statement);
      case CLASS, INTERFACE, ENUM, RECORD -> {
        scopes.reportType(((ClassTree) statement).getSimpleName().toString());
        throw new Unsupported(statement, Describe.statement(statement) + " is not supported in"
            + " a @Differentiable method: write its computations as static @Differentiable"
            + " methods of the class instead");
      }
      default -> throw new Unsupported(statement, Describe.statement(statement)
          + " is not supported in a @Differentiable method; use if/else, for, while and"
          + " do/while loops, assignments and return");
    }
  }

  /** Whether an inlined helper's body is being translated now. */
  private boolean inHelper() {
    return !helperReturns.isEmpty();
  }

  /**
   * Runs {@code translation}, which translates an inlined method's body, with {@code returns}
   * taking its {@code return} statements (the innermost inlined method's returns are its own).
   */
  void inHelperReturning(Consumer<ReturnTree> returns, Runnable translation) {
    helperReturns.push(returns);
    try {
      translation.run();
    } finally {
      helperReturns.pop();
    }
  }

  void inScope(Runnable body) {
    scopes.inScope(body);
  }

  List<Stmt> block(StatementTree statement) {
    return blocks.nested(() -> inScope(() -> {
      if (statement instanceof BlockTree block) {
        statements(block.getStatements(), 0);
      } else {
        statements(List.of(statement), 0);
      }
    }));
  }

  /**
   * Translates an inlined helper's {@code helperBody} in place, in scopes that hide the caller's
   * locals; {@code bindParameters} first declares its parameters there.
   */
  void inHelperScope(BlockTree helperBody, Runnable bindParameters) {
    inHelperScope(helperBody, bindParameters, false, () -> {});
  }

  /**
   * Like {@link #inHelperScope(BlockTree, Runnable)}, but translates every statement of {@code
   * helperBody} but the last if {@code butLast}, and then runs {@code atEnd} in its scope.
   */
  void inHelperScope(Tree helperBody, Runnable bindParameters, boolean butLast,
      Runnable atEnd) {
    expressions.forgetComputed(helperBody);
    BlockTree block = helperBody instanceof BlockTree statements ? statements : null;
    rows.inHelper(helperBody, () -> scopes.inHelperBody(block, () -> {
      bindParameters.run();
      if (block != null) {
        List<? extends StatementTree> statements = block.getStatements();
        statements(butLast ? statements.subList(0, statements.size() - 1) : statements, 0);
      }
      atEnd.run();
    }));
  }

  /**
   * Translates a helper's body but for its last statement, {@code return returned;}, in a scope
   * of its own; returns the variable that holds the local array {@code returned} (of {@code
   * type}) at its end.
   */
  Variable inArrayHelperScope(BlockTree helperBody, String returned, Type type,
      Runnable bindParameters) {
    Variable[] result = {null};
    expressions.forgetComputed(helperBody);
    rows.inHelper(helperBody, () -> scopes.inHelperBody(helperBody, () -> {
      bindParameters.run();
      List<? extends StatementTree> statements = helperBody.getStatements();
      statements(statements.subList(0, statements.size() - 1), 0);
      String name = returned;
      if (name == null) {
        // return new double[] {a, b};: a local array of its own, declared here.
        name = names.fresh("returned");
        arrays.newArray(name, type, VoidHelpers.returnedCreation(helperBody));
      }
      Local local = scopes.declaredHere(name);
      result[0] = local == null ? null : local.current();
    }));
    if (result[0] == null || result[0].type() != type) {
      throw new Unsupported(helperBody.getStatements().get(helperBody.getStatements().size() - 1),
          "flatgrad translates this helper where it is called, and then it must return a "
          + type.javaName() + " it allocates itself");
    }
    return result[0];
  }

  /** Declares a local as {@code double v = x[i];} would: see {@link Declarations}. */
  void declareLocal(String userName, Tree typeTree, Expr value, Tree where) {
    declarations.declareLocal(userName, typeTree, value, where);
  }

  /** An expression used as a statement: an assignment, {@code ++}, {@code --} or a call. */
  void expressionStatement(ExpressionTree expression) {
    if (builders.statement(expression) || assignments.translate(expression)) {
      return;
    }
    if (expressions.dependsOnReported(expression)) {
      throw Unsupported.alreadyReported();
    }
    if (!(expression instanceof MethodInvocationTree call)) {
      throw new Unsupported(expression, Describe.expression(expression)
          + " is not supported as a statement; write an assignment to a local variable or"
          + " array element");
    }
    // A method of a record held as a value, or a void helper of this class, in place; an array
    // mutation (Arrays.fill, ...); else a call that runs as written.
    if (!recordValues.statement(call) && !inlined.inline(call)
        && !arrayMutations.translate(call)) {
      blocks.emit(effects.callStatement(call));
    }
  }

  private void returnStatement(ReturnTree statement) {
    if (inHelper()) {
      helperReturns.peek().accept(statement);
    } else {
      returns.statement(statement);
    }
  }

  private void ifStatement(IfTree tree) {
    Parts parts = parts();
    Expr condition = condition(parts, tree.getCondition());
    List<Stmt> then = block(tree.getThenStatement());
    List<Stmt> otherwise = tree.getElseStatement() == null
        ? List.of()
        : block(tree.getElseStatement());
    parts.finish();
    blocks.emit(new Stmt.If(condition, then, otherwise));
  }
}
