package dev.flatgrad.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.flatgrad.processor.diag.Diagnostics;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.CustomRule;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The frontend's entry point: reads one {@code @Differentiable} method, its signature and its
 * body, into a {@link Function}, or reports at the offending trees why it cannot.
 */
public final class MethodReader {

  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final Diagnostics diagnostics;
  private final GradClasses gradClasses;
  private final ForeignRules rules;
  /** The helpers without {@code @Differentiable} that the methods read so far call. */
  private final Set<ExecutableElement> helpers = new LinkedHashSet<>();

  public MethodReader(Trees trees, Elements elements, Types types, Diagnostics diagnostics,
      GradClasses gradClasses, ForeignRules rules) {
    this.trees = trees;
    this.elements = elements;
    this.types = types;
    this.diagnostics = diagnostics;
    this.gradClasses = gradClasses;
    this.rules = rules;
  }

  /**
   * The static methods without {@code @Differentiable} of the callers' own top-level classes
   * that the methods read so far call: flatgrad reads and differentiates them too.
   */
  public Set<ExecutableElement> helpers() {
    return helpers;
  }

  /** The name of a user class, for the stages after the frontend. */
  public static ClassId classId(TypeElement type) {
    return Constants.classId(type);
  }

  /**
   * Whether generated code cannot call {@code method} by name (it or a class around it is
   * private), so that its generated class holds a copy of it.
   */
  public static boolean unreachable(ExecutableElement method) {
    return ImplicitHelpers.unreachable(method);
  }

  /**
   * Whether {@code method} is a {@code @Differentiable} static void method with an array
   * parameter it may fill: it has no value and
   * no gradient of its own, and each caller differentiates its body where it calls it (see
   * {@link VoidHelpers}), so nothing is generated for it.
   */
  public static boolean isInlinedWhereCalled(ExecutableElement method) {
    return method.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID
        && method.getModifiers().contains(Modifier.STATIC)
        && SignatureReader.customPullback(method).isEmpty()
        && ForeignRules.foreignClass(method).isEmpty()
        && method.getParameters().stream().anyMatch(parameter ->
            SignatureReader.typeOf(parameter).filter(type -> type.isArray()
                && type.isDifferentiable()).isPresent());
  }

  /** The name of the method's custom pullback, or empty if flatgrad differentiates its body. */
  public static String customPullback(ExecutableElement method) {
    return SignatureReader.customPullback(method);
  }

  /**
   * Whether the method names a tangent rule without a custom pullback, which is reported: its
   * tangent rule would have nothing to go with, flatgrad differentiating its body.
   */
  public boolean tangentWithoutPullback(ExecutableElement method) {
    String tangent = SignatureReader.customTangent(method);
    if (tangent.isEmpty() || !customPullback(method).isEmpty()) {
      return false;
    }
    javax.lang.model.element.AnnotationMirror annotation = SignatureReader.annotation(method);
    diagnostics.error(method, annotation, SignatureReader.value(annotation, "tangent"),
        "a tangent rule goes with a custom pullback: flatgrad differentiates "
            + method.getSimpleName() + "'s body itself, second order included; remove tangent"
            + " = \"" + tangent + "\", or give " + method.getSimpleName() + " a pullback too");
    return true;
  }

  /** A method with a custom derivative, or empty after its problems have been reported. */
  public Optional<CustomRule> readCustomRule(ExecutableElement method) {
    return new CustomRuleReader(diagnostics, types).read(method, customPullback(method));
  }

  /** The method in IR form, or empty after every problem with it has been reported. */
  public Optional<Function> read(ExecutableElement method) {
    int errorsBefore = diagnostics.errorCount();
    Names names = new Names();
    VoidHelpers voidHelpers = new VoidHelpers(trees, elements);
    List<ClassId> thrown = ThrowsClause.read(method, elements, diagnostics);
    TreePath path = trees.getPath(method);
    if (path != null && ((MethodTree) path.getLeaf()).getBody() != null) {
      // First, so the names made for record parameters' values avoid every local's.
      reserveLocalNames((MethodTree) path.getLeaf(), names);
      // The void helpers it inlines bring their locals' names too.
      voidHelpers.reserveNames(((MethodTree) path.getLeaf()).getBody(), new Symbols(elements,
          path.getCompilationUnit(), (TypeElement) method.getEnclosingElement()), names);
      // So do the methods of records it may hold as values.
      new ValueRecords(trees, elements, path.getCompilationUnit()).reserveNames(names,
          (TypeElement) method.getEnclosingElement());
    }
    SignatureReader.Result signature = new SignatureReader(diagnostics).readAll(method, names,
        path == null ? Set.of() : OptionalArrays.of((MethodTree) path.getLeaf()));
    if (path == null) {
      if (signature.valid()) {
        diagnostics.error(method, "flatgrad needs the source of " + method.getSimpleName()
            + " to differentiate it");
      }
      return Optional.empty();
    }
    // A bad signature does not hide the body's problems: every one is reported at once.
    Optional<List<Parameter>> parameters = Optional.of(signature.parameters());
    MethodTree tree = (MethodTree) path.getLeaf();
    CompilationUnitTree unit = path.getCompilationUnit();
    if (tree.getBody() == null) {
      return Optional.empty(); // reported by the signature check
    }
    long bytecode = BytecodeLowerBound.of(tree);
    if (bytecode > BytecodeLowerBound.JAVAC_LIMIT) {
      diagnostics.error(method, "code too large: " + method.getSimpleName() + " compiles to"
          + " more than " + bytecode / 1024 + " KB of bytecode, and javac rejects a method over"
          + " 64 KB; split it into smaller methods (flatgrad differentiates calls between"
          + " @Differentiable methods)");
      return Optional.empty();
    }
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      reportLocalsNamedSelf(tree, unit);
    }
    reserveQualifiers((TypeElement) method.getEnclosingElement(), names);
    HiddenRoots.report(method, elements, this::mentions, diagnostics);

    TypeElement owner = (TypeElement) method.getEnclosingElement();
    Symbols symbols = new Symbols(elements, unit, owner);
    String generatedPackage = elements.getPackageOf(owner).getQualifiedName().toString();
    FieldCopies copies = new FieldCopies(trees, elements, generatedPackage, owner);
    Parameter receiver = parameters.get().stream()
        .filter(parameter -> parameter.type() == Type.RECEIVER)
        .findFirst().orElse(null);
    Constants constants = new Constants(symbols, elements, generatedPackage, copies, names,
        receiver == null ? null : receiver.variable(), receiver == null ? null : owner);
    ForeignCalls foreign = new ForeignCalls(symbols, elements, generatedPackage,
        new ArrayWrites(trees), diagnostics, unit, copies);
    CallResolver calls = new CallResolver(symbols, elements, receiver != null, gradClasses,
        new ImplicitHelpers(trees, owner, helpers::add, voidHelpers), rules, method);
    BodyTranslator translator = new BodyTranslator(unit, calls, constants, diagnostics, names,
        new SourceText(unit, trees.getSourcePositions()), foreign, voidHelpers, symbols, owner);
    parameters.get().stream()
        .filter(parameter -> parameter != receiver) // read through its fields only
        .forEach(translator::declareParameter);
    signature.broken().forEach(translator::declareBrokenParameter); // reported already
    Optional<Type> returnType = SignatureReader.returnType(method);
    if (returnType.isPresent()) {
      translator.translateBody(tree.getBody(), returnType.get());
    } else {
      translator.translateBodyOnly(tree.getBody());
    }

    if (diagnostics.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    if (translator.result() == null && Stmt.neverCompletes(translator.statements())) {
      diagnostics.error(method, method.getSimpleName() + " always throws or loops forever: it"
          + " has no value to differentiate");
      return Optional.empty();
    }
    if (translator.result() == null) {
      diagnostics.error(method, "missing return statement in " + method.getSimpleName());
      return Optional.empty();
    }
    // Array fields are read once, first: the body indexes the locals that hold them.
    List<Stmt> body = new ArrayList<>(constants.hoisted());
    body.addAll(translator.statements());
    return Optional.of(new Function(method.getSimpleName().toString(), parameters.get(),
        body, translator.result(), names, copies.fields(), thrown));
  }

  /** The generated methods name an instance method's receiver {@code self}: no local may. */
  private void reportLocalsNamedSelf(MethodTree tree, CompilationUnitTree unit) {
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        if (variable.getName().contentEquals(SignatureReader.RECEIVER)) {
          diagnostics.error(variable, unit, "the local variable self clashes with the receiver,"
              + " which the generated static methods take as their first parameter 'self';"
              + " rename the variable");
        }
        return super.visitVariable(variable, unused);
      }
    }.scan(tree.getBody(), null);
  }

  /**
   * The names a user's local must not keep, because generated code needs them to name classes:
   * the roots of {@code java.lang.Math}, {@code dev.flatgrad.Tape} and the user's package, and
   * the classes of the user's package and their gradient classes, which generated code names
   * unqualified (JavaPoet writes classes of the same package by their simple names), and the
   * classes the generated code names, which it then never needs to qualify.
   */
  private void reserveQualifiers(TypeElement owner, Names names) {
    ClassId userClass = classId(owner);
    List<String> roots = userClass.packageName().isEmpty()
        ? List.of("java", "dev")
        : List.of("java", "dev", userClass.packageName().split("\\.")[0]);
    roots.forEach(names::reserveQualifier);
    names.reserveQualifier(userClass.simpleNames().get(0));
    names.reserveQualifier(String.join("_", userClass.simpleNames()) + "Grad");
    for (Element type : elements.getPackageOf(owner).getEnclosedElements()) {
      names.reserveQualifier(type.getSimpleName().toString());
      names.reserveQualifier(type.getSimpleName() + "Grad");
    }
    // A local named like a class the generated code names is renamed in every method, not only
    // where a parameter takes a root: the gradient class would otherwise qualify that class
    // everywhere, dev.flatgrad.Tape, which a parameter named dev in another method hides.
    List.of("Math", "StrictMath", "Double", "Arrays", "Tape", "Gradients", "Activations")
        .forEach(names::reserveQualifier);
  }

  /**
   * Whether the body of {@code method} names {@code name} (or, for a class of its package, calls
   * a method, which the generated code may write with its class's name).
   */
  private boolean mentions(ExecutableElement method, String name) {
    TreePath path = trees.getPath(method);
    if (path == null || ((MethodTree) path.getLeaf()).getBody() == null) {
      return true; // no source: assume the worst
    }
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(com.sun.source.tree.IdentifierTree identifier, Void unused) {
        found[0] |= identifier.getName().contentEquals(name);
        return null;
      }

      @Override
      public Void visitMethodInvocation(com.sun.source.tree.MethodInvocationTree call,
          Void unused) {
        found[0] |= isPackageClass(method, name);
        return super.visitMethodInvocation(call, unused);
      }
    }.scan(((MethodTree) path.getLeaf()).getBody(), null);
    return found[0];
  }

  private boolean isPackageClass(ExecutableElement method, String name) {
    return elements.getPackageOf(method).getEnclosedElements().stream().anyMatch(type ->
        name.equals(type.getSimpleName().toString())
            || name.equals(type.getSimpleName() + "Grad"));
  }

  /** Reserves every local's name first, so no temporary or version takes a user's name. */
  static void reserveLocalNames(MethodTree tree, Names names) {
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        names.reserve(variable.getName().toString());
        return super.visitVariable(variable, unused);
      }
    }.scan(tree.getBody(), null);
  }
}
