package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.MethodRef;
import dev.flatgrad.processor.ir.StaticField;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * A private logger field, {@code private static final Logger LOG =
 * Logger.getLogger(Fit.class.getName());}, copied into the generated class so that logging
 * statements run as written. Only the logging libraries' own factories qualify: each returns
 * the one logger of a name, so the copy is the very logger the user's class holds. Their
 * arguments are names: string literals, class literals, or a class literal's {@code getName()},
 * {@code getSimpleName()} or {@code getCanonicalName()}, which are known at compile time.
 */
final class LoggerFields {

  /** The factory methods that return the logger of a name, by their class. */
  private static final Map<String, List<String>> FACTORIES = Map.of(
      "java.util.logging.Logger", List.of("getLogger"),
      "java.lang.System", List.of("getLogger"),
      "org.slf4j.LoggerFactory", List.of("getLogger"),
      "org.apache.logging.log4j.LogManager", List.of("getLogger"),
      "org.apache.log4j.Logger", List.of("getLogger"),
      "org.apache.commons.logging.LogFactory", List.of("getLog"));

  private LoggerFields() {}

  /** The copy of {@code field}, named {@code name}; throws if it is no logger flatgrad copies. */
  static StaticField copy(VariableElement field, String name, Trees trees, Elements elements,
      String generatedPackage) {
    TreePath path = trees.getPath(field);
    if (path == null || !(path.getLeaf() instanceof VariableTree declaration)
        || !(Unsupported.core(declaration.getInitializer()) instanceof MethodInvocationTree call)
        || !(call.getMethodSelect() instanceof MemberSelectTree select)) {
      throw new Unsupported(null, "its initializer is no call such as"
          + " Logger.getLogger(...)");
    }
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    Symbols symbols = new Symbols(elements, path.getCompilationUnit(), owner);
    Optional<TypeElement> factory = symbols.type(select.getExpression().toString());
    String method = select.getIdentifier().toString();
    if (factory.isEmpty() || !FACTORIES.getOrDefault(
        factory.get().getQualifiedName().toString(), List.of()).contains(method)) {
      throw new Unsupported(null, "its initializer does not call a logging library's factory"
          + " such as Logger.getLogger, LoggerFactory.getLogger or LogManager.getLogger");
    }
    if (field.asType().getKind() != TypeKind.DECLARED) {
      throw new Unsupported(null, "it holds no object");
    }
    TypeElement type = (TypeElement) ((DeclaredType) field.asType()).asElement();
    if (!ThrowsClause.isAccessible(type, generatedPackage, elements)) {
      throw new Unsupported(null, "its class " + type.getSimpleName() + " is not public");
    }
    List<Expr> arguments = new ArrayList<>();
    for (ExpressionTree argument : call.getArguments()) {
      arguments.add(name(argument, symbols, elements));
    }
    Expr initial = new Expr.StaticCall(new MethodRef(Constants.classId(factory.get()), method),
        arguments, Type.STRING, null);
    return new StaticField(name, Type.STRING, StaticField.Initial.of(initial),
        Constants.classId(type));
  }

  /** A logger's name as written: a string literal, {@code C.class} or {@code C.class.getName()}. */
  private static Expr name(ExpressionTree tree, Symbols symbols, Elements elements) {
    ExpressionTree argument = Unsupported.core(tree);
    if (argument instanceof LiteralTree literal && literal.getValue() instanceof String text) {
      return new Expr.Text(text);
    }
    if (argument instanceof MemberSelectTree select
        && select.getIdentifier().contentEquals("class")) {
      TypeElement type = type(select.getExpression(), symbols);
      if (CallResolver.privateEnclosingClass(type).isPresent()) {
        throw new Unsupported(null, "the generated class cannot name the private class "
            + type.getSimpleName() + " in " + tree);
      }
      return new Expr.Constant(Constants.classId(type), "class", Type.STRING);
    }
    if (argument instanceof MethodInvocationTree call && call.getArguments().isEmpty()
        && call.getMethodSelect() instanceof MemberSelectTree getter
        && getter.getExpression() instanceof MemberSelectTree literal
        && literal.getIdentifier().contentEquals("class")) {
      TypeElement type = type(literal.getExpression(), symbols);
      return switch (getter.getIdentifier().toString()) {
        case "getName" -> new Expr.Text(elements.getBinaryName(type).toString());
        case "getSimpleName" -> new Expr.Text(type.getSimpleName().toString());
        case "getCanonicalName" -> new Expr.Text(type.getQualifiedName().toString());
        default -> throw notAName(tree);
      };
    }
    throw notAName(tree);
  }

  private static TypeElement type(Tree name, Symbols symbols) {
    return symbols.type(name.toString()).orElseThrow(() -> notAName(name));
  }

  private static Unsupported notAName(Tree tree) {
    return new Unsupported(null, "its logger's name " + tree + " is not a string literal or a"
        + " class literal such as Fit.class or Fit.class.getName()");
  }
}
