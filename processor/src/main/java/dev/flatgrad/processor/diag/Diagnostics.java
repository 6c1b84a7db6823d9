package dev.flatgrad.processor.diag;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
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

  private final Messager messager;
  private final Trees trees;
  private int errorCount;

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

  /** An error on an expression or statement of a method body. */
  public void error(Tree tree, CompilationUnitTree unit, String message) {
    errorCount++;
    trees.printMessage(Diagnostic.Kind.ERROR, message, tree, unit);
  }

  /** An internal failure: the processor has a bug. The user's build must still get an answer. */
  public void internalError(Element method, Throwable failure) {
    error(method, "flatgrad could not differentiate " + method.getSimpleName()
        + " because of an internal error (" + failure
        + "). This is a bug in flatgrad: please report it with this method's source.");
  }

  public int errorCount() {
    return errorCount;
  }
}
