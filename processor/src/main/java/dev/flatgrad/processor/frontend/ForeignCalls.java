package dev.flatgrad.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import dev.flatgrad.processor.diag.Diagnostics;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.MethodRef;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Calls of static methods flatgrad does not differentiate, run as the user wrote them: checks
 * and logging as statements ({@code checkEqualLength(a, b);}), and values that carry no
 * derivative ({@code Double.isNaN(x)}, {@code Integer.bitCount(k)}, {@code String.valueOf(x)}).
 */
final class ForeignCalls {

  /** JDK methods that write into an array argument. */
  private static final Set<String> JDK_ARRAY_WRITERS = Set.of("fill", "sort", "parallelSort",
      "setAll", "parallelSetAll", "parallelPrefix", "arraycopy");

  private final Symbols symbols;
  private final Elements elements;
  private final String generatedPackage;
  private final ArrayWrites arrayWrites;
  private final Diagnostics diagnostics;
  private final CompilationUnitTree unit;
  /** The generated class's copies of private fields; null where none can be made. */
  private final FieldCopies copies;

  ForeignCalls(Symbols symbols, Elements elements, String generatedPackage,
      ArrayWrites arrayWrites, Diagnostics diagnostics, CompilationUnitTree unit,
      FieldCopies copies) {
    this.copies = copies;
    this.symbols = symbols;
    this.elements = elements;
    this.generatedPackage = generatedPackage;
    this.arrayWrites = arrayWrites;
    this.diagnostics = diagnostics;
    this.unit = unit;
  }

  /**
   * The methods a call may mean; with {@code receiver}, instance methods of that static field
   * (logging: {@code System.out.println(...)}), else static methods.
   */
  record Candidates(List<ExecutableElement> methods, VariableElement receiver) {}

  /**
   * The static methods {@code call} may mean, if it calls a class other than {@code Math} and
   * {@code Activations} and none of them is {@code @Differentiable}; empty otherwise, for {@link
   * CallResolver} to resolve or report. Same-class methods returning double are left to it too
   * (when {@code value}), since their derivative is what the caller wants.
   */
  Optional<Candidates> candidates(MethodInvocationTree call, boolean value) {
    ExpressionTree select = call.getMethodSelect();
    String name;
    List<ExecutableElement> methods;
    boolean own = false;
    VariableElement receiver = null;
    if (select instanceof IdentifierTree identifier) {
      name = identifier.getName().toString();
      if (symbols.isOwnMethod(name)) {
        methods = symbols.ownMethods(name);
        own = true;
      } else {
        Optional<TypeElement> owner = symbols.staticallyImportedMethodOwner(name);
        if (owner.isEmpty() || isLibrary(owner.get())) {
          return Optional.empty();
        }
        methods = methodsNamed(owner.get(), name);
      }
    } else if (select instanceof MemberSelectTree member) {
      name = member.getIdentifier().toString();
      Optional<TypeElement> owner = symbols.type(member.getExpression().toString());
      if (owner.isEmpty()) {
        receiver = staticField(member.getExpression()).orElse(null);
        if (receiver == null) {
          return Optional.empty();
        }
        methods = methodsNamed((TypeElement) ((DeclaredType) receiver.asType()).asElement(),
            name);
        if (value && !methods.stream().allMatch(method ->
            method.getReturnType().getKind() == TypeKind.BOOLEAN)) {
          // Only tests such as LOG.isLoggable(...): an object's other values may change
          // between the user's call and the generated one.
          return Optional.empty();
        }
      } else if (owner.isEmpty() || isLibrary(owner.get())) {
        return Optional.empty();
      } else {
        methods = methodsNamed(owner.get(), name);
      }
    } else {
      return Optional.empty();
    }
    int arity = call.getArguments().size();
    if (methods.stream().anyMatch(method -> SignatureReader.annotation(method) != null)) {
      return Optional.empty();
    }
    boolean instance = receiver != null;
    List<ExecutableElement> fitting = methods.stream()
        .filter(method -> method.getModifiers().contains(Modifier.STATIC) != instance)
        .filter(method -> method.getParameters().size() == arity
            || method.isVarArgs() && arity >= method.getParameters().size() - 1)
        .toList();
    if (fitting.isEmpty()) {
      return Optional.empty();
    }
    if (value && own && fitting.stream()
        .anyMatch(method -> method.getReturnType().getKind() == TypeKind.DOUBLE)) {
      return Optional.empty(); // a helper whose derivative the caller needs
    }
    return Optional.of(new Candidates(fitting, receiver));
  }

  /** The static field {@code tree} names, such as {@code System.out}, if it names one. */
  private Optional<VariableElement> staticField(ExpressionTree tree) {
    return symbols.field(tree).filter(f -> f.getModifiers().contains(Modifier.STATIC)
        && f.asType().getKind() == TypeKind.DECLARED);
  }

  /** The exception class a {@code throw new E(...)} names, which generated code must name too. */
  ClassId exceptionClass(Tree name) {
    TypeElement type = symbols.type(name.toString()).orElseThrow(() ->
        new Unsupported(name, "cannot find symbol: class " + name));
    if (!ThrowsClause.isAccessible(type, generatedPackage, elements)) {
      throw new Unsupported(name, name + " is private, but the generated code must throw it;"
          + " make it package-private");
    }
    return Constants.classId(type);
  }

  /** {@code Owner.method(arguments);}, run for its effect. */
  Stmt statement(MethodInvocationTree call, Candidates candidates,
      Function<ExpressionTree, Expr> translate) {
    List<Expr> arguments = arguments(call, candidates.methods(), translate);
    return new Stmt.Run(reference(call, candidates), arguments);
  }

  /**
   * {@code type.sign()}, {@code putCall.isCall()}: a method of an enum value, called as written
   * (enum values are data, so its result carries no derivative unless an argument does, which
   * is an error); empty if the enum has no such method.
   */
  Optional<Expr> enumMethod(MethodInvocationTree call, Expr receiver, ClassId enumClass,
      Function<ExpressionTree, Expr> translate) {
    TypeElement type = elements.getTypeElement(enumClass.canonicalName());
    String name = ((MemberSelectTree) call.getMethodSelect()).getIdentifier().toString();
    if (type == null) {
      return Optional.empty();
    }
    List<ExecutableElement> methods = ElementFilter.methodsIn(symbols.members(type))
        .stream()
        .filter(method -> method.getSimpleName().contentEquals(name)
            && !method.getModifiers().contains(Modifier.STATIC)
            && method.getParameters().size() == call.getArguments().size())
        .toList();
    if (methods.isEmpty()) {
      return Optional.empty();
    }
    if (!ThrowsClause.isAccessible(type, generatedPackage, elements)
        || !methods.stream().allMatch(this::isAccessible)) {
      throw new Unsupported(call, type.getSimpleName() + "." + name + " is private, but the"
          + " generated code must call it; make it package-private");
    }
    List<Expr> arguments = arguments(call, methods, translate);
    Type result = resultType(call, methods, arguments);
    List<Expr> all = new ArrayList<>();
    all.add(receiver);
    all.addAll(arguments);
    return Optional.of(new Expr.StaticCall(MethodRef.onFirstArgument(enumClass, name), all,
        result, result == Type.DOUBLE ? diagnostics.site(call, unit) : null));
  }

  /** A call whose value carries no derivative. */
  Expr value(MethodInvocationTree call, Candidates candidates,
      Function<ExpressionTree, Expr> translate) {
    List<Expr> arguments = arguments(call, candidates.methods(), translate);
    Type type = resultType(call, candidates.methods(), arguments);
    MethodRef method = reference(call, candidates);
    return new Expr.StaticCall(method, arguments,
        type, type == Type.DOUBLE ? diagnostics.site(call, unit) : null);
  }

  private MethodRef reference(MethodInvocationTree call, Candidates candidates) {
    ExecutableElement method = candidates.methods().get(0);
    String name = method.getSimpleName().toString();
    VariableElement field = candidates.receiver();
    if (field != null) {
      TypeElement owner = (TypeElement) field.getEnclosingElement();
      if (copies != null && !isAccessible(field) && field.getModifiers().contains(Modifier.FINAL)
          && ThrowsClause.isAccessible(
              (TypeElement) ((DeclaredType) field.asType()).asElement(), generatedPackage,
              elements)) {
        // A private logger: the generated class calls its own copy, the same logger.
        return new MethodRef(copies.gradClass(), copies.copyLogger(field, call), name);
      }
      if (!ThrowsClause.isAccessible(owner, generatedPackage, elements) || !isAccessible(field)) {
        throw new Unsupported(call, owner.getSimpleName() + "." + field.getSimpleName()
            + " is private, but the generated code must call it; make it package-private");
      }
      return new MethodRef(Constants.classId(owner), field.getSimpleName().toString(), name);
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    boolean accessible = ThrowsClause.isAccessible(owner, generatedPackage, elements)
        && candidates.methods().stream().allMatch(this::isAccessible);
    if (!accessible && copies != null && method.getModifiers().contains(Modifier.STATIC)
        && candidates.methods().stream().filter(other -> other.getParameters().size()
            == method.getParameters().size()).count() == 1) {
      // A private helper of this file, such as int findSegment(xs, x): called through a handle.
      Optional<String> wrapper = copies.callThroughHandle(method);
      if (wrapper.isPresent()) {
        return new MethodRef(copies.gradClass(), wrapper.get());
      }
    }
    if (!accessible) {
      throw new Unsupported(call, owner.getSimpleName() + "." + method.getSimpleName()
          + " is private, but the generated code must call it; make it package-private");
    }
    return new MethodRef(Constants.classId(owner), name);
  }

  private boolean isAccessible(Element member) {
    Set<Modifier> modifiers = member.getModifiers();
    if (modifiers.contains(Modifier.PUBLIC)) {
      return true;
    }
    return !modifiers.contains(Modifier.PRIVATE) && elements.getPackageOf(member)
        .getQualifiedName().contentEquals(generatedPackage);
  }

  /** The arguments, each array among them checked to be one the callee cannot change. */
  private List<Expr> arguments(MethodInvocationTree call, List<ExecutableElement> candidates,
      Function<ExpressionTree, Expr> translate) {
    List<Expr> arguments = new ArrayList<>();
    List<? extends ExpressionTree> trees = call.getArguments();
    for (int i = 0; i < trees.size(); i++) {
      Expr argument = argument(trees.get(i), translate);
      if (argument.type().isArray()) {
        checkNotWritten(trees.get(i), argument, i, candidates);
      }
      arguments.add(argument);
    }
    return arguments;
  }

  /**
   * An argument: an object held by a static field ({@code Level.FINE}) is passed by name, as the
   * user wrote it, since the call only runs; anything else is translated as a value. A name is
   * translated first, so a local that hides a field stays the local.
   */
  private Expr argument(ExpressionTree tree, Function<ExpressionTree, Expr> translate) {
    if (tree instanceof IdentifierTree) {
      try {
        return translate.apply(tree);
      } catch (Unsupported notAValue) {
        return objectField(tree).orElseThrow(() -> notAValue);
      }
    }
    return objectField(tree).orElseGet(() -> translate.apply(tree));
  }

  /** {@code Owner.FIELD} of a type flatgrad does not compute with, if {@code tree} names one. */
  private Optional<Expr> objectField(ExpressionTree tree) {
    Optional<VariableElement> found = staticField(tree)
        .filter(field -> SignatureReader.typeOf(field).isEmpty()
            && field.getKind() != ElementKind.ENUM_CONSTANT);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    VariableElement field = found.get();
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    if (!ThrowsClause.isAccessible(owner, generatedPackage, elements) || !isAccessible(field)) {
      throw new Unsupported(tree, owner.getSimpleName() + "." + field.getSimpleName()
          + " is private, but the generated code must pass it to the call; make it"
          + " package-private");
    }
    return Optional.of(new Expr.Constant(Constants.classId(owner),
        field.getSimpleName().toString(), Type.OBJECT));
  }

  /**
   * The forward code must know every value of an array flatgrad reads: a callee that might
   * write one would change values behind its back. The callee's source tells; without it, only
   * the method's own array parameters may be passed (a check reads its caller's input).
   */
  private void checkNotWritten(ExpressionTree tree, Expr argument, int index,
      List<ExecutableElement> candidates) {
    Variable array = argument instanceof Expr.Ref ref ? ref.variable()
        : ((Expr.Element) argument).array();
    for (ExecutableElement method : candidates) {
      String shown = method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName();
      String packageName = elements.getPackageOf(method).getQualifiedName().toString();
      if (packageName.startsWith("java.") || packageName.startsWith("javax.")) {
        String name = method.getSimpleName().toString();
        // arraycopy writes its third argument (the destination); the others their first.
        int written = name.equals("arraycopy") ? 2 : 0;
        if (JDK_ARRAY_WRITERS.contains(name) && index == written) {
          throw new Unsupported(tree, shown + " writes into the array " + tree + ", which"
              + " flatgrad cannot follow; write the loop out");
        }
        continue;
      }
      int parameter = Math.min(index, method.getParameters().size() - 1);
      Optional<Boolean> writes = arrayWrites.mayWrite(method, parameter);
      if (writes.isEmpty()) {
        if (array.kind() != Variable.Kind.PARAMETER) {
          throw new Unsupported(tree, "flatgrad cannot see the source of " + shown + ", so it"
              + " cannot tell whether " + shown + " writes the local array " + tree + "; pass"
              + " it values instead, or compile " + shown + " with this class");
        }
      } else if (writes.get()) {
        throw new Unsupported(tree, shown + " may write into the array " + tree + " (or pass"
            + " it on), which flatgrad cannot follow in a call run as written; write the"
            + " computation out here, or annotate " + shown + " @Differentiable");
      }
    }
  }

  /** The call's type in flatgrad's terms, from the overloads that fit its arguments. */
  private Type resultType(MethodInvocationTree call, List<ExecutableElement> candidates,
      List<Expr> arguments) {
    List<ExecutableElement> applicable = Overloads.applicable(candidates, arguments);
    if (applicable.isEmpty()) {
      applicable = candidates;
    }
    Type type = null;
    for (ExecutableElement method : applicable) {
      Type result = typeOf(method.getReturnType());
      if (result == null || type != null && type != result) {
        String shown = method.getEnclosingElement().getSimpleName() + "."
            + method.getSimpleName();
        throw new Unsupported(call, shown + " returns " + method.getReturnType()
            + ", which a @Differentiable method cannot compute with; call it as a statement,"
            + " or use a method returning double, int, boolean or String");
      }
      type = result;
    }
    return type;
  }

  private static Type typeOf(TypeMirror type) {
    return switch (type.getKind()) {
      case DOUBLE -> Type.DOUBLE;
      case INT -> Type.INT;
      case BOOLEAN -> Type.BOOLEAN;
      case DECLARED -> type.toString().equals("java.lang.String") ? Type.STRING : null;
      default -> null;
    };
  }

  private List<ExecutableElement> methodsNamed(TypeElement owner, String name) {
    return symbols.methods(owner, name);
  }

  private static boolean isLibrary(TypeElement type) {
    String name = type.getQualifiedName().toString();
    return name.equals("java.lang.Math") || name.equals("java.lang.StrictMath")
        || name.equals("dev.flatgrad.Activations");
  }

  /** Java's overload choice, as far as flatgrad's argument types need it. */
  static final class Overloads {

    private Overloads() {}

    /** The candidates applicable without boxing, or if none is, with it. */
    static List<ExecutableElement> applicable(List<ExecutableElement> candidates,
        List<Expr> arguments) {
      for (boolean boxing : new boolean[] {false, true}) {
        List<ExecutableElement> applicable = candidates.stream()
            .filter(method -> fits(method, arguments, boxing))
            .toList();
        if (!applicable.isEmpty()) {
          return mostSpecific(applicable, arguments);
        }
      }
      return List.of();
    }

    private static boolean fits(ExecutableElement method, List<Expr> arguments,
        boolean boxing) {
      int count = method.getParameters().size();
      if (count != arguments.size() && !method.isVarArgs()) {
        return false;
      }
      for (int i = 0; i < arguments.size(); i++) {
        TypeMirror parameter = method.getParameters().get(Math.min(i, count - 1)).asType();
        if (method.isVarArgs() && i >= count - 1 && parameter instanceof ArrayType array
            && !(count == arguments.size() && arguments.get(i).type().isArray())) {
          parameter = array.getComponentType();
        }
        if (!accepts(parameter, arguments.get(i).type(), boxing)) {
          return false;
        }
      }
      return true;
    }

    private static boolean accepts(TypeMirror parameter, Type argument, boolean boxing) {
      TypeKind kind = parameter.getKind();
      return switch (argument) {
        case INT -> kind == TypeKind.INT || kind == TypeKind.LONG || kind == TypeKind.FLOAT
            || kind == TypeKind.DOUBLE || boxing && kind == TypeKind.DECLARED;
        case DOUBLE -> kind == TypeKind.DOUBLE || boxing && kind == TypeKind.DECLARED;
        case BOOLEAN -> kind == TypeKind.BOOLEAN || boxing && kind == TypeKind.DECLARED;
        case STRING -> kind == TypeKind.DECLARED;
        default -> kind == TypeKind.ARRAY ? parameter.toString().equals(argument.javaName())
            : kind == TypeKind.DECLARED;
      };
    }

    /** Those whose parameters match the arguments' own types most often: Java's choice. */
    private static List<ExecutableElement> mostSpecific(List<ExecutableElement> applicable,
        List<Expr> arguments) {
      int best = -1;
      List<ExecutableElement> chosen = new ArrayList<>();
      for (ExecutableElement method : applicable) {
        int exact = 0;
        for (int i = 0; i < Math.min(arguments.size(), method.getParameters().size()); i++) {
          if (method.getParameters().get(i).asType().toString()
              .equals(arguments.get(i).type().javaName())) {
            exact++;
          }
        }
        if (exact > best) {
          best = exact;
          chosen.clear();
        }
        if (exact == best) {
          chosen.add(method);
        }
      }
      return chosen;
    }
  }
}
