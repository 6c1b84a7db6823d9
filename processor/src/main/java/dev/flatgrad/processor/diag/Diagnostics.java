package dev.flatgrad.processor.diag;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import dev.flatgrad.processor.ir.Site;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The one place flatgrad reports problems, as javac errors positioned at the offending element,
 * annotation value or tree. It counts errors so a caller can tell whether a step went wrong.
 */
public final class Diagnostics {

  private static final String PLEASE_REPORT = "This is a bug in flatgrad, not in your code:"
      + " please report it";

  private final Messager messager;
  private final Trees trees;
  private int errorCount;
  /** The trees behind {@link Site}s, for errors found after the frontend. */
  private final List<Tree> siteTrees = new ArrayList<>();
  private final List<CompilationUnitTree> siteUnits = new ArrayList<>();

  /** The body errors printed so far, by file, position and message. */
  private final java.util.Set<String> reported = new java.util.HashSet<>();

  public Diagnostics(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  /** An error on a declaration, such as a method with an unsupported signature. */
  public void error(Element element, String message) {
    errorCount++;
    messager.printMessage(Diagnostic.Kind.ERROR, message, element);
  }

  /** An error on one value of an annotation, such as a bad name in {@code wrt}. */
  public void error(
      Element element, AnnotationMirror annotation, AnnotationValue value, String message) {
    errorCount++;
    messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation, value);
  }

  /**
   * An error on an expression or statement of a method body. Said once: a void helper inlined
   * at several calls would otherwise repeat the errors in its body; it still counts for each
   * method it fails.
   */
  public void error(Tree tree, CompilationUnitTree unit, String message) {
    errorCount++;
    tree = positioned(tree, unit);
    String where = unit.getSourceFile().toUri() + ":"
        + trees.getSourcePositions().getStartPosition(unit, tree) + ":" + message;
    if (reported.add(where)) {
      trees.printMessage(Diagnostic.Kind.ERROR, message, tree, unit);
    }
  }

  /**
   * {@code tree}, or if javac made it without a place in the source (the type it inferred for
   * {@code var}), the nearest tree around it that has one.
   */
  private Tree positioned(Tree tree, CompilationUnitTree unit) {
    if (trees.getSourcePositions().getStartPosition(unit, tree) != Diagnostic.NOPOS) {
      return tree;
    }
    com.sun.source.util.TreePath path = trees.getPath(unit, tree);
    for (com.sun.source.util.TreePath around = path == null ? null : path.getParentPath();
        around != null; around = around.getParentPath()) {
      if (trees.getSourcePositions().getStartPosition(unit, around.getLeaf())
          != Diagnostic.NOPOS) {
        return around.getLeaf();
      }
    }
    return tree;
  }

  /** A handle on {@code tree}, for an error a later stage may report there. */
  public Site site(Tree tree, CompilationUnitTree unit) {
    siteTrees.add(tree);
    siteUnits.add(unit);
    return new Site(siteTrees.size() - 1);
  }

  /** An error at a tree the frontend handed on as a {@link Site}. */
  public void error(Site site, String message) {
    error(siteTrees.get(site.id()), siteUnits.get(site.id()), message);
  }

  /** An error about the whole compilation, such as a compiler flatgrad cannot work with. */
  public void error(String message) {
    errorCount++;
    messager.printMessage(Diagnostic.Kind.ERROR, message);
  }

  /**
   * An internal failure: the processor has a bug. The user's build must still get an answer. A
   * stack overflow is no bug but an expression nested deeper than the compiler's stack allows
   * flatgrad to walk, and the user can do something about it.
   */
  public void internalError(Element method, Throwable failure) {
    if (failure instanceof StackOverflowError) {
      error(method, "flatgrad could not differentiate " + qualifiedName(method)
          + ": an expression in it is nested too deeply for the compiler's stack. Split it into"
          + " several statements, or give the compiler a larger stack (javac -J-Xss64m, or"
          + " MAVEN_OPTS=-Xss64m when Maven compiles in process).");
      return;
    }
    error(method, "flatgrad could not differentiate " + qualifiedName(method)
        + " because of an internal error: " + describe(failure) + ". " + PLEASE_REPORT
        + " with the source of this method.");
  }

  /** An internal failure outside any one method. */
  public void internalError(Throwable failure) {
    error("flatgrad failed because of an internal error: " + describe(failure) + ". "
        + PLEASE_REPORT + ".");
  }

  /** {@code C.method}, the name a user finds the method by. */
  private static String qualifiedName(Element method) {
    Element owner = method.getEnclosingElement();
    return owner == null
        ? method.getSimpleName().toString()
        : owner.getSimpleName() + "." + method.getSimpleName();
  }

  /**
   * The exception and where it was thrown, and where flatgrad's code was when a library threw
   * it ({@code Optional.orElseThrow}): enough for a report, short enough for a build log.
   */
  private static String describe(Throwable failure) {
    StackTraceElement[] trace = failure.getStackTrace();
    if (trace.length == 0) {
      return failure.toString();
    }
    String thrown = failure + " at " + trace[0];
    for (StackTraceElement frame : trace) {
      if (frame.getClassName().startsWith("dev.flatgrad.")) {
        return frame == trace[0] ? thrown : thrown + ", called from " + frame;
      }
    }
    return thrown;
  }

  public int errorCount() {
    return errorCount;
  }
}
