package dev.flatgrad.processor;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Reports {@code @Differentiable} on a method of a local or anonymous class, which flatgrad
 * cannot generate code for and javac never shows an annotation processor: such classes are
 * entered only when their enclosing method's body is attributed, after processing. So this
 * listens to javac's analysis of each class, when their methods' annotations are known, and
 * reports each one at the method.
 */
final class LocalClassMethods implements TaskListener {

  private final Trees trees;
  /** Trees already reported: javac analyzes a class once, but let no event report twice. */
  private final Set<Tree> reported = Collections.newSetFromMap(new IdentityHashMap<>());

  private LocalClassMethods(Trees trees) {
    this.trees = trees;
  }

  /** Listens to {@code task}'s analysis from now on. */
  static void listen(JavacTask task, Trees trees) {
    task.addTaskListener(new LocalClassMethods(trees));
  }

  @Override
  public void finished(TaskEvent event) {
    if (event.getKind() != TaskEvent.Kind.ANALYZE || event.getTypeElement() == null) {
      return;
    }
    try {
      scan(event.getCompilationUnit(), event.getTypeElement());
    } catch (RuntimeException | LinkageError | AssertionError failure) {
      // Only a diagnostic is lost; the compilation itself must not fail on flatgrad's account.
    }
  }

  private void scan(CompilationUnitTree unit, TypeElement type) {
    TreePath path = trees.getPath(type);
    if (path == null) {
      return;
    }
    new TreePathScanner<Void, String>() {
      @Override
      public Void visitClass(ClassTree tree, String enclosing) {
        Tree parent = getCurrentPath().getParentPath().getLeaf();
        String kind = parent instanceof NewClassTree
            ? "an anonymous class"
            : parent instanceof ClassTree || parent instanceof CompilationUnitTree
                ? enclosing
                : "a local class";
        return super.visitClass(tree, kind);
      }

      @Override
      public Void visitMethod(MethodTree tree, String enclosing) {
        if (enclosing != null && isDifferentiable(trees.getElement(getCurrentPath()))
            && reported.add(tree)) {
          trees.printMessage(Diagnostic.Kind.ERROR, "@Differentiable on a method of " + enclosing
              + " is not supported: flatgrad generates code only for methods of top-level and"
              + " nested classes; move " + tree.getName() + " into one", tree, unit);
        }
        return super.visitMethod(tree, enclosing);
      }
    }.scan(path, null);
  }

  private static boolean isDifferentiable(Element method) {
    return method != null && method.getAnnotationMirrors().stream()
        .anyMatch(mirror -> ((TypeElement) mirror.getAnnotationType().asElement())
            .getQualifiedName().contentEquals(FlatgradProcessor.ANNOTATION));
  }
}
