package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.RecordType;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

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

  /** What the receiver of an inlined instance method is called in its body. */
  private static final String THIS = "this";

  private final BodyTranslator body;
  private final Blocks blocks;
  private final Scopes scopes;
  private final Names names;
  private final ExpressionTranslator expressions;
  private final ThreeAddress threeAddress;
  private final RecordAccessors parameters;
  private final ValueRecords types;
  private final Symbols symbols;
  private final Jumps jumps;
  /** The methods being inlined, innermost first: a method calling itself cannot be. */
  private final Deque<ExecutableElement> active = new ArrayDeque<>();

  RecordValues(BodyTranslator body, BodyContext context, RecordAccessors parameters,
      ValueRecords types, Symbols symbols, Jumps jumps) {
    this.body = body;
    this.blocks = context.blocks();
    this.scopes = context.scopes();
    this.names = context.names();
    this.expressions = context.expressions();
    this.threeAddress = context.threeAddress();
    this.parameters = parameters;
    this.types = types;
    this.symbols = symbols;
    this.jumps = jumps;
  }

  /** A call translated here: the method, its source, and how its receiver is given. */
  private record Target(ExecutableElement method, MethodTree source, ExpressionTree receiver,
      boolean onThis) {}

  // ---- Types, without translating anything ----

  /** The record {@code tree}'s value is, if the body holds it as a value; else empty. */
  Optional<TypeElement> typeOf(ExpressionTree tree) {
    ExpressionTree core = Unsupported.core(tree);
    if (core instanceof IdentifierTree identifier) {
      Local local = scopes.lookup(identifier.getName().toString());
      if (local != null) {
        return local.record() == null ? Optional.empty() : Optional.of(local.record().type());
      }
      Optional<TypeElement> parameter = parameterRecord(identifier.getName().toString());
      return parameter.isPresent() || constant(core) == null
          ? parameter
          : typeOf(constant(core));
    }
    if (core instanceof NewClassTree creation) {
      return creation.getClassBody() == null
          ? symbols.type(creation.getIdentifier().toString())
              .flatMap(type -> types.record(type.asType()))
          : Optional.empty();
    }
    if (core instanceof MethodInvocationTree call) {
      return resolve(call).flatMap(method -> types.record(method.getReturnType()));
    }
    if (core instanceof MemberSelectTree select) {
      NewClassTree constant = constant(select);
      return constant != null
          ? typeOf(constant)
          : typeOf(select.getExpression()).flatMap(owner ->
              field(owner, select.getIdentifier().toString()));
    }
    if (core instanceof ConditionalExpressionTree conditional) {
      return typeOf(conditional.getTrueExpression())
          .or(() -> typeOf(conditional.getFalseExpression()));
    }
    return Optional.empty();
  }

  /**
   * The initializer of the constant {@code tree} names, if it names a {@code static final}
   * record field of this file made from literals, as {@code ONE = new Complex(1, 0)}; else null.
   */
  private NewClassTree constant(ExpressionTree tree) {
    ExpressionTree core = Unsupported.core(tree);
    TypeElement owner;
    String name;
    if (core instanceof MemberSelectTree select) {
      if (typeOf(select.getExpression()).isPresent()) {
        return null;
      }
      owner = symbols.type(select.getExpression().toString()).orElse(null);
      name = select.getIdentifier().toString();
    } else if (core instanceof IdentifierTree identifier) {
      owner = active.isEmpty()
          ? symbols.enclosingClass()
          : (TypeElement) active.peek().getEnclosingElement();
      name = identifier.getName().toString();
    } else {
      return null;
    }
    if (owner == null) {
      return null;
    }
    for (VariableElement field :
        javax.lang.model.util.ElementFilter.fieldsIn(owner.getEnclosedElements())) {
      if (field.getSimpleName().contentEquals(name)
          && field.getModifiers().containsAll(List.of(Modifier.STATIC, Modifier.FINAL))
          && types.inThisFile(field)
          && types.source(field) instanceof VariableTree declaration
          && Unsupported.core(declaration.getInitializer()) instanceof NewClassTree creation
          && creation.getArguments().stream().allMatch(RecordValues::isLiteral)) {
        return creation;
      }
    }
    return null;
  }

  private static boolean isLiteral(ExpressionTree tree) {
    ExpressionTree core = Unsupported.core(tree);
    if (core instanceof com.sun.source.tree.UnaryTree unary
        && (core.getKind() == Tree.Kind.UNARY_MINUS || core.getKind() == Tree.Kind.UNARY_PLUS)) {
      core = Unsupported.core(unary.getExpression());
    }
    return core instanceof com.sun.source.tree.LiteralTree;
  }

  /** The record type a record parameter of the method has; empty for other names. */
  private Optional<TypeElement> parameterRecord(String name) {
    return parameters.isRecord(name)
        ? symbols.type(parameters.type(name).canonicalName())
        : Optional.empty();
  }

  /** The record a component {@code name} of {@code owner} holds, if it holds one. */
  private Optional<TypeElement> field(TypeElement owner, String name) {
    return javax.lang.model.util.ElementFilter.recordComponentsIn(owner.getEnclosedElements())
        .stream().filter(component -> component.getSimpleName().contentEquals(name))
        .findFirst().flatMap(component -> types.record(component.asType()));
  }

  /** The method {@code call} calls, when it is one whose owner or result is known here. */
  private Optional<ExecutableElement> resolve(MethodInvocationTree call) {
    int arity = call.getArguments().size();
    if (call.getMethodSelect() instanceof MemberSelectTree select) {
      String name = select.getIdentifier().toString();
      Optional<TypeElement> receiver = typeOf(select.getExpression());
      Optional<TypeElement> owner = receiver.isPresent()
          ? receiver
          : symbols.type(select.getExpression().toString()).filter(types::inThisFile);
      return owner.flatMap(type -> choose(ValueRecords.methods(type, name, arity), call));
    }
    if (call.getMethodSelect() instanceof IdentifierTree identifier) {
      String name = identifier.getName().toString();
      if (!active.isEmpty()) {
        // In a method being inlined, its own class's methods come first.
        TypeElement owner = (TypeElement) active.peek().getEnclosingElement();
        Optional<ExecutableElement> own = choose(ValueRecords.methods(owner, name, arity), call);
        if (own.isPresent()) {
          return own;
        }
      }
      if (symbols.isOwnMethod(name)) {
        return choose(symbols.ownMethods(name).stream()
            .filter(method -> method.getParameters().size() == arity && !method.isVarArgs())
            .toList(), call).filter(types::inThisFile);
      }
    }
    return Optional.empty();
  }

  /**
   * The one of {@code methods} that {@code call} calls: among overloads of one arity, the one
   * whose record parameters take the record arguments, as {@code times(Complex)} beside {@code
   * times(double)}.
   */
  private Optional<ExecutableElement> choose(List<ExecutableElement> methods,
      MethodInvocationTree call) {
    if (methods.size() <= 1) {
      return methods.stream().findFirst();
    }
    List<ExecutableElement> fitting = methods.stream().filter(method -> {
      for (int i = 0; i < method.getParameters().size(); i++) {
        Optional<TypeElement> parameter = types.record(method.getParameters().get(i).asType());
        Optional<TypeElement> argument = typeOf(call.getArguments().get(i));
        if (!parameter.equals(argument)) {
          return false;
        }
      }
      return true;
    }).toList();
    return fitting.size() == 1 ? Optional.of(fitting.get(0)) : Optional.empty();
  }

  /**
   * The call this class translates in place, if {@code call} is one: a method of a record held
   * as a value (but for an accessor Java declares, which reads a number), a method this file
   * declares that returns such a record or is passed one, or, inside a record's method, another
   * method of that record.
   */
  private Optional<Target> target(MethodInvocationTree call) {
    Optional<ExecutableElement> resolved = resolve(call);
    if (resolved.isEmpty() || types.isImplicitAccessor(resolved.get())) {
      return Optional.empty();
    }
    ExecutableElement method = resolved.get();
    boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
    ExpressionTree receiver = null;
    boolean onThis = false;
    if (call.getMethodSelect() instanceof MemberSelectTree select) {
      if (typeOf(select.getExpression()).isPresent()) {
        receiver = select.getExpression();
      }
    } else if (!active.isEmpty()
        && method.getEnclosingElement() == active.peek().getEnclosingElement()) {
      onThis = !isStatic; // area() inside a record's method: this.area()
    }
    boolean inlined = receiver != null || onThis
        || types.record(method.getReturnType()).isPresent()
        || call.getArguments().stream().anyMatch(this::isHeldValue)
        // sq(x) inside a record's method: a static method of the record, which the caller's
        // generated class cannot see by that name
        || !active.isEmpty() && method.getEnclosingElement() == active.peek().getEnclosingElement()
            && method.getEnclosingElement().getKind() == javax.lang.model.element.ElementKind.RECORD;
    if (!inlined) {
      return Optional.empty();
    }
    return Optional.of(new Target(method, types.source(method), receiver, onThis));
  }

  /** Whether {@code argument} is a record value other than a record parameter (or inside one). */
  private boolean isHeldValue(ExpressionTree argument) {
    return typeOf(argument).isPresent() && parameters.record(argument) == null;
  }

  /** Whether {@code tree} has calls that are translated here, which must run before it. */
  boolean involves(ExpressionTree tree) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (found[0]) {
          return null;
        }
        if (target(call).isPresent() || isComputedAccessor(call)) {
          found[0] = true;
          return null;
        }
        return super.visitMethodInvocation(call, unused);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        return null;
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        return null;
      }
    }.scan(tree, null);
    return found[0];
  }

  /** {@code a.plus(b).re()}: an accessor of a record that must be computed first. */
  private boolean isComputedAccessor(MethodInvocationTree call) {
    return call.getArguments().isEmpty()
        && call.getMethodSelect() instanceof MemberSelectTree select
        && typeOf(select.getExpression()).isPresent()
        && held(select.getExpression()) == null;
  }

  // ---- Translation ----

  /**
   * The value of {@code call}, a call this class translates ({@link #involves}) inside an
   * expression: its statements are emitted now, its value is returned. Empty if {@code call} is
   * not one.
   */
  Optional<Expr> scalarCall(MethodInvocationTree call) {
    if (isComputedAccessor(call)) {
      MemberSelectTree select = (MemberSelectTree) call.getMethodSelect();
      RecordValue value = evaluate(select.getExpression());
      List<RecordType.Leaf> leaves = value.shape().leaves();
      for (int i = 0; i < leaves.size(); i++) {
        if (leaves.get(i).path().equals(List.of(select.getIdentifier().toString()))) {
          return Optional.of(value.leaves().get(i));
        }
      }
      throw RecordAccessors.notAValue(call);
    }
    Optional<Target> target = target(call);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    Object result = inline(call, target.get());
    if (!(result instanceof Expr value)) {
      throw new Unsupported(call, call + " gives a record here, where a number is needed; read"
          + " a component of it, as in " + call + ".x()");
    }
    return Optional.of(value);
  }

  /** Translates {@code call}, a call statement, if it is one this class translates. */
  boolean statement(MethodInvocationTree call) {
    Optional<Target> target = target(call);
    if (target.isEmpty()) {
      return false;
    }
    inline(call, target.get());
    return true;
  }

  /** Whether {@code declaration} declares a record local this class holds. */
  boolean declares(VariableTree declaration) {
    Tree type = declaration.getType();
    boolean inferred = type == null || type.toString().equals("var");
    if (inferred) {
      return declaration.getInitializer() != null
          && typeOf(declaration.getInitializer()).isPresent();
    }
    return symbols.type(type.toString()).flatMap(named -> types.record(named.asType()))
        .isPresent();
  }

  /** {@code Complex z = e;} or {@code Complex z;}: a local per number inside it. */
  void declare(VariableTree declaration) {
    String userName = declaration.getName().toString();
    ExpressionTree initializer = declaration.getInitializer();
    Tree typeTree = declaration.getType();
    TypeElement type = typeTree == null || typeTree.toString().equals("var")
        ? typeOf(initializer).orElseThrow()
        : symbols.type(typeTree.toString()).orElseThrow();
    RecordType shape = types.shape(type, declaration);
    RecordValue value = initializer == null ? null : evaluate(initializer);
    if (value != null && !value.type().equals(type)) {
      throw new Unsupported(initializer, "incompatible types: " + value.type().getSimpleName()
          + " cannot be converted to " + type.getSimpleName());
    }
    Map<List<String>, Local> leaves = new LinkedHashMap<>();
    for (RecordType.Leaf leaf : shape.leaves()) {
      // z_re, z_im: names no other variable has, so every version of them is z_re_1, ...
      leaves.put(leaf.path(), new Local(names.fresh(userName + "_" + String.join("_",
          leaf.path())), leaf.type(), blocks.current(), false));
    }
    RecordLocal parts = new RecordLocal(type, shape, leaves);
    if (value != null) {
      store(parts, value);
    }
    scopes.declare(userName, holder(userName, parts));
  }

  /** {@code z = e;} for a record local {@code z}. */
  void assign(Local target, ExpressionTree value) {
    RecordValue assigned = evaluate(value);
    if (!assigned.type().equals(target.record().type())) {
      throw new Unsupported(value, "incompatible types: " + assigned.type().getSimpleName()
          + " cannot be converted to " + target.record().type().getSimpleName());
    }
    store(target.record(), assigned);
  }

  private static Local holder(String userName, RecordLocal parts) {
    Local holder = new Local(userName, Type.OBJECT, null, false);
    holder.bindRecord(parts);
    return holder;
  }

  /**
   * Gives the locals of {@code target} the numbers of {@code value}. Each is computed before any
   * is stored where a later one reads an earlier one's old value in place, as in {@code z = new
   * Complex(z.im(), z.re())} inside a loop.
   */
  private void store(RecordLocal target, RecordValue value) {
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
    RecordLocal held = held(core);
    if (held != null) {
      List<Expr> leaves = new ArrayList<>();
      for (Local local : held.locals()) {
        leaves.add(expressions.read(local, core));
      }
      return new RecordValue(held.type(), held.shape(), leaves);
    }
    if (core instanceof NewClassTree creation) {
      return construct(creation);
    }
    if (constant(core) != null) {
      return construct(constant(core)); // Complex.ONE: its literals
    }
    if (core instanceof ConditionalExpressionTree conditional) {
      return conditional(conditional);
    }
    if (core instanceof MethodInvocationTree call) {
      Optional<Target> target = target(call);
      if (target.isPresent() && inline(call, target.get()) instanceof RecordValue value) {
        return value;
      }
      if (isComputedAccessor(call)) {
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
    TypeElement type = field(value.type(), name).orElseThrow(() ->
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
   * The locals {@code tree} names if it names a held record: a record local, a record parameter,
   * the receiver of the method being inlined, or a record inside one of them ({@code b.pos()},
   * {@code other.pos}); else null.
   */
  RecordLocal held(ExpressionTree tree) {
    ExpressionTree core = Unsupported.core(tree);
    if (core instanceof IdentifierTree identifier) {
      String name = identifier.getName().toString();
      Local local = scopes.lookup(name);
      if (local != null) {
        return local.record();
      }
      Optional<TypeElement> type = parameterRecord(name);
      if (type.isEmpty()) {
        return null;
      }
      Map<List<String>, Local> values = parameters.record(identifier);
      RecordType shape = parameters.shape(name);
      Map<List<String>, Local> ordered = new LinkedHashMap<>();
      shape.leaves().forEach(leaf -> ordered.put(leaf.path(), values.get(leaf.path())));
      return new RecordLocal(type.get(), shape, ordered);
    }
    ExpressionTree owner = null;
    String name = null;
    if (core instanceof MemberSelectTree select) {
      owner = select.getExpression();
      name = select.getIdentifier().toString();
    } else if (core instanceof MethodInvocationTree call && call.getArguments().isEmpty()
        && call.getMethodSelect() instanceof MemberSelectTree select
        && resolve(call).filter(types::isImplicitAccessor).isPresent()) {
      owner = select.getExpression();
      name = select.getIdentifier().toString();
    }
    if (owner == null) {
      return null;
    }
    RecordLocal outer = held(owner);
    if (outer == null) {
      return null;
    }
    String component = name;
    return field(outer.type(), component)
        .map(type -> outer.component(component, type))
        .orElse(null);
  }

  /** {@code new Complex(a, b)}: the canonical constructor's values, evaluated left to right. */
  private RecordValue construct(NewClassTree creation) {
    String name = creation.getIdentifier().toString();
    TypeElement type = symbols.type(name).flatMap(found -> types.record(found.asType()))
        .orElseThrow(() -> new Unsupported(creation, "object creation (new " + name + ") is"
            + " not supported; records declared in this file are"));
    RecordType shape = types.shape(type, creation);
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
    return new RecordValue(type, shape, leaves);
  }

  /** {@code c ? a : b} of records: only the branch taken is computed, as in Java. */
  private RecordValue conditional(ConditionalExpressionTree tree) {
    TypeElement type = typeOf(tree).orElseThrow();
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
  private void assignAll(List<Variable> results, RecordValue value, Tree where) {
    if (value.leaves().size() != results.size()) {
      throw new Unsupported(where, "the branches give different records");
    }
    List<Expr> operations = value.leaves().stream().map(threeAddress::operation).toList();
    for (int i = 0; i < results.size(); i++) {
      blocks.emit(new Stmt.Assign(results.get(i), operations.get(i), false));
    }
  }

  /**
   * Translates {@code call} of {@code target} where it is called: the receiver's numbers stand
   * for the fields, each argument is evaluated in order into the parameter. Returns the result:
   * an {@link Expr} for a number, a {@link RecordValue} for a record, null for void.
   */
  private Object inline(MethodInvocationTree call, Target target) {
    ExecutableElement method = target.method();
    String name = method.getSimpleName().toString();
    MethodTree source = target.source();
    if (source == null) {
      throw new Unsupported(call, name + " has no source in this file for flatgrad to read: the"
          + " methods of records held as values, and methods making or taking them, are"
          + " translated where they are called from their source in this file");
    }
    if (active.contains(method)) {
      throw new Unsupported(call, name + " calls itself, so flatgrad cannot translate it where"
          + " it is called; write it with a loop");
    }
    // Java evaluates the receiver first, then the arguments left to right.
    RecordLocal receiver = null;
    if (target.onThis()) {
      receiver = scopes.lookup(THIS).record();
    } else if (target.receiver() != null) {
      receiver = materialize(target.receiver(), "");
    }
    java.util.Set<String> assignedInBody = Assigned.names(source.getBody());
    List<Runnable> bindings = new ArrayList<>();
    List<? extends VariableElement> declared = method.getParameters();
    for (int i = 0; i < declared.size(); i++) {
      bindings.add(argument(call, declared.get(i), call.getArguments().get(i), assignedInBody));
    }
    TypeMirror returned = method.getReturnType();
    Optional<TypeElement> returnedRecord = types.record(returned);
    Type returnedNumber = returned.getKind().isPrimitive()
        ? DataTypes.primitive(returned.getKind())
        : null;
    if (returned.getKind() != TypeKind.VOID && returnedRecord.isEmpty()
        && returnedNumber == null) {
      throw new Unsupported(call, name + " returns " + returned + "; methods translated where"
          + " they are called return numbers, booleans or records of this file");
    }
    List<? extends StatementTree> statements = source.getBody().getStatements();
    boolean early = Exits.hasEarlyReturn(statements);
    boolean last = !early && !statements.isEmpty()
        && statements.get(statements.size() - 1) instanceof ReturnTree;
    // With early returns: the result's variables and the flag, declared before the body.
    List<Variable> results = new ArrayList<>();
    Variable flag = null;
    if (early) {
      if (returnedRecord.isPresent()) {
        for (RecordType.Leaf leaf : types.shape(returnedRecord.get(), call).leaves()) {
          Variable result = local(name + "_" + String.join("_", leaf.path()), leaf.type());
          blocks.emit(new Stmt.Assign(result, Expr.defaultValue(leaf.type()), true));
          results.add(result);
        }
      } else if (returnedNumber != null) {
        Variable result = local(name, returnedNumber);
        blocks.emit(new Stmt.Assign(result, Expr.defaultValue(returnedNumber), true));
        results.add(result);
      }
      flag = jumps.flag("returned_" + name);
      blocks.emit(new Stmt.Assign(flag, Expr.Literal.ofBoolean(false), true));
    }
    Object[] result = {null};
    RecordLocal self = receiver;
    Variable returnedFlag = flag;
    Consumer<ReturnTree> returns = statement -> {
      if (statement.getExpression() != null && !results.isEmpty()) {
        if (returnedRecord.isPresent()) {
          assignAll(results, evaluate(statement.getExpression()), statement);
        } else {
          blocks.emit(new Stmt.Assign(results.get(0),
              body.value(statement.getExpression(), returnedNumber), false));
        }
      }
      if (returnedFlag != null) {
        blocks.emit(new Stmt.Assign(returnedFlag, Expr.Literal.ofBoolean(true), false));
      }
    };
    active.push(method);
    Variable callerReturned = jumps.returned();
    jumps.setReturned(flag);
    try {
      body.inHelperReturning(returns, () -> body.inHelperScope(source.getBody(), () -> {
        if (self != null) {
          bindReceiver(self);
        }
        bindings.forEach(Runnable::run);
      }, last, () -> {
        if (last) {
          ReturnTree end = (ReturnTree) statements.get(statements.size() - 1);
          result[0] = returnedRecord.isPresent()
              ? evaluate(end.getExpression())
              : named(name, body.value(end.getExpression(), returnedNumber));
        }
      }));
    } finally {
      jumps.setReturned(callerReturned);
      active.pop();
    }
    if (last || results.isEmpty()) {
      return result[0];
    }
    if (returnedRecord.isPresent()) {
      return new RecordValue(returnedRecord.get(), types.shape(returnedRecord.get(), call),
          results.stream().<Expr>map(Expr.Ref::new).toList());
    }
    return new Expr.Ref(results.get(0));
  }

  /** A method's number result, in a local named after the method unless it is an atom. */
  private Expr named(String method, Expr value) {
    if (value.isAtom()) {
      return value;
    }
    Variable variable = local(method, value.type());
    blocks.emit(new Stmt.Assign(variable, value, true));
    return new Expr.Ref(variable);
  }

  /** A new local for a value the user's code holds but does not name: {@code base}, if free. */
  private Variable local(String base, Type type) {
    return new Variable(names.fresh(base), type, Variable.Kind.LOCAL);
  }

  /** Declares the receiver in the method's scope: as {@code this}, and its fields by name. */
  private void bindReceiver(RecordLocal receiver) {
    scopes.declare(THIS, holder(THIS, receiver));
    for (RecordType.Component component : receiver.shape().components()) {
      String field = component.name();
      if (component.record() == null) {
        scopes.declare(field, receiver.leaves().get(List.of(field)));
      } else {
        TypeElement type = field(receiver.type(), field).orElseThrow();
        scopes.declare(field, holder(field, receiver.component(field, type)));
      }
    }
  }

  /**
   * Evaluates the argument for {@code parameter} now, and returns how to bind it in the method's
   * scope: a number in a fresh local named like the parameter, a record as its locals (the
   * argument's own when the method never assigns the parameter), an array as the caller's.
   */
  private Runnable argument(MethodInvocationTree call, VariableElement parameter,
      ExpressionTree argument, java.util.Set<String> assignedInBody) {
    String name = parameter.getSimpleName().toString();
    TypeMirror type = parameter.asType();
    if (types.record(type).isPresent() || typeOf(argument).isPresent()) {
      RecordLocal held = assignedInBody.contains(name) ? null : held(argument);
      RecordLocal parts = held != null ? held : materialize(argument, name + "_");
      return () -> scopes.declare(name, holder(name, parts));
    }
    if (type.getKind().isPrimitive()) {
      Type number = DataTypes.primitive(type.getKind());
      Expr value = body.value(argument, number);
      Variable variable = scopes.freshLocal(name, number);
      blocks.emit(new Stmt.Assign(variable, value, true));
      return () -> scopes.bindLocal(name, variable);
    }
    Optional<Type> array = SignatureReader.typeOf(parameter).filter(Type::isArray);
    if (array.isPresent()) {
      body.prepare(argument, array.get());
      Expr value = expressions.translate(argument);
      if ((value instanceof Expr.Ref || value instanceof Expr.Element)
          && value.type() == array.get() && !assignedInBody.contains(name)) {
        return () -> scopes.declareView(name, value);
      }
    }
    throw new Unsupported(argument, "the parameter " + name + " of "
        + call.getMethodSelect() + " has type " + type + "; methods translated where they are"
        + " called take numbers, arrays it does not reassign, and records of this file");
  }

  /**
   * The locals holding the record {@code tree} gives: its own if it names a held record, else
   * new locals, named {@code prefix} + component, holding its computed value.
   */
  private RecordLocal materialize(ExpressionTree tree, String prefix) {
    RecordLocal held = held(tree);
    if (held != null) {
      return held;
    }
    RecordValue value = evaluate(tree);
    Map<List<String>, Local> leaves = new LinkedHashMap<>();
    List<RecordType.Leaf> shape = value.shape().leaves();
    for (int i = 0; i < shape.size(); i++) {
      RecordType.Leaf leaf = shape.get(i);
      Variable variable = local(prefix + String.join("_", leaf.path()), leaf.type());
      blocks.emit(new Stmt.Assign(variable, threeAddress.operation(value.leaves().get(i)), true));
      Local local = new Local(variable.name(), leaf.type(), blocks.current(), false);
      local.assign(variable);
      leaves.put(leaf.path(), local);
    }
    return new RecordLocal(value.type(), value.shape(), leaves);
  }
}
