package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.VariableTree;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Translates a call statement of a void helper ({@link VoidHelpers}) by translating the
 * helper's body in place, so the IR holds its writes into the caller's arrays and every later
 * stage (reverse, tangent, Hessian-vector) differentiates through them as through the caller's
 * own statements. Java's semantics: the arguments are evaluated left to right first; an array
 * parameter is the caller's array itself (one adjoint), a scalar parameter a fresh local. A
 * {@code return;} inside the helper sets a flag of its own that guards the rest of its body.
 */
final class InlinedCalls {

  private final BodyTranslator body;
  private final Scopes scopes;
  private final ExpressionTranslator expressions;
  private final VoidHelpers helpers;
  private final Symbols symbols;
  private final TypeElement caller;
  private final Jumps jumps;
  /** The helpers being inlined, innermost first: a helper calling itself cannot be inlined. */
  private final Deque<ExecutableElement> active = new ArrayDeque<>();
  /** Per helper being inlined, its returned flag; null if it has no early return. */
  private final Deque<Optional<Variable>> returned = new ArrayDeque<>();

  InlinedCalls(BodyTranslator body, Scopes scopes, ExpressionTranslator expressions,
      VoidHelpers helpers, Symbols symbols, TypeElement caller, Jumps jumps) {
    this.body = body;
    this.scopes = scopes;
    this.expressions = expressions;
    this.helpers = helpers;
    this.symbols = symbols;
    this.caller = caller;
    this.jumps = jumps;
  }

  /** Inlines {@code call} if it calls a void helper flatgrad inlines; false if it does not. */
  boolean inline(MethodInvocationTree call) {
    if (helpers == null) {
      return false;
    }
    Optional<VoidHelpers.Helper> found = helpers.inlined(call, symbols, caller);
    if (found.isEmpty()) {
      return false;
    }
    ExecutableElement method = found.get().method();
    String name = method.getSimpleName().toString();
    if (active.contains(method)) {
      throw new Unsupported(call, "the void method " + name + " calls itself, so flatgrad"
          + " cannot differentiate it where it is called; write it with a loop");
    }
    List<? extends VariableTree> parameters = found.get().tree().getParameters();
    List<Object> bound = new ArrayList<>();
    Set<String> written = helpers.writtenArrayParameters(method);
    for (int i = 0; i < parameters.size(); i++) {
      bound.add(argument(call, method, i, written));
    }
    Optional<Variable> flag = Optional.empty();
    if (Exits.hasEarlyReturn(found.get().tree().getBody().getStatements())) {
      Variable variable = jumps.flag("returned_" + name);
      body.emit(new Stmt.Assign(variable, Expr.Literal.ofBoolean(false), true));
      flag = Optional.of(variable);
    }
    active.push(method);
    returned.push(flag);
    Variable callerReturned = jumps.returned();
    jumps.setReturned(flag.orElse(null));
    try {
      body.inHelperReturning(this::returnStatement, () ->
          body.inHelperScope(found.get().tree().getBody(), () -> bind(parameters, bound)));
    } finally {
      jumps.setReturned(callerReturned);
      active.pop();
      returned.pop();
    }
    return true;
  }

  /**
   * Inlines {@code call} of a helper returning an array of {@code type} ({@link
   * VoidHelpers#arrayHelper}): in a loop or branch, where each call must give a fresh {@code
   * double[]}, or for a {@code double[][]}, which no generated method returns. Its body is
   * translated in place but for its last statement {@code return y;}, so {@code y} is a local
   * array of the caller, declared where the call is. Returns the variable that holds {@code y},
   * or empty if the helper cannot be inlined.
   */
  /**
   * Whether an argument of {@code call} calls a helper that {@link #inlineArrayHelper} would
   * translate in place ({@code multiply(multiply(u, p), q)}): a generated method cannot take it.
   */
  boolean takesArrayHelperCall(MethodInvocationTree call) {
    return helpers != null && call.getArguments().stream().anyMatch(argument ->
        Unsupported.core(argument) instanceof MethodInvocationTree inner
            && helpers.arrayHelper(inner, symbols, caller, Type.DOUBLE_ARRAY).isPresent());
  }

  Optional<Variable> inlineArrayHelper(MethodInvocationTree call, Type type) {
    if (helpers == null
        || call.getArguments().stream().anyMatch(SideEffects::hasBeyondInitializers)) {
      return Optional.empty(); // its arguments were prepared once already
    }
    Optional<VoidHelpers.Helper> found = helpers.arrayHelper(call, symbols, caller, type);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ExecutableElement method = found.get().method();
    if (active.contains(method)) {
      throw new Unsupported(call, "the method " + method.getSimpleName() + " calls itself, so"
          + " flatgrad cannot translate it where a loop or branch calls it; write it with a"
          + " loop");
    }
    List<? extends VariableTree> parameters = found.get().tree().getParameters();
    List<Object> bound = new ArrayList<>();
    Set<String> written = helpers.writtenArrayParameters(method);
    for (int i = 0; i < parameters.size(); i++) {
      bound.add(argument(call, method, i, written));
    }
    active.push(method);
    returned.push(Optional.empty());
    Variable callerReturned = jumps.returned();
    jumps.setReturned(null);
    try {
      Variable[] made = {null};
      body.inHelperReturning(this::returnStatement, () ->
          made[0] = body.inArrayHelperScope(found.get().tree().getBody(),
              VoidHelpers.returnedLocal(found.get().tree().getBody()), type,
              () -> bind(parameters, bound)));
      return Optional.of(made[0]);
    } finally {
      jumps.setReturned(callerReturned);
      active.pop();
      returned.pop();
    }
  }

  /** Binds each parameter of the helper being inlined to its argument's variable or view. */
  private void bind(List<? extends VariableTree> parameters, List<Object> bound) {
    for (int i = 0; i < parameters.size(); i++) {
      String parameter = parameters.get(i).getName().toString();
      if (bound.get(i) instanceof Variable variable) {
        scopes.bindLocal(parameter, variable);
      } else {
        scopes.declareView(parameter, (Expr) bound.get(i));
      }
    }
  }

  /** {@code return;} in a helper: the rest of the helper's body is skipped. */
  void returnStatement(ReturnTree statement) {
    if (statement.getExpression() != null) {
      throw new Unsupported(statement, "a void method returns no value");
    }
    returned.peek().ifPresent(flag ->
        body.emit(new Stmt.Assign(flag, Expr.Literal.ofBoolean(true), false)));
  }

  /**
   * The value parameter {@code i} is bound to: for an array, the array or row the argument
   * names; for a scalar, a fresh variable holding its value.
   */
  private Object argument(MethodInvocationTree call, ExecutableElement method, int i,
      Set<String> written) {
    ExpressionTree tree = call.getArguments().get(i);
    VariableElement parameter = method.getParameters().get(i);
    String name = parameter.getSimpleName().toString();
    boolean text = parameter.asType().toString().equals("java.lang.String");
    Type type = text ? Type.STRING : SignatureReader.typeOf(parameter).orElseThrow(() ->
        new Unsupported(call, "the parameter " + name + " of " + method.getSimpleName()
            + " has type " + parameter.asType() + "; void helpers take double, int, boolean,"
            + " their arrays and matrices, and String (for messages)"));
    if (!type.isArray()) {
      Expr value = body.value(tree, type);
      // An enum value's variable knows its enum, which the generated declaration names.
      Variable variable = scopes.freshLocal(name, type,
          SignatureReader.enumClass(parameter.asType()).orElse(null));
      body.emit(new Stmt.Assign(variable, value, true));
      return variable;
    }
    if (Unsupported.core(tree) instanceof MethodInvocationTree inner) {
      // f(axpy(h, k, y)): the inner helper's array, made here, in the order Java evaluates.
      Optional<Variable> made = inlineArrayHelper(inner, type);
      if (made.isPresent()) {
        return new Expr.Ref(made.get());
      }
    }
    if (isInitializer(tree)) {
      // f(g(x), new double[] {a, b}): a local array of its own, made in Java's order
      return new Expr.Ref(body.argumentArray((com.sun.source.tree.NewArrayTree)
          Unsupported.core(tree)));
    }
    body.prepare(tree, type);
    Expr value = expressions.translate(tree);
    if (!(value instanceof Expr.Ref) && !(value instanceof Expr.Element)
        || value.type() != type) {
      throw new Unsupported(tree, "pass " + method.getSimpleName() + " an array variable or a"
          + " row such as m[i] of type " + type.javaName() + " as its parameter " + name);
    }
    if (written.contains(name) && rootLocal(tree) == null) {
      throw new Unsupported(tree, method.getSimpleName() + " writes into its parameter " + name
          + ", but " + Unsupported.core(tree) + " is a field, which a @Differentiable method"
          + " reads as data and never changes; copy it into a local array first");
    }
    if (written.contains(name)) {
      expressions.requireWritable(tree, value, method.getSimpleName() + " (which writes into its"
          + " parameter " + name + ")");
    }
    return value;
  }

  /** {@code new double[] {a, b}}, whose elements are computed where the array is made. */
  private static boolean isInitializer(ExpressionTree tree) {
    return Unsupported.core(tree) instanceof com.sun.source.tree.NewArrayTree creation
        && ArrayInitializers.isInitializer(creation);
  }

  private Local rootLocal(ExpressionTree tree) {
    ExpressionTree root = Unsupported.core(tree);
    while (root instanceof com.sun.source.tree.ArrayAccessTree access) {
      root = Unsupported.core(access.getExpression());
    }
    return expressions.local(root);
  }
}
