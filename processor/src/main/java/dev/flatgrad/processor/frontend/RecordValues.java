package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.RecordType;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Records held as values in a body ({@code Complex z = new Complex(x, y); z = z.times(w);
 * return z.abs();}), translated into the numbers inside them: a record local is one local per
 * number ({@code z_re}, {@code z_im}); the canonical constructor gives their values, an accessor
 * reads one, and a method of the record, or a method of this file that makes or takes one, is
 * translated where it is called, its receiver's numbers standing for its fields and its
 * arguments for its parameters. Later stages see only numbers, so loops, branches, the reverse
 * pass, tangents and Hessian-vector products need nothing of their own. An inlined method's last
 * {@code return} gives its result; earlier returns assign it and set a flag that skips the rest.
 */
final class RecordValues {

  private final BodyTranslator body;
  private final Blocks blocks;
  private final Scopes scopes;
  private final Names names;
  private final ExpressionTranslator expressions;
  private final ThreeAddress threeAddress;
  private final ValueRecords types;
  private final Symbols symbols;
  private final RecordCalls calls;
  private final InlinedMethods inlined;
  /** What {@link #translateCall} returns for a call it does not translate. */
  private static final Object NOT_TRANSLATED = new Object();

  RecordValues(BodyTranslator body, BodyContext context, RecordAccessors parameters,
      ValueRecords types, Symbols symbols, Jumps jumps,
      java.util.function.Predicate<ExecutableElement> writesArrays) {
    this.body = body;
    this.blocks = context.blocks();
    this.scopes = context.scopes();
    this.names = context.names();
    this.expressions = context.expressions();
    this.threeAddress = context.threeAddress();
    this.types = types;
    this.symbols = symbols;
    this.calls = new RecordCalls(scopes, parameters, types, symbols, writesArrays);
    this.inlined = new InlinedMethods(body, context, types, calls, symbols, jumps);
    calls.inlined(inlined);
    inlined.values(this);
  }

  /** Whether {@code tree} has calls that are translated in place, which must run before it. */
  boolean involves(ExpressionTree tree) {
    return calls.involves(tree);
  }

  // ---- Translation ----

  /**
   * The value of {@code call}, a call this class translates ({@link #involves}) inside an
   * expression: its statements are emitted now, its value is returned. Empty if {@code call} is
   * not one.
   */
  Optional<Expr> scalarCall(MethodInvocationTree call) {
    if (calls.isComputedAccessor(call)) {
      return Optional.of(computedField((MemberSelectTree) call.getMethodSelect()));
    }
    Object result = translateCall(call);
    if (result == NOT_TRANSLATED) {
      return Optional.empty();
    }
    if (!(result instanceof Expr value)) {
      throw new Unsupported(call, call + " gives a record here, where a number is needed; read"
          + " a component of it, as in " + call + ".x()");
    }
    return Optional.of(value);
  }

  /**
   * The number {@code select} reads, a field or accessor of an object computed first ({@code
   * a.plus(b).re()}, {@code v.limited(r).y}); empty if it reads none.
   */
  Optional<Expr> computedField(ExpressionTree tree) {
    return tree instanceof MemberSelectTree select && calls.isComputedField(select)
        ? Optional.of(computedField(select))
        : Optional.empty();
  }

  private Expr computedField(MemberSelectTree select) {
    RecordValue value = evaluate(select.getExpression());
    List<RecordType.Leaf> leaves = value.shape().leaves();
    for (int i = 0; i < leaves.size(); i++) {
      if (leaves.get(i).path().equals(List.of(select.getIdentifier().toString()))) {
        return value.leaves().get(i);
      }
    }
    throw RecordAccessors.notAValue(select);
  }

  /** Translates {@code call}, a call statement, if it is one this class translates. */
  boolean statement(MethodInvocationTree call) {
    if (inlined.constructorCall(call)) {
      return true;
    }
    return translateCall(call) != NOT_TRANSLATED;
  }

  /**
   * Translates {@code call} in place if it is a call of a lambda or a {@linkplain
   * RecordCalls#target target}: its result (an {@link Expr}, a {@link RecordValue}, or null for
   * void); {@link #NOT_TRANSLATED} if it is neither.
   */
  private Object translateCall(MethodInvocationTree call) {
    Optional<LambdaValue> lambda = calls.lambdaCall(call);
    if (lambda.isPresent()) {
      return inlined.inlineLambda(call, lambda.get());
    }
    Optional<RecordCalls.ObjectCall> onObject = calls.objectCall(call);
    if (onObject.isPresent()) {
      return inlined.inlineOnObject(call, onObject.get().object(), onObject.get().method());
    }
    Optional<RecordCalls.Target> target = calls.target(call);
    return target.isPresent() ? inlined.inline(call, target.get()) : NOT_TRANSLATED;
  }

  private static boolean isFunction(ExpressionTree initializer) {
    return initializer != null
        && (Unsupported.core(initializer).getKind() == Tree.Kind.LAMBDA_EXPRESSION
            || Unsupported.core(initializer).getKind() == Tree.Kind.MEMBER_REFERENCE);
  }

  /** The local {@code initializer} names if it holds a lambda or an anonymous object. */
  private Local namesCode(ExpressionTree initializer) {
    if (initializer != null
        && Unsupported.core(initializer) instanceof IdentifierTree identifier) {
      Local local = scopes.lookup(identifier.getName().toString());
      if (local != null && (local.lambda() != null || local.anonymous() != null)) {
        return local;
      }
    }
    return null;
  }

  private static boolean isAnonymous(ExpressionTree initializer) {
    return initializer != null && Unsupported.core(initializer) instanceof NewClassTree creation
        && creation.getClassBody() != null;
  }

  /** Whether {@code declaration} declares a record local this class holds. */
  boolean declares(VariableTree declaration) {
    Tree type = declaration.getType();
    if (isFunction(declaration.getInitializer()) || isAnonymous(declaration.getInitializer())
        || namesCode(declaration.getInitializer()) != null) {
      return true; // DoubleUnaryOperator f = x -> x * x; ContinuedFraction f = new ...() {...};
    }
    boolean inferred = type == null || type.toString().equals("var");
    if (inferred) {
      return declaration.getInitializer() != null
          && calls.typeOf(declaration.getInitializer()).isPresent();
    }
    return symbols.type(type.toString()).flatMap(named -> types.record(named.asType()))
        .isPresent();
  }

  /** {@code Complex z = e;} or {@code Complex z;}: a local per number inside it. */
  void declare(VariableTree declaration) {
    String userName = declaration.getName().toString();
    ExpressionTree initializer = declaration.getInitializer();
    Tree typeTree = declaration.getType();
    Local code = namesCode(initializer);
    if (code != null) {
      expressions.read(code, initializer); // g = f: Java would share the function object
    }
    if (isAnonymous(initializer)) {
      Local local = new Local(userName, Type.OBJECT, null, false);
      local.bindAnonymous(inlined.anonymous(initializer));
      scopes.declare(userName, local);
      return;
    }
    if (isFunction(initializer)) {
      // DoubleUnaryOperator f = x -> ..., or var f = (DoubleUnaryOperator) x -> ...
      Tree named = typeTree == null || typeTree.toString().equals("var")
          ? initializer instanceof com.sun.source.tree.TypeCastTree cast ? cast.getType() : null
          : typeTree;
      TypeElement function = named == null ? null : symbols.type(named.toString()).orElse(null);
      if (function == null) {
        throw new Unsupported(initializer, "a lambda for " + named + " is not supported:"
            + " flatgrad translates lambdas for interfaces with one abstract method that takes"
            + " and returns numbers, such as DoubleUnaryOperator");
      }
      LambdaValue lambda = inlined.lambda(initializer, function.asType());
      Local local = new Local(userName, Type.OBJECT, null, false);
      local.bindLambda(lambda);
      scopes.declare(userName, local);
      return;
    }
    TypeElement type = typeTree == null || typeTree.toString().equals("var")
        ? calls.typeOf(initializer).orElseThrow()
        : symbols.type(typeTree.toString()).orElseThrow();
    RecordType shape = types.shape(type, declaration);
    Map<List<String>, Local> leaves = new LinkedHashMap<>();
    for (RecordType.Leaf leaf : shape.leaves()) {
      // z_re, z_im: names no other variable has, so every version of them is z_re_1, ...
      leaves.put(leaf.path(), new Local(names.fresh(userName + "_" + String.join("_",
          leaf.path())), leaf.type(), blocks.current(), false));
    }
    RecordLocal parts = new RecordLocal(type, shape, leaves);
    if (initializer != null && Unsupported.core(initializer) instanceof NewClassTree creation
        && calls.typeOf(creation).filter(type::equals).isPresent()) {
      construct(creation, parts); // its constructor assigns the new local's own numbers
    } else if (initializer != null) {
      RecordValue value = evaluate(initializer);
      if (!value.type().equals(type)) {
        throw new Unsupported(initializer, "incompatible types: "
            + value.type().getSimpleName() + " cannot be converted to " + type.getSimpleName());
      }
      store(parts, value);
    }
    scopes.declare(userName, holder(userName, parts));
  }

  /**
   * Translates {@code target = value} if {@code target} is a held record ({@code z = z.times(w);},
   * {@code this.pos = new Vec3(..)} in a constructor); false if it is not one.
   */
  boolean assign(ExpressionTree target, ExpressionTree value) {
    RecordLocal held = calls.held(target);
    if (held == null) {
      return false;
    }
    RecordValue assigned = evaluate(value);
    if (!assigned.type().equals(held.type())) {
      throw new Unsupported(value, "incompatible types: " + assigned.type().getSimpleName()
          + " cannot be converted to " + held.type().getSimpleName());
    }
    store(held, assigned);
    return true;
  }

  /** A local standing for the record {@code parts} holds, under {@code userName}. */
  static Local holder(String userName, RecordLocal parts) {
    Local holder = new Local(userName, Type.OBJECT, null, false);
    holder.bindRecord(parts);
    return holder;
  }

  /**
   * Gives the locals of {@code target} the numbers of {@code value}. Each is computed before any
   * is stored where a later one reads an earlier one's old value in place, as in {@code z = new
   * Complex(z.im(), z.re())} inside a loop.
   */
  void store(RecordLocal target, RecordValue value) {
    List<Local> locals = target.locals();
    List<Expr> operations = new ArrayList<>();
    for (Expr leaf : value.leaves()) {
      operations.add(threeAddress.operation(leaf));
    }
    for (int j = 1; j < operations.size(); j++) {
      for (int i = 0; i < j; i++) {
        Local earlier = locals.get(i);
        boolean inPlace = earlier.current() != null
            && earlier.declaringBlock() != blocks.current();
        if (inPlace && reads(operations.get(j), earlier.current())) {
          operations.set(j, copy(operations.get(j), locals.get(j).type()));
          break;
        }
      }
    }
    for (int i = 0; i < locals.size(); i++) {
      scopes.define(locals.get(i), operations.get(i));
    }
  }

  private static boolean reads(Expr expr, Variable variable) {
    if (expr instanceof Expr.Ref ref) {
      return ref.variable() == variable;
    }
    return expr.children().stream().anyMatch(child -> reads(child, variable));
  }

  /** {@code operation} in a temporary of its own, unless it is a literal or constant. */
  private Expr atom(Expr operation, Type type) {
    return operation instanceof Expr.Literal || operation instanceof Expr.Constant
        ? operation
        : copy(operation, type);
  }

  /** {@code operation}'s value now, in a temporary of its own. */
  private Expr copy(Expr operation, Type type) {
    Variable temporary = new Variable(names.temporary(), type, Variable.Kind.TEMPORARY);
    blocks.emit(new Stmt.Assign(temporary, operation, true));
    return new Expr.Ref(temporary);
  }

  /** The value of the record expression {@code tree}, its statements emitted first. */
  RecordValue evaluate(ExpressionTree tree) {
    ExpressionTree core = Unsupported.core(tree);
    RecordLocal held = calls.held(core);
    if (held != null && ValueRecords.isMutable(held.type())) {
      throw new Unsupported(tree, core + " is an object whose fields change, which flatgrad holds"
          + " where it is made: it cannot be shared with another variable, stored or returned;"
          + " make its fields final, or copy what you need with new");
    }
    if (held != null) {
      List<Expr> leaves = new ArrayList<>();
      for (Local local : held.locals()) {
        leaves.add(expressions.read(local, core));
      }
      return new RecordValue(held.type(), held.shape(), leaves);
    }
    if (core instanceof NewClassTree creation) {
      return construct(creation, null);
    }
    RecordCalls.Constant constant = calls.constant(core);
    if (constant != null) { // Complex.ONE: its literals, read where it is declared
      return symbols.within(constant.owner(), () -> construct(constant.creation(), null));
    }
    if (core instanceof ConditionalExpressionTree conditional) {
      return conditional(conditional);
    }
    if (core instanceof MethodInvocationTree call) {
      if (translateCall(call) instanceof RecordValue value) {
        return value;
      }
      if (calls.isComputedAccessor(call)) {
        MemberSelectTree select = (MemberSelectTree) call.getMethodSelect();
        return component(evaluate(select.getExpression()), select.getIdentifier().toString(),
            call);
      }
    }
    if (core instanceof IdentifierTree identifier
        && scopes.lookup(identifier.getName().toString()) != null
        && scopes.lookup(identifier.getName().toString()).isBroken()) {
      throw Unsupported.alreadyReported();
    }
    throw new Unsupported(tree, Describe.expression(core) + " does not give a record flatgrad"
        + " can hold as a value here: records are made with new, by methods of this file, and"
        + " held in local variables");
  }

  /** The record a component of {@code value} holds. */
  private RecordValue component(RecordValue value, String name, Tree where) {
    TypeElement type = calls.field(value.type(), name).orElseThrow(() ->
        new Unsupported(where, name + " of " + value.type().getSimpleName() + " is no record"));
    RecordType shape = types.shape(type, where);
    List<Expr> leaves = new ArrayList<>();
    List<RecordType.Leaf> all = value.shape().leaves();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).path().get(0).equals(name)) {
        leaves.add(value.leaves().get(i));
      }
    }
    return new RecordValue(type, shape, leaves);
  }

  /**
   * {@code new Complex(a, b)}: a record's canonical values, evaluated left to right, or the
   * constructor written in the source translated in place, assigning {@code into} (new locals
   * named like the fields if null).
   */
  private RecordValue construct(NewClassTree creation, RecordLocal into) {
    String name = creation.getIdentifier().toString();
    TypeElement type = symbols.type(name).flatMap(found -> types.record(found.asType()))
        .orElseThrow(() -> new Unsupported(creation, "object creation (new " + name + ") is"
            + " not supported; records and small classes declared in this file are"));
    if (creation.getClassBody() != null || creation.getEnclosingExpression() != null) {
      throw new Unsupported(creation, "anonymous and inner classes are not supported");
    }
    RecordType shape = types.shape(type, creation);
    List<ExecutableElement> written = types.writtenConstructors(type);
    if (!written.isEmpty()) {
      ExecutableElement constructor = calls.choose(written, creation.getArguments())
          .orElseThrow(() ->
          new Unsupported(creation, "cannot tell which constructor of " + name + " this calls"));
      RecordLocal self = into != null ? into : fresh(shape, type, "");
      inlined.inlineConstructor(creation, constructor, self, creation.getArguments());
      return read(self, creation);
    }
    List<? extends ExpressionTree> arguments = creation.getArguments();
    List<RecordType.Component> components = shape.components();
    if (arguments.size() != components.size()) {
      throw new Unsupported(creation, "constructor " + name + " takes " + components.size()
          + " arguments, not " + arguments.size());
    }
    List<Expr> leaves = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      RecordType.Component component = components.get(i);
      ExpressionTree argument = arguments.get(i);
      if (SideEffects.has(argument)) {
        // An assignment in a later argument must not change what an earlier one read.
        leaves.replaceAll(leaf -> atom(leaf, leaf.type()));
      }
      if (component.record() != null) {
        leaves.addAll(evaluate(argument).leaves());
      } else {
        leaves.add(body.value(argument, component.type()));
      }
    }
    RecordValue value = new RecordValue(type, shape, leaves);
    if (into != null) {
      store(into, value);
    }
    return value;
  }

  /** The values {@code held} holds now; an error at {@code where} for one never assigned. */
  RecordValue read(RecordLocal held, Tree where) {
    List<Expr> leaves = new ArrayList<>();
    for (Map.Entry<List<String>, Local> leaf : held.leaves().entrySet()) {
      if (leaf.getValue().current() == null && !leaf.getValue().isBroken()) {
        throw new Unsupported(where, "the constructor of " + held.type().getSimpleName()
            + " leaves its field " + String.join(".", leaf.getKey()) + " unassigned");
      }
      leaves.add(expressions.read(leaf.getValue(), where));
    }
    return new RecordValue(held.type(), held.shape(), leaves);
  }

  /** New locals for an object of {@code type}, unassigned, named {@code prefix} + field. */
  RecordLocal fresh(RecordType shape, TypeElement type, String prefix) {
    Map<List<String>, Local> leaves = new LinkedHashMap<>();
    for (RecordType.Leaf leaf : shape.leaves()) {
      leaves.put(leaf.path(), new Local(names.fresh(prefix + String.join("_", leaf.path())),
          leaf.type(), blocks.current(), false));
    }
    return new RecordLocal(type, shape, leaves);
  }

  /** {@code c ? a : b} of records: only the branch taken is computed, as in Java. */
  private RecordValue conditional(ConditionalExpressionTree tree) {
    TypeElement type = calls.typeOf(tree).orElseThrow(() -> new Unsupported(tree,
        "incompatible types: the branches of this ?: give no record or object of one type"));
    RecordType shape = types.shape(type, tree);
    body.prepare(tree.getCondition(), Type.BOOLEAN);
    Expr condition = expressions.condition(tree.getCondition());
    List<Variable> results = new ArrayList<>();
    for (RecordType.Leaf leaf : shape.leaves()) {
      Variable result = new Variable(names.temporary(), leaf.type(), Variable.Kind.TEMPORARY);
      results.add(result);
      blocks.emit(new Stmt.Declare(result));
    }
    List<Stmt> then = blocks.nested(() -> assignAll(results, evaluate(tree.getTrueExpression()),
        tree.getTrueExpression()));
    List<Stmt> otherwise = blocks.nested(() -> assignAll(results,
        evaluate(tree.getFalseExpression()), tree.getFalseExpression()));
    blocks.emit(new Stmt.If(condition, then, otherwise));
    return new RecordValue(type, shape, results.stream().<Expr>map(Expr.Ref::new).toList());
  }

  /** Stores {@code value} into {@code results}, variables declared before. */
  void assignAll(List<Variable> results, RecordValue value, Tree where) {
    if (value.leaves().size() != results.size()) {
      throw new Unsupported(where, "the branches give different records");
    }
    List<Expr> operations = value.leaves().stream().map(threeAddress::operation).toList();
    for (int i = 0; i < results.size(); i++) {
      blocks.emit(new Stmt.Assign(results.get(i), operations.get(i), false));
    }
  }
}
