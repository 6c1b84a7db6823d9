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
import dev.flatgrad.processor.ir.Type;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
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

  public MethodReader(Trees trees, Elements elements, Types types, Diagnostics diagnostics) {
    this.trees = trees;
    this.elements = elements;
    this.types = types;
    this.diagnostics = diagnostics;
  }

  /** The name of a user class, for the stages after the frontend. */
  public static ClassId classId(TypeElement type) {
    return Constants.classId(type);
  }

  /** The name of the method's custom pullback, or empty if flatgrad differentiates its body. */
  public static String customPullback(ExecutableElement method) {
    return SignatureReader.customPullback(method);
  }

  /** A method with a custom derivative, or empty after its problems have been reported. */
  public Optional<CustomRule> readCustomRule(ExecutableElement method) {
    return new CustomRuleReader(diagnostics, types).read(method, customPullback(method));
  }

  /** The method in IR form, or empty after every problem with it has been reported. */
  public Optional<Function> read(ExecutableElement method) {
    int errorsBefore = diagnostics.errorCount();
    Names names = new Names();
    TreePath path = trees.getPath(method);
    if (path != null && ((MethodTree) path.getLeaf()).getBody() != null) {
      // First, so the names made for record parameters' values avoid every local's.
      reserveLocalNames((MethodTree) path.getLeaf(), names);
    }
    Optional<List<Parameter>> parameters = new SignatureReader(diagnostics).read(method, names);
    if (parameters.isEmpty() || path == null) {
      if (path == null) {
        diagnostics.error(method, "flatgrad needs the source of " + method.getSimpleName()
            + " to differentiate it");
      }
      return Optional.empty();
    }
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

    TypeElement owner = (TypeElement) method.getEnclosingElement();
    Symbols symbols = new Symbols(elements, unit, owner);
    String generatedPackage = elements.getPackageOf(owner).getQualifiedName().toString();
    BodyTranslator translator = new BodyTranslator(unit, new CallResolver(symbols, elements),
        new Constants(symbols, elements, generatedPackage), diagnostics, names,
        new SourceText(unit, trees.getSourcePositions()));
    parameters.get().forEach(translator::declareParameter);
    translator.translateBody(tree.getBody(),
        SignatureReader.returnType(method).orElse(Type.DOUBLE));

    if (diagnostics.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    if (translator.result() == null) {
      diagnostics.error(method, "missing return statement in " + method.getSimpleName());
      return Optional.empty();
    }
    return Optional.of(new Function(method.getSimpleName().toString(), parameters.get(),
        translator.statements(), translator.result(), names));
  }

  /** Reserves every local's name first, so no temporary or version takes a user's name. */
  private static void reserveLocalNames(MethodTree tree, Names names) {
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        names.reserve(variable.getName().toString());
        return super.visitVariable(variable, unused);
      }
    }.scan(tree.getBody(), null);
  }
}
