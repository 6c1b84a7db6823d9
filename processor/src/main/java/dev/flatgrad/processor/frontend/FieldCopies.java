package dev.flatgrad.processor.frontend;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.MethodRef;
import dev.flatgrad.processor.ir.StaticField;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * The generated class's own copies of private {@code static final} fields that are not
 * compile-time constants: {@code HALF_LOG_2_PI = 0.5 * Math.log(2 * Math.PI)}, coefficient tables
 * {@code {1.0, 2.5, ...}}. The generated class cannot read a private field, so it declares one
 * initialized the same way, computed once, when its initializer is built from literals,
 * arithmetic, Math calls and other constants (copied in turn when private).
 */
final class FieldCopies {

  private final Trees trees;
  private final Elements elements;
  private final String generatedPackage;
  private final TypeElement methodClass;
  /** By the field or method each stands for. */
  private final Map<Element, StaticField> copies = new LinkedHashMap<>();
  private final Set<VariableElement> inProgress = new HashSet<>();

  FieldCopies(Trees trees, Elements elements, String generatedPackage, TypeElement methodClass) {
    this.trees = trees;
    this.elements = elements;
    this.generatedPackage = generatedPackage;
    this.methodClass = methodClass;
  }

  /** The class of the method whose body reads the fields. */
  TypeElement methodClass() {
    return methodClass;
  }

  /** The class that declares the copies: the generated one. */
  ClassId gradClass() {
    return Constants.classId(methodClass).gradClass();
  }

  /** The copies made, each after those its initializer reads. */
  List<StaticField> fields() {
    return List.copyOf(copies.values());
  }

  /** The name of the copy of {@code field}, made if needed; reports at {@code use} if it can't. */
  String copy(VariableElement field, Tree use) {
    StaticField done = copies.get(field);
    if (done != null) {
      return done.name();
    }
    String name = field.getSimpleName().toString();
    if (!inProgress.add(field)) {
      throw new Unsupported(use, "the initializer of " + name + " refers to " + name
          + " itself");
    }
    try {
      Type type = SignatureReader.typeOf(field).orElseThrow();
      StaticField.Initial initial = initial(field, type); // copies what it reads first
      StaticField copy = new StaticField(copyName(field), type, initial);
      copies.put(field, copy);
      return copy.name();
    } catch (Unsupported problem) {
      // In a private nested class the field stays out of reach however it is declared.
      String remedy = CallResolver.privateEnclosingClass((TypeElement) field.getEnclosingElement())
          .map(hidden -> "make the class " + hidden.getSimpleName() + " package-private")
          .orElse("make " + name + " package-private");
      throw new Unsupported(use, "the generated class cannot read the private field " + name
          + ", and cannot copy it: " + problem.getMessage() + "; " + remedy);
    } finally {
      inProgress.remove(field);
    }
  }

  /**
   * The name of the generated class's copy of the private logger {@code field}, such as {@code
   * private static final Logger LOG = Logger.getLogger(Fit.class.getName());}, so that logging
   * calls run as written: the logging libraries' factories return the one logger of a name, so
   * the copy is the same logger. Reports at {@code use} if the field is no such logger.
   */
  String copyLogger(VariableElement field, Tree use) {
    StaticField done = copies.get(field);
    if (done != null) {
      return done.name();
    }
    String name = field.getSimpleName().toString();
    try {
      StaticField copy = LoggerFields.copy(field, copyName(field), trees, elements,
          generatedPackage);
      copies.put(field, copy);
      return copy.name();
    } catch (Unsupported problem) {
      throw new Unsupported(use, "the generated code cannot call methods of the private field "
          + name + ", and copies only private loggers (" + problem.getMessage() + "); make "
          + name + " package-private");
    }
  }

  /**
   * The name of the generated class's {@link java.lang.invoke.VarHandle} on the private field
   * {@code field}, made if needed: {@code private static final VarHandle discountFactor =
   * PrivateMembers.field(MethodHandles.lookup(), Black76.class, "discountFactor");}. For fields
   * no copy can stand for: instance fields, and static ones whose value is computed at run time.
   */
  String handle(VariableElement field) {
    StaticField done = copies.get(field);
    if (done != null) {
      return done.name();
    }
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    Expr lookup = new Expr.StaticCall(new MethodRef(METHOD_HANDLES, "lookup"), List.of(),
        Type.OBJECT, null);
    Expr initial = new Expr.StaticCall(new MethodRef(PRIVATE_MEMBERS, "field"), List.of(lookup,
        new Expr.Constant(Constants.classId(owner), "class", Type.OBJECT),
        new Expr.Text(field.getSimpleName().toString())), Type.OBJECT, null);
    StaticField handle = new StaticField(copyName(field), Type.OBJECT,
        StaticField.Initial.of(initial), VAR_HANDLE);
    copies.put(field, handle);
    return handle.name();
  }

  /**
   * The name of the generated class's {@code private static final boolean} that holds {@code
   * Outer.class.desiredAssertionStatus()} for the top-level class {@code outermost}, whose asserts
   * a body's guarded asserts stand for: read once, as Java reads it once for Outer's own asserts,
   * where a call on every run would take a lock.
   */
  String assertionStatus(TypeElement outermost) {
    StaticField done = copies.get(outermost);
    if (done != null) {
      return done.name();
    }
    String name = unique("assertionsEnabled");
    copies.put(outermost, new StaticField(name, Type.BOOLEAN, StaticField.Initial.of(
        Effects.assertionsEnabled(Constants.classId(outermost)))));
    return name;
  }

  /** {@code name}, or with underscores added where another field of the class has it. */
  private String unique(String name) {
    String unique = name;
    while (taken(unique)) {
      unique += "_";
    }
    return unique;
  }

  private boolean taken(String name) {
    return copies.values().stream().anyMatch(copy -> copy.name().equals(name));
  }

  /**
   * The name of the generated class's method that calls the private static {@code method} of
   * the user's class through a {@link java.lang.invoke.MethodHandle}, made if needed; empty if
   * the generated class cannot declare one (a parameter or result type it cannot name, or a class
   * in another file or inside a private one).
   */
  Optional<String> callThroughHandle(ExecutableElement method) {
    StaticField done = copies.get(method);
    if (done != null) {
      return Optional.of(done.wrapper().method());
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    if (!outermost(owner).equals(outermost(methodClass))
        || CallResolver.privateEnclosingClass(owner).isPresent()) {
      return Optional.empty();
    }
    Type result = null;
    if (method.getReturnType().getKind() != TypeKind.VOID) {
      Optional<Type> type = SignatureReader.parameterType(method.getReturnType());
      if (type.isEmpty() || !nameable(type.get())) {
        return Optional.empty();
      }
      result = type.get();
    }
    List<String> names = new ArrayList<>();
    List<Type> types = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      Optional<Type> type = SignatureReader.typeOf(parameter);
      if (type.isEmpty() || !nameable(type.get())) {
        return Optional.empty();
      }
      names.add(parameter.getSimpleName().toString());
      types.add(type.get());
    }
    Expr lookup = new Expr.StaticCall(new MethodRef(METHOD_HANDLES, "lookup"), List.of(),
        Type.OBJECT, null);
    Expr initial = new Expr.StaticCall(new MethodRef(PRIVATE_MEMBERS, "method"), List.of(lookup,
        new Expr.Constant(Constants.classId(owner), "class", Type.OBJECT),
        new Expr.Text(method.getSimpleName().toString()),
        Expr.Literal.ofInt(method.getParameters().size())), Type.OBJECT, null);
    StaticField.Wrapper wrapper = new StaticField.Wrapper(method.getSimpleName().toString(),
        Constants.classId(owner), result, names, types);
    copies.put(method, new StaticField(unique(method.getSimpleName() + "Handle"), Type.OBJECT,
        StaticField.Initial.of(initial), METHOD_HANDLE, wrapper));
    return Optional.of(wrapper.method());
  }

  /** Types the generated code names without knowing the user's classes. */
  static boolean nameable(Type type) {
    return type != Type.ENUM && type != Type.ENUM_ARRAY && type != Type.OBJECT
        && type != Type.TAPE && type != Type.RECEIVER;
  }

  /** The top-level class around {@code type}, or {@code type} itself. */
  static TypeElement outermost(TypeElement type) {
    TypeElement outer = type;
    while (outer.getEnclosingElement() instanceof TypeElement enclosing) {
      outer = enclosing;
    }
    return outer;
  }

  private static final ClassId METHOD_HANDLE =
      new ClassId("java.lang.invoke", List.of("MethodHandle"));
  private static final ClassId METHOD_HANDLES =
      new ClassId("java.lang.invoke", List.of("MethodHandles"));
  private static final ClassId VAR_HANDLE = new ClassId("java.lang.invoke", List.of("VarHandle"));
  private static final ClassId PRIVATE_MEMBERS = new ClassId("dev.flatgrad",
      List.of("PrivateMembers"));

  /** {@code NAME} for a field of the method's class, {@code Inner_NAME} for others'. */
  private String copyName(VariableElement field) {
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    String name = field.getSimpleName().toString();
    return unique(owner.equals(methodClass)
        ? name
        : String.join("_", Constants.classId(owner).simpleNames()) + "_" + name);
  }

  private StaticField.Initial initial(VariableElement field, Type type) {
    TreePath path = trees.getPath(field);
    if (path == null || !(path.getLeaf() instanceof VariableTree declaration)) {
      throw new Unsupported(null, "its source is not available");
    }
    String name = field.getSimpleName().toString();
    if (declaration.getInitializer() == null) {
      throw new Unsupported(null, "it gets its value in a static initializer block");
    }
    if (changedInStaticBlock(path, name)) {
      throw new Unsupported(null, "a static initializer block changes it");
    }
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    Symbols symbols = new Symbols(elements, path.getCompilationUnit(), owner);
    ExpressionTranslator translator = new ExpressionTranslator(local -> null, reported -> false,
        new RecordAccessors(unused -> null), new CallResolver(symbols, elements),
        new Constants(symbols, elements, generatedPackage, this, null, null, null),
        new SourceText(path.getCompilationUnit(), trees.getSourcePositions()), null);
    return initial(declaration.getInitializer(), type, translator);
  }

  private StaticField.Initial initial(ExpressionTree tree, Type type,
      ExpressionTranslator translator) {
    if (type.isArray()) {
      if (!(tree instanceof NewArrayTree array) || array.getInitializers() == null) {
        throw new Unsupported(null, "its initializer is not an array initializer {...}");
      }
      List<StaticField.Initial> elements = new ArrayList<>();
      for (ExpressionTree element : array.getInitializers()) {
        elements.add(initial(element, type.elementType(), translator));
      }
      return StaticField.Initial.of(elements);
    }
    Expr value;
    try {
      value = translator.translate(tree);
    } catch (Unsupported problem) {
      throw new Unsupported(null, "its initializer is not built from literals, arithmetic,"
          + " Math calls and constants (" + problem.getMessage() + ")");
    }
    if (!isComputedFromConstants(value)) {
      throw new Unsupported(null, "its initializer is not built from literals, arithmetic,"
          + " Math calls and constants");
    }
    return StaticField.Initial.of(value);
  }

  private static boolean isComputedFromConstants(Expr expr) {
    if (!(expr instanceof Expr.Literal || expr instanceof Expr.Constant
        || expr instanceof Expr.Unary || expr instanceof Expr.Binary
        || expr instanceof Expr.Call || expr instanceof Expr.Conditional)) {
      return false;
    }
    return expr.children().stream().allMatch(FieldCopies::isComputedFromConstants);
  }

  /** Whether a static block of the field's class names it: it may fill or change it there. */
  private static boolean changedInStaticBlock(TreePath fieldPath, String name) {
    if (!(fieldPath.getParentPath().getLeaf() instanceof ClassTree owner)) {
      return false;
    }
    for (Tree member : owner.getMembers()) {
      if (member instanceof BlockTree block && block.isStatic() && mentions(block, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentions(Tree tree, String name) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        found[0] |= identifier.getName().contentEquals(name);
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        found[0] |= select.getIdentifier().contentEquals(name);
        return super.visitMemberSelect(select, unused);
      }
    }.scan(tree, null);
    return found[0];
  }

  /**
   * Whether {@code accessor} returns {@code field} itself: a record's implicit accessor, or one
   * written {@code return x;} or {@code return this.x;}.
   */
  boolean returnsFieldAsIs(ExecutableElement accessor, VariableElement field) {
    Tree tree = trees.getTree(accessor);
    if (!(tree instanceof MethodTree method) || method.getBody() == null) {
      return tree == null;
    }
    if (method.getBody().getStatements().size() != 1
        || !(method.getBody().getStatements().get(0) instanceof ReturnTree ret)) {
      return false;
    }
    String name = field.getSimpleName().toString();
    ExpressionTree value = ret.getExpression();
    return value instanceof IdentifierTree identifier && identifier.getName().contentEquals(name)
        || value instanceof MemberSelectTree select
            && select.getExpression().toString().equals("this")
            && select.getIdentifier().contentEquals(name);
  }
}
