package dev.flatgrad.processor.frontend;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.RecordType;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Translates a method where it is called ({@link RecordCalls#target}): the methods of records
 * and small classes held as values, and the methods of this file that make or take them. The
 * receiver's numbers stand for the fields, each argument is evaluated in order into its
 * parameter, and the body is translated in place; the last {@code return} gives the result,
 * earlier ones assign it and set a flag that skips the rest. A constructor is translated for the
 * object being made: field initializers, {@code this(...)}, then its body.
 */
final class InlinedMethods {

  private final BodyTranslator body;
  private final Blocks blocks;
  private final Scopes scopes;
  private final Names names;
  private final ExpressionTranslator expressions;
  private final ValueRecords types;
  private final RecordCalls calls;
  private final Jumps jumps;
  /** Where names are resolved: in the class of the method translated in place. */
  private final Symbols symbols;
  private RecordValues values;
  /** The methods being inlined, innermost first: a method calling itself cannot be. */
  private final Deque<ExecutableElement> active = new ArrayDeque<>();
  /** The lambdas being inlined, innermost first. */
  private final Deque<LambdaExpressionTree> lambdas = new ArrayDeque<>();
  /** The methods of anonymous objects being inlined: the object's creation, and the code. */
  private final Deque<List<Object>> onObjects = new ArrayDeque<>();

  InlinedMethods(BodyTranslator body, BodyContext context, ValueRecords types, RecordCalls calls,
      Symbols symbols, Jumps jumps) {
    this.symbols = symbols;
    this.body = body;
    this.blocks = context.blocks();
    this.scopes = context.scopes();
    this.names = context.names();
    this.expressions = context.expressions();
    this.types = types;
    this.calls = calls;
    this.jumps = jumps;
  }

  void values(RecordValues values) {
    this.values = values;
  }

  /**
   * Translates {@code this(...)} or {@code super()} if {@code call} is one, in a constructor
   * being translated: the other constructor for the same object, or nothing (Object's).
   */
  boolean constructorCall(MethodInvocationTree call) {
    String select = call.getMethodSelect().toString();
    boolean delegation = select.equals(RecordCalls.THIS) || select.equals("super");
    if (!delegation || active.isEmpty()
        || active.peek().getKind() != javax.lang.model.element.ElementKind.CONSTRUCTOR) {
      return false;
    }
    if (select.equals(RecordCalls.THIS)) {
      TypeElement owner = (TypeElement) active.peek().getEnclosingElement();
      ExecutableElement other = calls.choose(types.writtenConstructors(owner),
          call.getArguments()).orElseThrow(() ->
              new Unsupported(call, "cannot tell which constructor this calls"));
      inlineConstructor(call, other, scopes.lookup(RecordCalls.THIS).record(),
          call.getArguments());
    }
    return true;
  }

  /** The method whose body is being translated in place, innermost; null if none is. */
  ExecutableElement innermost() {
    return active.peek();
  }

  /**
   * Translates {@code constructor}'s body in place for the object {@code self}: its field
   * initializers first (unless it begins with {@code this(...)}, whose constructor runs them),
   * its parameters bound to the arguments; a record's compact constructor then gives each field
   * not assigned the parameter of its name.
   */
  void inlineConstructor(Tree where, ExecutableElement constructor, RecordLocal self,
      List<? extends ExpressionTree> arguments) {
    MethodTree source = types.source(constructor);
    String name = self.type().getSimpleName().toString();
    if (source == null) {
      throw new Unsupported(where, "flatgrad cannot read the constructor of " + name);
    }
    if (active.contains(constructor)) {
      throw new Unsupported(where, "the constructor of " + name + " calls itself");
    }
    List<? extends StatementTree> statements = source.getBody().getStatements();
    if (Exits.returnCount(statements) > 0) {
      throw new Unsupported(where, "the constructor of " + name + " returns early; flatgrad"
          + " translates constructors that run to their end");
    }
    List<Runnable> bindings = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      bindings.add(argument(where, constructor.getParameters().get(i), arguments.get(i),
          source.getBody()));
    }
    boolean delegates = !statements.isEmpty()
        && statements.get(0) instanceof com.sun.source.tree.ExpressionStatementTree first
        && first.getExpression() instanceof MethodInvocationTree call
        && call.getMethodSelect().toString().equals(RecordCalls.THIS);
    active.push(constructor);
    try {
      symbols.within(self.type(), () -> body.inHelperReturning(statement -> { }, () ->
          body.inHelperScope(source.getBody(), () -> {
            bindReceiver(self);
            if (!delegates) {
              initializeFields(self);
            }
            bindings.forEach(Runnable::run);
          }, false, () -> {
            if (self.type().getKind() == javax.lang.model.element.ElementKind.RECORD) {
              takeUnassignedFromParameters(self);
            }
          })));
    } finally {
      active.pop();
    }
  }

  /** A class's field initializers, and zero (or false) for a field that changes and has none. */
  private void initializeFields(RecordLocal self) {
    if (self.type().getKind() != javax.lang.model.element.ElementKind.CLASS) {
      return;
    }
    for (VariableElement field : ValueRecords.instanceFields(self.type())) {
      String fieldName = field.getSimpleName().toString();
      Tree declaration = types.source(field);
      ExpressionTree initializer = declaration instanceof VariableTree variable
          ? variable.getInitializer()
          : null;
      Local number = self.leaves().get(List.of(fieldName));
      if (initializer != null && number != null) {
        scopes.define(number, body.value(initializer, number.type()));
      } else if (initializer != null) {
        TypeElement type = calls.field(self.type(), fieldName).orElseThrow();
        values.store(self.component(fieldName, type), values.evaluate(initializer));
      } else if (number != null && !field.getModifiers().contains(Modifier.FINAL)) {
        scopes.define(number, Expr.defaultValue(number.type()));
      }
    }
  }

  /** A compact constructor's end: each field not assigned takes the parameter of its name. */
  private void takeUnassignedFromParameters(RecordLocal self) {
    for (RecordType.Component component : self.shape().components()) {
      Local parameter = scopes.lookup(component.name());
      if (parameter == null) {
        continue;
      }
      if (component.record() == null) {
        Local field = self.leaves().get(List.of(component.name()));
        if (field.current() == null && parameter.current() != null) {
          scopes.define(field, new Expr.Ref(parameter.current()));
        }
      } else if (parameter.record() != null) {
        TypeElement type = calls.field(self.type(), component.name()).orElseThrow();
        RecordLocal inner = self.component(component.name(), type);
        if (inner.locals().stream().allMatch(local -> local.current() == null)) {
          values.store(inner, values.read(parameter.record(), null));
        }
      }
    }
  }

  /**
   * Translates {@code call} of {@code target} where it is called: the receiver's numbers stand
   * for the fields, each argument is evaluated in order into the parameter. Returns the result:
   * an {@link Expr} for a number, a {@link RecordValue} for a record, null for void.
   */
  Object inline(MethodInvocationTree call, RecordCalls.Target target) {
    ExecutableElement method = target.method();
    Local self = target.onThis() ? scopes.lookup(RecordCalls.THIS) : null;
    if (self != null && self.anonymous() != null) {
      return inlineOnObject(call, self.anonymous(), method); // getA(n, x) inside evaluate
    }
    String name = method.getSimpleName().toString();
    MethodTree source = target.source();
    checkTranslatable(call, method, source, "the methods of records held as values, and"
        + " methods making or taking them or lambdas");
    // Java evaluates the receiver first, then the arguments left to right.
    RecordLocal receiver = null;
    if (target.onThis()) {
      receiver = scopes.lookup(RecordCalls.THIS).record();
    } else if (target.receiver() != null) {
      receiver = materialize(target.receiver(), "");
    }
    List<Runnable> bindings = new ArrayList<>();
    List<? extends VariableElement> declared = method.getParameters();
    for (int i = 0; i < declared.size(); i++) {
      bindings.add(argument(call, declared.get(i), call.getArguments().get(i),
          source.getBody()));
    }
    RecordLocal bound = receiver;
    active.push(method);
    try {
      return symbols.within((TypeElement) method.getEnclosingElement(), () ->
          translate(call, name, source.getBody(), method.getReturnType(), () -> {
            if (bound != null) {
              bindReceiver(bound);
            }
            bindings.forEach(Runnable::run);
          }));
    } finally {
      active.pop();
    }
  }

  /**
   * Translates {@code call} of the lambda {@code lambda} where it is called: its parameters
   * bound to the arguments, evaluated in order, the locals it captured visible by their names.
   */
  Object inlineLambda(MethodInvocationTree call, LambdaValue lambda) {
    LambdaExpressionTree tree = lambda.tree();
    List<Runnable> bindings = new ArrayList<>();
    for (int i = 0; i < tree.getParameters().size(); i++) {
      bindings.add(argument(call, tree.getParameters().get(i).getName().toString(),
          lambda.method().getParameters().get(i).asType(), call.getArguments().get(i),
          tree.getBody()));
    }
    if (lambdas.contains(tree)) {
      throw new Unsupported(call, "this lambda calls itself, so flatgrad cannot translate it"
          + " where it is called");
    }
    lambdas.push(tree);
    try {
      // A lambda's names mean what they mean where it was written.
      return symbols.within(lambda.context(), () ->
          translate(call, "lambda", tree.getBody(), lambda.method().getReturnType(), () -> {
            lambda.captured().forEach(scopes::declare);
            bindings.forEach(Runnable::run);
          }));
    } finally {
      lambdas.pop();
    }
  }

  /**
   * Translates {@code call} of {@code method} on the anonymous {@code object} where it is called:
   * the anonymous class's own method if it overrides {@code method} (its names resolved where the
   * object was made, the locals it captured visible), else the inherited one from this file's
   * source (its names resolved in its class); {@code this} is the object in both.
   */
  Object inlineOnObject(MethodInvocationTree call, AnonymousObject object,
      ExecutableElement method) {
    String name = method.getSimpleName().toString();
    MethodTree override = object.override(method);
    MethodTree source = override != null ? override : types.source(method);
    if (source == null) {
      checkTranslatable(call, method, null, "an anonymous class's methods, and the ones it"
          + " inherits,");
    }
    // The same code on the same object: one object's applyAsDouble may call another's.
    List<Object> frame = List.of(object.creation(), override != null ? override : method);
    if (onObjects.contains(frame)) {
      throw callsItself(call, name);
    }
    List<Runnable> bindings = new ArrayList<>();
    for (int i = 0; i < source.getParameters().size(); i++) {
      bindings.add(argument(call, source.getParameters().get(i).getName().toString(),
          method.getParameters().get(i).asType(), call.getArguments().get(i),
          source.getBody()));
    }
    TypeElement names = override != null
        ? object.context()
        : (TypeElement) method.getEnclosingElement();
    // On the stack, the inherited method stands for its override: calls inside resolve to the
    // class's methods first, as they do in the anonymous class.
    active.push(method);
    onObjects.push(frame);
    try {
      return symbols.within(names, () ->
          translate(call, name, source.getBody(), method.getReturnType(), () -> {
            if (override != null) {
              object.captured().forEach(scopes::declare);
            }
            scopes.declare(RecordCalls.THIS, holding(RecordCalls.THIS, object));
            bindings.forEach(Runnable::run);
          }));
    } finally {
      onObjects.pop();
      active.pop();
    }
  }

  /** Reports a call of {@code method} that cannot be translated in place (no source, recursion). */
  private void checkTranslatable(Tree call, ExecutableElement method, MethodTree source,
      String which) {
    String name = method.getSimpleName().toString();
    if (source == null) {
      throw new Unsupported(call, name + " has no source in this file for flatgrad to read: "
          + which + " are translated where they are called from their source in this file");
    }
    if (active.contains(method)) {
      throw callsItself(call, name);
    }
  }

  private static Unsupported callsItself(Tree call, String name) {
    return new Unsupported(call, name + " calls itself, so flatgrad cannot translate it where it"
        + " is called; write it with a loop");
  }

  /** A local named {@code name} standing for the anonymous {@code object}. */
  private static Local holding(String name, AnonymousObject object) {
    Local local = new Local(name, Type.OBJECT, null, false);
    local.bindAnonymous(object);
    return local;
  }

  /**
   * The anonymous object {@code tree} makes ({@code new ContinuedFraction() {...}}) or names (a
   * local or parameter bound to one); null if it is neither. A new one captures the locals its
   * methods name, as they are here.
   */
  AnonymousObject anonymous(ExpressionTree tree) {
    ExpressionTree core = Unsupported.core(tree);
    if (core instanceof IdentifierTree identifier) {
      Local local = scopes.lookup(identifier.getName().toString());
      return local == null ? null : local.anonymous();
    }
    if (!(core instanceof NewClassTree creation) || creation.getClassBody() == null) {
      return null;
    }
    String baseName = creation.getIdentifier().toString();
    TypeElement base = symbols.type(baseName).orElseThrow(() -> new Unsupported(creation,
        "an anonymous class of " + baseName + " is not supported: flatgrad translates anonymous"
            + " classes of classes and interfaces that are not generic"));
    if (creation.getEnclosingExpression() != null || !creation.getArguments().isEmpty()) {
      throw new Unsupported(creation, "an anonymous class whose superclass constructor takes"
          + " arguments is not supported");
    }
    if (base.getKind() == javax.lang.model.element.ElementKind.CLASS
        && (!types.inThisFile(base) || !ValueRecords.instanceFields(base).isEmpty()
            || !base.getSuperclass().toString().equals("java.lang.Object")
            || types.writtenConstructors(base).stream().anyMatch(this::hasBody))) {
      throw new Unsupported(creation, "an anonymous subclass of " + base.getSimpleName()
          + " is not supported: flatgrad translates anonymous subclasses of classes of this"
          + " file that have no instance fields, no superclass and no constructor code");
    }
    for (Tree member : creation.getClassBody().getMembers()) {
      // An anonymous class cannot declare a constructor: javac gives it one, passing on to super.
      boolean constructor = member instanceof MethodTree written && written.getReturnType() == null;
      boolean method = member instanceof MethodTree written && written.getReturnType() != null
          && !written.getModifiers().getFlags().contains(Modifier.STATIC);
      if (!method && !constructor) {
        throw new Unsupported(member, "an anonymous class with " + Describe.member(member)
            + " is not supported: its methods may use the locals around it, which flatgrad"
            + " translates where they are called");
      }
    }
    java.util.Map<String, Local> captured = new java.util.LinkedHashMap<>();
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        String name = identifier.getName().toString();
        Local local = scopes.lookup(name);
        if (local != null) {
          captured.put(name, local); // a parameter of its own shadows it where it is bound
        }
        return null;
      }
    }.scan(creation.getClassBody(), null);
    return new AnonymousObject(creation, base, captured, symbols.enclosingClass());
  }

  private boolean hasBody(ExecutableElement constructor) {
    MethodTree source = types.source(constructor);
    return source != null && (!source.getParameters().isEmpty()
        || source.getBody().getStatements().stream().anyMatch(statement ->
            !statement.toString().startsWith("super(")));
  }

  /**
   * Translates {@code code}, a method's body or a lambda's (a block, or one expression), in
   * place, in a scope of its own that {@code bind} fills; returns its result as {@link #inline}
   * does. The last {@code return} gives the result; earlier ones assign variables declared first
   * and set a flag that guards what follows.
   */
  private Object translate(Tree call, String name, Tree code, TypeMirror returned,
      Runnable bind) {
    Optional<TypeElement> returnedRecord = types.record(returned);
    Type returnedNumber = returned.getKind().isPrimitive()
        ? DataTypes.primitive(returned.getKind())
        : null;
    if (returned.getKind() != TypeKind.VOID && returnedRecord.isEmpty()
        && returnedNumber == null) {
      throw new Unsupported(call, name + " returns " + returned + "; methods translated where"
          + " they are called return numbers, booleans, records or small classes of this"
          + " file");
    }
    List<? extends StatementTree> statements = code instanceof BlockTree block
        ? block.getStatements()
        : List.of();
    boolean expression = !(code instanceof BlockTree);
    boolean early = Exits.hasEarlyReturn(statements);
    boolean last = !expression && !early && !statements.isEmpty()
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
    Variable returnedFlag = flag;
    Consumer<ReturnTree> returns = statement -> {
      if (statement.getExpression() != null && !results.isEmpty()) {
        if (returnedRecord.isPresent()) {
          values.assignAll(results, values.evaluate(statement.getExpression()), statement);
        } else {
          blocks.emit(new Stmt.Assign(results.get(0),
              body.value(statement.getExpression(), returnedNumber), false));
        }
      }
      if (returnedFlag != null) {
        blocks.emit(new Stmt.Assign(returnedFlag, Expr.Literal.ofBoolean(true), false));
      }
    };
    Variable callerReturned = jumps.returned();
    jumps.setReturned(flag);
    try {
      body.inHelperReturning(returns, () -> body.inHelperScope(code, bind, last, () -> {
        ExpressionTree end = expression
            ? (ExpressionTree) code
            : last ? ((ReturnTree) statements.get(statements.size() - 1)).getExpression() : null;
        if (end != null && returnedRecord.isPresent()) {
          result[0] = values.evaluate(end);
        } else if (end != null && returnedNumber != null) {
          result[0] = named(name, body.value(end, returnedNumber));
        } else if (end != null) {
          body.expressionStatement(end); // a void lambda's one expression
        }
      }));
    } finally {
      jumps.setReturned(callerReturned);
    }
    if (last || expression || results.isEmpty()) {
      return result[0];
    }
    if (returnedRecord.isPresent()) {
      return new RecordValue(returnedRecord.get(), types.shape(returnedRecord.get(), call),
          results.stream().<Expr>map(Expr.Ref::new).toList());
    }
    return new Expr.Ref(results.get(0));
  }

  /**
   * A lambda written as the argument {@code tree} (or one held in a local, or a parameter bound
   * to one), for a parameter of the functional interface {@code type}; null if {@code tree} is
   * none. A new lambda captures the locals its body names, as they are here.
   */
  LambdaValue lambda(ExpressionTree tree, TypeMirror type) {
    ExpressionTree core = Unsupported.core(tree);
    if (core instanceof IdentifierTree identifier) {
      Local local = scopes.lookup(identifier.getName().toString());
      return local == null ? null : local.lambda();
    }
    if (core instanceof MemberReferenceTree) {
      throw new Unsupported(tree, "method references are not supported here: write it as a"
          + " lambda, as in x -> f(x)");
    }
    if (!(core instanceof LambdaExpressionTree lambda)) {
      return null;
    }
    ExecutableElement method = types.functionalMethod(type).orElseThrow(() ->
        new Unsupported(tree, "a lambda for " + type + " is not supported: flatgrad translates"
            + " lambdas for interfaces with one abstract method"));
    if (lambda.getParameters().size() != method.getParameters().size()) {
      throw new Unsupported(tree, "this lambda takes " + lambda.getParameters().size()
          + " parameters, but " + method.getSimpleName() + " passes "
          + method.getParameters().size());
    }
    java.util.Set<String> own = new java.util.HashSet<>();
    lambda.getParameters().forEach(parameter -> own.add(parameter.getName().toString()));
    java.util.Map<String, Local> captured = new java.util.LinkedHashMap<>();
    new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        String name = identifier.getName().toString();
        Local local = own.contains(name) ? null : scopes.lookup(name);
        if (local != null) {
          captured.put(name, local);
        }
        return null;
      }
    }.scan(lambda.getBody(), null);
    Local self = scopes.lookup(RecordCalls.THIS);
    if (self != null) {
      captured.put(RecordCalls.THIS, self);
    }
    return new LambdaValue(lambda, method, captured, symbols.enclosingClass());
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
    scopes.declare(RecordCalls.THIS, RecordValues.holder(RecordCalls.THIS, receiver));
    for (RecordType.Component component : receiver.shape().components()) {
      String field = component.name();
      if (component.record() == null) {
        scopes.declare(field, receiver.leaves().get(List.of(field)));
      } else {
        TypeElement type = calls.field(receiver.type(), field).orElseThrow();
        scopes.declare(field, RecordValues.holder(field, receiver.component(field, type)));
      }
    }
  }

  /**
   * Evaluates the argument for {@code parameter} now, and returns how to bind it in the method's
   * scope: a number in a fresh local named like the parameter, a record as its locals (the
   * argument's own when the method never assigns the parameter), an array as the caller's.
   */
  private Runnable argument(Tree call, VariableElement parameter, ExpressionTree argument,
      Tree code) {
    return argument(call, parameter.getSimpleName().toString(), parameter.asType(), argument,
        code);
  }

  private Runnable argument(Tree call, String name, TypeMirror type, ExpressionTree argument,
      Tree code) {
    LambdaValue function = lambda(argument, type);
    if (function != null) {
      return () -> {
        Local local = new Local(name, Type.OBJECT, null, false);
        local.bindLambda(function);
        scopes.declare(name, local);
      };
    }
    AnonymousObject object = anonymous(argument);
    if (object != null) {
      return () -> scopes.declare(name, holding(name, object));
    }
    if (types.record(type).isPresent() || calls.typeOf(argument).isPresent()) {
      RecordLocal held = calls.held(argument);
      RecordLocal parts;
      if (held != null && !Assigned.names(code).contains(name)) {
        parts = held; // the caller's object itself, as Java passes it
      } else {
        // A parameter the method reassigns stands for a copy (an object whose fields change
        // cannot be copied: evaluate reports it).
        RecordValue value = values.evaluate(argument);
        parts = values.fresh(value.shape(), value.type(), name + "_");
        values.store(parts, value);
      }
      return () -> scopes.declare(name, RecordValues.holder(name, parts));
    }
    if (type.getKind().isPrimitive()) {
      Type number = DataTypes.primitive(type.getKind());
      Expr value = body.value(argument, number);
      Variable variable = scopes.freshLocal(name, number);
      blocks.emit(new Stmt.Assign(variable, value, true));
      return () -> scopes.bindLocal(name, variable);
    }
    Optional<Type> array = SignatureReader.parameterType(type).filter(Type::isArray);
    if (array.isPresent()) {
      body.prepare(argument, array.get());
      Expr value = expressions.translate(argument);
      if ((value instanceof Expr.Ref || value instanceof Expr.Element)
          && value.type() == array.get() && !Assigned.wholeNames(code).contains(name)) {
        // The caller's array itself, as Java passes it: the method's writes to its elements
        // are the caller's.
        return () -> scopes.declareView(name, value);
      }
    }
    throw new Unsupported(argument, "the parameter " + name + " has type " + type + "; methods"
        + " translated where they are called take numbers, arrays they do not reassign,"
        + " lambdas, and records and small classes of this file");
  }

  /**
   * The locals holding the record {@code tree} gives: its own if it names a held record, else
   * new locals, named {@code prefix} + component, holding its computed value.
   */
  RecordLocal materialize(ExpressionTree tree, String prefix) {
    RecordLocal held = calls.held(tree);
    if (held != null) {
      return held;
    }
    RecordValue value = values.evaluate(tree);
    RecordLocal parts = values.fresh(value.shape(), value.type(), prefix);
    values.store(parts, value);
    return parts;
  }
}
