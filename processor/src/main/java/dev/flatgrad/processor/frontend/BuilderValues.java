package dev.flatgrad.processor.frontend;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code StringBuilder} and {@code StringBuffer} values read in expressions. flatgrad keeps a
 * builder as the {@code String} it has built so far ({@link StringBuilders} declares and appends):
 * {@code sb.toString()} is that String, {@code new StringBuilder(s).append(a)...toString()} is a
 * concatenation, and {@code sb.length()} or {@code sb.indexOf(s)} is the String's method, which
 * gives the same result. What would show that a builder is an object (its identity, a change
 * inside an expression, passing it on) is reported.
 */
final class BuilderValues {

  private static final Set<String> CLASSES = Set.of("StringBuilder", "java.lang.StringBuilder",
      "StringBuffer", "java.lang.StringBuffer");
  /** The methods that return the builder itself: a chain of them is one builder. */
  private static final Set<String> CHAINED = Set.of("append", "insert", "reverse", "delete",
      "deleteCharAt", "replace", "appendCodePoint");
  /** The methods whose result a builder and its String agree on, exceptions included. */
  private static final Set<String> AS_STRING = Set.of("length", "isEmpty", "indexOf",
      "lastIndexOf");

  private final Function<String, Local> scope;
  private final Function<ExpressionTree, Expr> translate;
  /** A local's value, without the check that it is no builder. */
  private final BiFunction<Local, Tree, Expr> stored;

  BuilderValues(Function<String, Local> scope, Function<ExpressionTree, Expr> translate,
      BiFunction<Local, Tree, Expr> stored) {
    this.scope = scope;
    this.translate = translate;
    this.stored = stored;
  }

  /** Whether the type {@code type} names {@code StringBuilder} or {@code StringBuffer}. */
  static boolean isBuilderType(Tree type) {
    return type != null && CLASSES.contains(type.toString());
  }

  /** Whether {@code tree} is a builder: a builder local, a new one, or a chain of its methods. */
  boolean isBuilder(ExpressionTree tree) {
    ExpressionTree core = Unsupported.core(tree);
    if (core instanceof IdentifierTree) {
      return local(core) != null;
    }
    if (isCreation(core)) {
      return true;
    }
    return core instanceof MethodInvocationTree call
        && call.getMethodSelect() instanceof MemberSelectTree select
        && CHAINED.contains(select.getIdentifier().toString())
        && isBuilder(select.getExpression());
  }

  private static boolean isCreation(ExpressionTree core) {
    return core instanceof NewClassTree creation && creation.getClassBody() == null
        && creation.getEnclosingExpression() == null && isBuilderType(creation.getIdentifier());
  }

  /** The builder local {@code tree} names; null if it names none. */
  Local local(ExpressionTree tree) {
    Local local = Unsupported.core(tree) instanceof IdentifierTree identifier
        ? scope.apply(identifier.getName().toString())
        : null;
    return local != null && local.isBuilder() ? local : null;
  }

  /** The builder local a chain of builder methods starts from; null if it starts from new. */
  Local root(ExpressionTree chain) {
    ExpressionTree core = Unsupported.core(chain);
    while (core instanceof MethodInvocationTree call
        && call.getMethodSelect() instanceof MemberSelectTree select) {
      core = Unsupported.core(select.getExpression());
    }
    return local(core);
  }

  /** The value of {@code call}, a method of a builder; null if its receiver is no builder. */
  Expr call(MethodInvocationTree call) {
    if (!(call.getMethodSelect() instanceof MemberSelectTree select)
        || !isBuilder(select.getExpression())) {
      return null;
    }
    String name = select.getIdentifier().toString();
    ExpressionTree receiver = select.getExpression();
    if (name.equals("toString") && call.getArguments().isEmpty()) {
      return string(receiver);
    }
    if (!AS_STRING.contains(name)) {
      throw unsupported(call, name);
    }
    Expr built = string(receiver);
    return StringMethods.of(call, tree -> tree == receiver ? built : nonNull(tree, name));
  }

  /** Whether {@code tree} is {@code builder.toString()}, a String. */
  boolean isToString(ExpressionTree tree) {
    return Unsupported.core(tree) instanceof MethodInvocationTree call
        && call.getMethodSelect() instanceof MemberSelectTree select
        && select.getIdentifier().contentEquals("toString") && call.getArguments().isEmpty()
        && isBuilder(select.getExpression());
  }

  /** {@code "text" + sb}: the String the builder holds, concatenated as Java does. */
  Expr concatenation(BinaryTree binary) {
    Expr left = operand(binary.getLeftOperand());
    Expr right = operand(binary.getRightOperand());
    if (isBuilder(binary.getLeftOperand()) && isBuilder(binary.getRightOperand())
        || left.type() != Type.STRING || right.type() != Type.STRING) {
      throw new Unsupported(binary, "bad operand types for +: a StringBuilder concatenates only"
          + " with a String; call toString() on it");
    }
    return Strings.concat(left, right);
  }

  private Expr operand(ExpressionTree tree) {
    return isBuilder(tree) ? string(tree) : translate.apply(tree);
  }

  /**
   * The String {@code tree}, a builder, holds: a builder local's current value, or what a chain
   * of appends to a new builder builds.
   */
  Expr string(ExpressionTree tree) {
    ExpressionTree core = Unsupported.core(tree);
    Local local = local(core);
    if (local != null) {
      return stored.apply(local, core);
    }
    if (core instanceof NewClassTree creation) {
      return initial(creation);
    }
    MethodInvocationTree call = (MethodInvocationTree) core;
    String name = ((MemberSelectTree) call.getMethodSelect()).getIdentifier().toString();
    if (!name.equals("append")) {
      throw unsupported(call, name);
    }
    if (root(call) != null) {
      throw new Unsupported(call, "appending to " + root(call).userName() + " inside an"
          + " expression is not supported: append in a statement of its own, such as "
          + root(call).userName() + ".append(x);, and then use " + root(call).userName()
          + ".toString()");
    }
    return appended(string(((MemberSelectTree) call.getMethodSelect()).getExpression()), call);
  }

  /** {@code built + x} for {@code builder.append(x)}: the same text, as Java converts x so. */
  Expr appended(Expr built, MethodInvocationTree append) {
    if (append.getArguments().size() != 1) {
      throw new Unsupported(append, "only append with one argument is supported on a"
          + " StringBuilder; append a String, a number, a char or a boolean");
    }
    ExpressionTree argument = append.getArguments().get(0);
    Expr value = operand(argument);
    Type type = value.type();
    if (type.isArray() || type == Type.OBJECT || type == Type.RECEIVER || type == Type.TAPE) {
      throw new Unsupported(argument, "appending a " + type.javaName() + " is not supported;"
          + " append a String, a number, a char or a boolean");
    }
    return Strings.concat(built, value);
  }

  /** {@code new StringBuilder(...)}: the String it starts with. */
  private Expr initial(NewClassTree creation) {
    if (creation.getArguments().isEmpty()) {
      return new Expr.Text("");
    }
    ExpressionTree argument = creation.getArguments().get(0);
    if (isBuilder(argument)) {
      return string(argument); // a copy of another builder's text
    }
    Expr value = translate.apply(argument);
    if (value.type() == Type.STRING) {
      return nonNull(argument, value, "new " + creation.getIdentifier() + "(...)");
    }
    // new StringBuilder(16) or new StringBuilder('c'): a capacity, no text. A negative one
    // would throw, so only constants are taken.
    ExpressionTree core = Unsupported.core(argument);
    if (core.getKind() == Tree.Kind.INT_LITERAL || core.getKind() == Tree.Kind.CHAR_LITERAL) {
      return new Expr.Text("");
    }
    throw new Unsupported(argument, "give the capacity of a new " + creation.getIdentifier()
        + " as a constant, or leave it out: flatgrad keeps the text, not a buffer");
  }

  private Expr nonNull(ExpressionTree tree, String method) {
    Expr value = translate.apply(tree);
    return value.type() == Type.STRING ? nonNull(tree, value, method) : value;
  }

  /**
   * {@code value}, a String that cannot be null: a literal, a concatenation or a String method's
   * result. A builder throws a NullPointerException of its own for a null String there.
   */
  private static Expr nonNull(ExpressionTree tree, Expr value, String method) {
    if (value instanceof Expr.Text || value instanceof Expr.Concat
        || value instanceof Expr.StringCall) {
      return value;
    }
    throw new Unsupported(tree, method + " of a String that may be null is not supported (a"
        + " StringBuilder throws a NullPointerException then); pass a string literal or a"
        + " concatenation, or start from new StringBuilder() and append it");
  }

  /** Why {@code local}, a builder, cannot be read as a value at {@code use}. */
  static Unsupported notAValue(Local local, Tree use) {
    String name = local.userName();
    return new Unsupported(use, name + " is a StringBuilder, which flatgrad keeps as the String"
        + " it builds: append to it in statements, read it with " + name + ".toString(), "
        + name + ".length() or " + name + ".indexOf(s) or in a string concatenation, and pass or"
        + " store " + name + ".toString(), not the builder");
  }

  /** Why {@code ==} or {@code !=} on a builder is not supported. */
  static Unsupported identity(BinaryTree comparison) {
    return new Unsupported(comparison, "comparing StringBuilders with == or != compares their"
        + " identity, which flatgrad does not keep; compare their toString() with equals");
  }

  /** Why the builder method {@code name} is not supported. */
  static Unsupported unsupported(MethodInvocationTree call, String name) {
    if (name.equals("equals")) {
      return new Unsupported(call, "equals on a StringBuilder compares identity, as ==, not"
          + " text; compare toString() with equals");
    }
    if (name.equals("charAt") || name.equals("substring") || name.equals("subSequence")
        || name.equals("codePointAt")) {
      return new Unsupported(call, "StringBuilder." + name + " is not supported: it reports an"
          + " index out of range with a message of its own; call " + name + " on toString()");
    }
    return new Unsupported(call, "StringBuilder." + name + " is not supported: flatgrad keeps a"
        + " builder as the String it builds, so only append (in a statement of its own),"
        + " setLength(0), toString(), length(), isEmpty(), indexOf and lastIndexOf are; build the"
        + " text with append or string concatenation");
  }
}
