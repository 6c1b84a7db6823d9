package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Type;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * {@code void} helpers called as statements, {@code matVec(a, x, out);}: the allocation-free
 * style of numeric Java. A helper that writes an array it is passed, is {@code @Differentiable},
 * or is private (generated code cannot call it) is inlined where it is called: its body is
 * translated in place, its array parameters standing for the caller's arrays (Java's reference
 * semantics: one array, one adjoint), its scalar parameters fresh locals. Only helpers of the
 * caller's own class or a class around it are inlined: their names mean the same there, and the
 * generated class depends on its own source file only. Other void calls run as written.
 */
final class VoidHelpers {

  private final Trees trees;
  private final Elements elements;
  private final ArrayWrites arrayWrites;

  VoidHelpers(Trees trees, Elements elements) {
    this.trees = trees;
    this.elements = elements;
    this.arrayWrites = new ArrayWrites(trees);
  }

  Trees trees() {
    return trees;
  }

  Elements elements() {
    return elements;
  }

  /** A void helper to inline, with its declaration. */
  record Helper(ExecutableElement method, MethodTree tree) {}

  /**
   * The helper the call statement {@code call} inlines, or empty if the call runs as written (a
   * check or logging) or is no call of a void method; an error if it must be inlined but cannot.
   */
  Optional<Helper> inlined(MethodInvocationTree call, Symbols symbols, TypeElement caller) {
    Optional<ExecutableElement> found = callee(call, symbols);
    if (found.isEmpty() || !inlines(found.get())) {
      return Optional.empty();
    }
    ExecutableElement method = found.get();
    String shown = method.getSimpleName().toString();
    if (!encloses((TypeElement) method.getEnclosingElement(), caller)) {
      throw new Unsupported(call, "flatgrad differentiates the void method " + shown + " by"
          + " reading its body where it is called, which it does only for methods of the"
          + " caller's own class or a class around it (the generated class may depend on its"
          + " own source file only); move " + shown + " there, or make it return its result");
    }
    return Optional.of(new Helper(method, trees.getTree(method)));
  }

  /**
   * The helper returning an array of {@code type} that {@code call} calls, if flatgrad can
   * translate its body where it is called: a static method of the caller's own class or a class
   * around it, with source and without a custom derivative, whose last statement {@code return
   * y;} returns an array it declares itself, and which returns nowhere else. Empty otherwise.
   */
  Optional<Helper> arrayHelper(MethodInvocationTree call, Symbols symbols, TypeElement caller,
      Type type) {
    List<ExecutableElement> fitting = candidates(call, symbols).stream()
        .filter(method -> method.getModifiers().contains(Modifier.STATIC)
            && SignatureReader.parameterType(method.getReturnType()).filter(type::equals)
                .isPresent()
            && method.getParameters().size() == call.getArguments().size()
            && !method.isVarArgs()
            // A method with its own derivative is called: its body would bypass it.
            && SignatureReader.customPullback(method).isEmpty()
            && SignatureReader.customTangent(method).isEmpty())
        .toList();
    if (fitting.size() != 1
        || !encloses((TypeElement) fitting.get(0).getEnclosingElement(), caller)) {
      return Optional.empty();
    }
    MethodTree tree = trees.getTree(fitting.get(0));
    if (tree == null || tree.getBody() == null
        || returnedLocal(tree.getBody()) == null && returnedCreation(tree.getBody()) == null) {
      return Optional.empty();
    }
    return Optional.of(new Helper(fitting.get(0), tree));
  }

  /**
   * The local array {@code y} of {@code return y;}, the last statement of {@code body}, when it
   * is declared at the top of the body and no other statement returns; else null.
   */
  static String returnedLocal(BlockTree body) {
    return returnedLocalName(body);
  }

  /**
   * The new array of {@code return new double[] {a, b};} (or {@code new double[n]}), the last
   * statement of {@code body}, when no other statement returns; else null.
   */
  static NewArrayTree returnedCreation(BlockTree body) {
    List<? extends StatementTree> statements = body.getStatements();
    return !statements.isEmpty()
        && statements.get(statements.size() - 1) instanceof ReturnTree last
        && Unsupported.core(last.getExpression()) instanceof NewArrayTree creation
        && Exits.returnCount(statements) == 1 ? creation : null;
  }

  private static String returnedLocalName(BlockTree body) {
    List<? extends StatementTree> statements = body.getStatements();
    if (statements.isEmpty()
        || !(statements.get(statements.size() - 1) instanceof ReturnTree last)
        || !(last.getExpression() instanceof IdentifierTree returned)) {
      return null;
    }
    String name = returned.getName().toString();
    boolean declared = statements.stream().anyMatch(statement ->
        statement instanceof VariableTree variable && variable.getName().contentEquals(name));
    return declared && Exits.returnCount(statements) == 1 ? name : null;
  }

  /**
   * Whether calls of {@code method} are inlined rather than run: it is {@code @Differentiable},
   * generated code cannot call it, or it may write an array it is passed.
   */
  boolean inlines(ExecutableElement method) {
    if (SignatureReader.annotation(method) != null || ImplicitHelpers.unreachable(method)) {
      return true;
    }
    for (int i = 0; i < method.getParameters().size(); i++) {
      if (method.getParameters().get(i).asType().getKind() == TypeKind.ARRAY
          && arrayWrites.mayWrite(method, i).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The array parameters of {@code method} its body writes: directly, through a local that
   * refers to them, or through a void helper it inlines. A caller whose generated code calls
   * {@code method} for its value would not see such a write.
   */
  Set<String> writtenArrayParameters(ExecutableElement method) {
    return writtenArrayParameters(method, new HashSet<>());
  }

  /** Whole answers of {@link #writtenArrayParameters}: asked once per call of a method. */
  private final java.util.Map<ExecutableElement, Set<String>> writtenParameters =
      new java.util.HashMap<>();

  private Set<String> writtenArrayParameters(ExecutableElement method,
      Set<ExecutableElement> visiting) {
    // Only an answer not cut short by a cycle of calls is kept.
    if (visiting.isEmpty()) {
      Set<String> known = writtenParameters.get(method);
      if (known == null) {
        known = computeWrittenArrayParameters(method, visiting);
        writtenParameters.put(method, known);
      }
      return known;
    }
    return computeWrittenArrayParameters(method, visiting);
  }

  private Set<String> computeWrittenArrayParameters(ExecutableElement method,
      Set<ExecutableElement> visiting) {
    TreePath path = trees.getPath(method);
    if (path == null || ((MethodTree) path.getLeaf()).getBody() == null
        || !visiting.add(method)) {
      return Set.of();
    }
    BlockTree body = ((MethodTree) path.getLeaf()).getBody();
    Symbols symbols = new Symbols(elements, path.getCompilationUnit(),
        (TypeElement) method.getEnclosingElement());
    java.util.Map<String, Integer> dimensions = new java.util.HashMap<>();
    for (VariableElement parameter : method.getParameters()) {
      dimensions.put(parameter.getSimpleName().toString(), SignatureReader.typeOf(parameter)
          .map(ParameterCopies::dimensions).orElse(0));
    }
    Set<String> written = ParameterCopies.written(body,
        writtenThroughCalls(body, symbols, visiting), dimensions);
    Set<String> parameters = new LinkedHashSet<>();
    for (VariableElement parameter : method.getParameters()) {
      String name = parameter.getSimpleName().toString();
      if (parameter.asType().getKind() == TypeKind.ARRAY && written.contains(name)) {
        parameters.add(name);
      }
    }
    visiting.remove(method);
    return parameters;
  }

  /**
   * The names of the arrays in {@code body} that the void helpers it inlines write, and that it
   * changes with {@code Arrays.sort}, {@code Arrays.fill} or {@code System.arraycopy}.
   */
  Set<String> writtenThroughCalls(BlockTree body, Symbols symbols) {
    return writtenThroughCalls(body, symbols, new HashSet<>());
  }

  private Set<String> writtenThroughCalls(BlockTree body, Symbols symbols,
      Set<ExecutableElement> visiting) {
    Set<String> written = new HashSet<>(ArrayMutations.writtenNames(body, symbols));
    forEachCall(body, call -> callee(call, symbols).filter(this::inlines).ifPresent(method ->
        addWrittenArguments(call, method, writtenArrayParameters(method, visiting), written)));
    // A plain helper returning a value writes the caller's arrays too: it is translated in place.
    new OwnCodeScanner() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        valueCallee(call, symbols).ifPresent(method ->
            addWrittenArguments(call, method, writtenArrayParameters(method, visiting), written));
        return super.visitMethodInvocation(call, unused);
      }
    }.scan(body, null);
    return written;
  }

  /** Adds to {@code written} the arrays {@code call} passes for the {@code parameters}. */
  private static void addWrittenArguments(MethodInvocationTree call, ExecutableElement method,
      Set<String> parameters, Set<String> written) {
    for (int i = 0; i < method.getParameters().size(); i++) {
      if (parameters.contains(method.getParameters().get(i).getSimpleName().toString())) {
        ExpressionTree root = call.getArguments().get(i);
        while (root instanceof ArrayAccessTree access) {
          root = access.getExpression();
        }
        root = Unsupported.core(root);
        if (root instanceof IdentifierTree identifier) {
          written.add(identifier.getName().toString());
        }
      }
    }
  }

  /**
   * The plain static method returning a value that {@code call} calls, if its source is here:
   * one that writes into an array it is passed is translated where it is called.
   */
  private Optional<ExecutableElement> valueCallee(MethodInvocationTree call, Symbols symbols) {
    int arity = call.getArguments().size();
    List<ExecutableElement> fitting = candidates(call, symbols).stream()
        .filter(method -> method.getModifiers().contains(Modifier.STATIC)
            && method.getReturnType().getKind() != TypeKind.VOID
            && SignatureReader.annotation(method) == null
            && method.getParameters().size() == arity && !method.isVarArgs())
        .toList();
    if (fitting.size() != 1) {
      return Optional.empty();
    }
    MethodTree tree = trees.getTree(fitting.get(0));
    return tree == null || tree.getBody() == null ? Optional.empty() : Optional.of(fitting.get(0));
  }

  /**
   * Reserves the names of the locals and parameters of every helper {@code body} inlines, with
   * the caller's own: no temporary may take them.
   */
  void reserveNames(BlockTree body, Symbols symbols, Names names) {
    reserveNames(body, symbols, names, new HashSet<>());
  }

  private void reserveNames(BlockTree body, Symbols symbols, Names names,
      Set<ExecutableElement> seen) {
    forEachCall(body, call -> callee(call, symbols).filter(this::inlines)
        .filter(seen::add)
        .ifPresent(method -> reserveNames(method, names, seen)));
    // Helpers returning arrays, inlined where a loop or branch calls them, and helpers returning
    // a value that write into an array they are passed, inlined wherever they are called.
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        candidates(call, symbols).stream()
            .filter(method -> SignatureReader.parameterType(method.getReturnType())
                .filter(type -> type == Type.DOUBLE_ARRAY || type == Type.DOUBLE_MATRIX)
                .isPresent() && trees.getPath(method) != null)
            .filter(seen::add)
            .forEach(method -> reserveNames(method, names, seen));
        valueCallee(call, symbols)
            .filter(method -> !writtenArrayParameters(method).isEmpty())
            .filter(seen::add)
            .ifPresent(method -> reserveNames(method, names, seen));
        return super.visitMethodInvocation(call, unused);
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        return null;
      }
    }.scan(body, null);
  }

  private void reserveNames(ExecutableElement method, Names names,
      Set<ExecutableElement> seen) {
    TreePath path = trees.getPath(method);
    MethodTree tree = (MethodTree) path.getLeaf();
    if (tree.getBody() == null) {
      return;
    }
    tree.getParameters().forEach(parameter -> names.reserve(parameter.getName().toString()));
    MethodReader.reserveLocalNames(tree, names);
    reserveNames(tree.getBody(), new Symbols(elements, path.getCompilationUnit(),
        (TypeElement) method.getEnclosingElement()), names, seen);
  }

  /** The methods {@code call} may call, by its name: its class's, or the named class's. */
  private List<ExecutableElement> candidates(MethodInvocationTree call, Symbols symbols) {
    ExpressionTree select = call.getMethodSelect();
    if (select instanceof IdentifierTree identifier) {
      String name = identifier.getName().toString();
      return symbols.isOwnMethod(name) ? symbols.ownMethods(name) : List.of();
    }
    if (select instanceof MemberSelectTree member) {
      String name = member.getIdentifier().toString();
      return symbols.type(member.getExpression().toString())
          .map(owner -> symbols.methods(owner, name))
          .orElse(List.of());
    }
    return List.of();
  }

  /** The static void method with a body that a call statement means, if any. */
  private Optional<ExecutableElement> callee(MethodInvocationTree call, Symbols symbols) {
    List<ExecutableElement> methods = candidates(call, symbols);
    int arity = call.getArguments().size();
    List<ExecutableElement> fitting = methods.stream()
        .filter(method -> method.getModifiers().contains(Modifier.STATIC)
            && method.getReturnType().getKind() == TypeKind.VOID
            && method.getParameters().size() == arity && !method.isVarArgs())
        .toList();
    if (fitting.isEmpty()) {
      return Optional.empty();
    }
    ExecutableElement method = fitting.get(0);
    MethodTree tree = trees.getTree(method);
    if (tree == null || tree.getBody() == null) {
      return Optional.empty(); // from a jar: run as written, as far as flatgrad can check it
    }
    if (fitting.size() > 1 && fitting.stream().anyMatch(this::inlines)) {
      throw new Unsupported(call, "the call to " + method.getSimpleName() + " matches several"
          + " void overloads with " + arity + " parameters; flatgrad tells helpers apart by name"
          + " and number of arguments, so give them different names");
    }
    return Optional.of(method);
  }

  /** Whether {@code outer} is {@code inner} or a class around it. */
  private static boolean encloses(TypeElement outer, TypeElement inner) {
    for (Element type = inner; type instanceof TypeElement; type = type.getEnclosingElement()) {
      if (type.equals(outer)) {
        return true;
      }
    }
    return false;
  }

  /** Calls {@code action} with each call written as a statement in {@code body}. */
  private static void forEachCall(BlockTree body,
      java.util.function.Consumer<MethodInvocationTree> action) {
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitExpressionStatement(ExpressionStatementTree statement, Void unused) {
        if (statement.getExpression() instanceof MethodInvocationTree call) {
          try {
            action.accept(call);
          } catch (Unsupported reportedWhereItIsTranslated) {
            // The translation of the call reports it, at its place.
          }
        }
        return super.visitExpressionStatement(statement, unused);
      }
    }.scan(body, null);
  }
}
