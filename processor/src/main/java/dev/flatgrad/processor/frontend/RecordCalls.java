package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.flatgrad.processor.ir.RecordType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * What a body holding records as values ({@link RecordValues}) must know before translating an
 * expression: which record or small class an expression's value is, which local or component it
 * names ({@link #held}), and which calls are translated in place ({@link #target}): a method of
 * a held record (but an accessor Java declares, which reads a number), a method of this file that
 * returns one or is passed one, and, inside a method being translated, another method of its
 * record.
 */
final class RecordCalls {

  /** What the receiver of an inlined instance method is called in its body. */
  static final String THIS = "this";

  private final Scopes scopes;
  private final RecordAccessors parameters;
  private final ValueRecords types;
  private final Symbols symbols;
  private InlinedMethods inlined;

  /** Whether a method writes into an array it is passed (directly or through its callees). */
  private final java.util.function.Predicate<ExecutableElement> writesArrays;

  RecordCalls(Scopes scopes, RecordAccessors parameters, ValueRecords types, Symbols symbols,
      java.util.function.Predicate<ExecutableElement> writesArrays) {
    this.writesArrays = writesArrays;
    this.scopes = scopes;
    this.parameters = parameters;
    this.types = types;
    this.symbols = symbols;
  }

  void inlined(InlinedMethods inlined) {
    this.inlined = inlined;
  }

  /** A call translated here: the method, its source, and how its receiver is given. */
  record Target(ExecutableElement method, MethodTree source, ExpressionTree receiver,
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
          : constant(core).typeOf(this);
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
      Constant constant = constant(select);
      return constant != null
          ? constant.typeOf(this)
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
   * A {@code static final} field of this file holding a record made from literals, as {@code ONE =
   * new Complex(1, 0)}: its initializer, whose names mean what they mean in {@code owner}.
   */
  record Constant(NewClassTree creation, TypeElement owner, Symbols symbols) {
    Optional<TypeElement> typeOf(RecordCalls calls) {
      return symbols.within(owner, () -> calls.typeOf(creation));
    }
  }

  /** The constant {@code tree} names ({@code ONE}, {@code Complex.ONE}); else null. */
  Constant constant(ExpressionTree tree) {
    ExpressionTree core = Unsupported.core(tree);
    Optional<VariableElement> named;
    if (core instanceof MemberSelectTree select) {
      if (typeOf(select.getExpression()).isPresent()) {
        return null;
      }
      String name = select.getIdentifier().toString();
      named = symbols.type(select.getExpression().toString())
          .flatMap(owner -> symbols.field(owner, name));
    } else if (core instanceof IdentifierTree identifier) {
      named = symbols.field(identifier.getName().toString());
    } else {
      return null;
    }
    if (named.isEmpty()) {
      return null;
    }
    VariableElement field = named.get();
    if (field.getModifiers().containsAll(List.of(Modifier.STATIC, Modifier.FINAL))
        && types.inThisFile(field)
        && types.source(field) instanceof VariableTree declaration
        && declaration.getInitializer() != null
        && Unsupported.core(declaration.getInitializer()) instanceof NewClassTree creation
        && creation.getArguments().stream().allMatch(RecordCalls::isLiteral)) {
      return new Constant(creation, (TypeElement) field.getEnclosingElement(), symbols);
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
  Optional<TypeElement> field(TypeElement owner, String name) {
    return ValueRecords.fieldType(owner, name).flatMap(types::record);
  }

  /** The method {@code call} calls, when it is one whose owner or result is known here. */
  Optional<ExecutableElement> resolve(MethodInvocationTree call) {
    int arity = call.getArguments().size();
    if (call.getMethodSelect() instanceof MemberSelectTree select) {
      String name = select.getIdentifier().toString();
      Optional<TypeElement> receiver = typeOf(select.getExpression());
      Optional<TypeElement> owner = receiver.isPresent()
          ? receiver
          : symbols.type(select.getExpression().toString()).filter(types::inThisFile);
      return owner.flatMap(type ->
          choose(ValueRecords.methods(type, name, arity), call.getArguments()));
    }
    if (call.getMethodSelect() instanceof IdentifierTree identifier) {
      String name = identifier.getName().toString();
      if (inlined.innermost() != null) {
        // In a method being inlined, its own class's methods come first.
        TypeElement owner = (TypeElement) inlined.innermost().getEnclosingElement();
        Optional<ExecutableElement> own =
            choose(ValueRecords.methods(owner, name, arity), call.getArguments());
        if (own.isPresent()) {
          return own;
        }
      }
      if (symbols.isOwnMethod(name)) {
        return choose(symbols.ownMethods(name).stream()
            .filter(method -> method.getParameters().size() == arity && !method.isVarArgs())
            .toList(), call.getArguments()).filter(types::inThisFile);
      }
    }
    return Optional.empty();
  }

  /**
   * The one of {@code methods} that {@code call} calls: among overloads of one arity, the one
   * whose record parameters take the record arguments, as {@code times(Complex)} beside {@code
   * times(double)}.
   */
  Optional<ExecutableElement> choose(List<ExecutableElement> methods,
      List<? extends ExpressionTree> arguments) {
    List<ExecutableElement> sized = methods.stream()
        .filter(method -> method.getParameters().size() == arguments.size()).toList();
    if (sized.size() <= 1) {
      return sized.stream().findFirst();
    }
    List<ExecutableElement> fitting = sized.stream().filter(method -> {
      for (int i = 0; i < method.getParameters().size(); i++) {
        javax.lang.model.type.TypeMirror type = method.getParameters().get(i).asType();
        Optional<TypeElement> parameter = types.record(type);
        Optional<TypeElement> argument = typeOf(arguments.get(i));
        boolean function = types.functionalMethod(type).isPresent();
        if (!parameter.equals(argument) || function != isFunction(arguments.get(i))) {
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
   * declares that returns such a record or is passed one or a lambda, or returns a value and writes
   * into an array it is passed, or, inside a record's method, another method of that record.
   */
  Optional<Target> target(MethodInvocationTree call) {
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
    } else if (inlined.innermost() != null
        && method.getEnclosingElement() == inlined.innermost().getEnclosingElement()) {
      onThis = !isStatic; // area() inside a record's method: this.area()
    }
    boolean translated = receiver != null || onThis
        || types.record(method.getReturnType()).isPresent()
        || call.getArguments().stream().anyMatch(this::isHeldValue)
        || call.getArguments().stream().anyMatch(this::isFunction)
        // a helper returning a value that writes into the caller's arrays, as Enzyme's
        // readwriteread does: its writes are the caller's own, in place
        || isStatic && method.getReturnType().getKind() != javax.lang.model.type.TypeKind.VOID
            && SignatureReader.annotation(method) == null && writesArrays.test(method)
        // sq(x) inside a record's method: a static method of the record, which the caller's
        // generated class cannot see by that name
        || inlined.innermost() != null
            && method.getEnclosingElement() == inlined.innermost().getEnclosingElement()
            && method.getEnclosingElement().getKind() == ElementKind.RECORD;
    if (!translated) {
      return Optional.empty();
    }
    return Optional.of(new Target(method, types.source(method), receiver, onThis));
  }

  /**
   * The lambda {@code call} runs, if it calls the interface method on a lambda held here ({@code
   * f.applyAsDouble(x)} with {@code f} a local or parameter bound to a lambda).
   */
  Optional<LambdaValue> lambdaCall(MethodInvocationTree call) {
    if (call.getMethodSelect() instanceof MemberSelectTree select
        && Unsupported.core(select.getExpression()) instanceof IdentifierTree identifier) {
      Local local = scopes.lookup(identifier.getName().toString());
      if (local != null && local.lambda() != null
          && local.lambda().method().getSimpleName().contentEquals(select.getIdentifier())) {
        return Optional.of(local.lambda());
      }
    }
    return Optional.empty();
  }

  /** A call of a method of an anonymous object: the object, and the method of its class. */
  record ObjectCall(AnonymousObject object, ExecutableElement method) {}

  /**
   * The anonymous object and method {@code call} runs, if it calls a method on a name bound to
   * one ({@code fraction.evaluate(x, eps, n)}, {@code this.getA(n, x)} inside one of its methods).
   */
  Optional<ObjectCall> objectCall(MethodInvocationTree call) {
    if (call.getMethodSelect() instanceof MemberSelectTree select
        && Unsupported.core(select.getExpression()) instanceof IdentifierTree identifier) {
      Local local = scopes.lookup(identifier.getName().toString());
      if (local != null && local.anonymous() != null) {
        AnonymousObject object = local.anonymous();
        String name = select.getIdentifier().toString();
        ExecutableElement method = choose(types.allMethods(object.base(), name,
            call.getArguments().size()), call.getArguments()).orElseThrow(() ->
                new Unsupported(call, "cannot tell which method " + name + " of "
                    + object.base().getSimpleName() + " this calls"));
        return Optional.of(new ObjectCall(object, method));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code argument} is a lambda or an anonymous object, or a name bound to one. */
  private boolean isFunction(ExpressionTree argument) {
    ExpressionTree core = Unsupported.core(argument);
    if (core instanceof IdentifierTree identifier) {
      Local local = scopes.lookup(identifier.getName().toString());
      return local != null && (local.lambda() != null || local.anonymous() != null);
    }
    return core.getKind() == Tree.Kind.LAMBDA_EXPRESSION
        || core.getKind() == Tree.Kind.MEMBER_REFERENCE
        || core instanceof NewClassTree creation && creation.getClassBody() != null;
  }

  /** Whether {@code argument} is a record value other than a record parameter (or inside one). */
  private boolean isHeldValue(ExpressionTree argument) {
    return typeOf(argument).isPresent() && parameters.record(argument) == null;
  }

  /** Whether {@code tree} has calls that are translated here, which must run before it. */
  boolean involves(ExpressionTree tree) {
    boolean[] found = {false};
    new OwnCodeScanner() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (found[0]) {
          return null;
        }
        if (target(call).isPresent() || isComputedAccessor(call)
            || lambdaCall(call).isPresent() || objectCall(call).isPresent()) {
          found[0] = true;
          return null;
        }
        return super.visitMethodInvocation(call, unused);
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        if (!found[0] && isComputedField(select)) {
          found[0] = true;
          return null;
        }
        return super.visitMemberSelect(select, unused);
      }
    }.scan(tree, null);
    return found[0];
  }

  /** {@code a.limited(r).y}: a field of an object that must be computed first. */
  boolean isComputedField(MemberSelectTree select) {
    return typeOf(select.getExpression()).isPresent() && held(select.getExpression()) == null
        && ValueRecords.fieldType(typeOf(select.getExpression()).get(),
            select.getIdentifier().toString()).isPresent();
  }

  /** {@code a.plus(b).re()}: an accessor of a record that must be computed first. */
  boolean isComputedAccessor(MethodInvocationTree call) {
    return call.getArguments().isEmpty()
        && call.getMethodSelect() instanceof MemberSelectTree select
        && typeOf(select.getExpression()).isPresent()
        && held(select.getExpression()) == null
        && resolve(call).filter(types::isImplicitAccessor).isPresent();
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
}
