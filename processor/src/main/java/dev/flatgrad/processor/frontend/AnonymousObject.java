package dev.flatgrad.processor.frontend;

import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * An object of an anonymous class, made in the method and held in a local or passed to a method
 * of this file ({@code new ContinuedFraction() { double getA(int n, double x) {...} ... }}, or
 * {@code new DoubleUnaryOperator() {...}} as pre-lambda code writes it): its source, the class or
 * interface it extends, the locals it captured where it was made, and the class it was written
 * in, whose names its methods use. It has no fields, so it is nothing but code: no object exists
 * in generated code, each call of one of its methods is translated in place ({@link
 * InlinedMethods}), an inherited one with this object as {@code this}.
 */
record AnonymousObject(NewClassTree creation, TypeElement base, Map<String, Local> captured,
    TypeElement context) {

  /**
   * The method of the anonymous class that overrides {@code method}; null if it has none. Told
   * apart by name and number of parameters: overloads of one arity are an error.
   */
  MethodTree override(ExecutableElement method) {
    MethodTree found = null;
    for (Tree member : creation.getClassBody().getMembers()) {
      if (member instanceof MethodTree written
          && written.getName().contentEquals(method.getSimpleName())
          && written.getParameters().size() == method.getParameters().size()) {
        if (found != null) {
          throw new Unsupported(written, "the anonymous class has two methods " + method
              .getSimpleName() + " with " + method.getParameters().size() + " parameters;"
              + " flatgrad tells its methods apart by name and number of parameters");
        }
        found = written;
      }
    }
    return found;
  }
}
