package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.Trees;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;

/**
 * Calls of static methods without {@code @Differentiable} in the caller's own top-level class:
 * flatgrad reads and differentiates such a helper too, as Clad and Tapenade differentiate
 * callees. Helpers of other top-level classes are not read: the generated class may depend on
 * its own source file only (Gradle's isolating mode), so they need {@code @Differentiable}.
 */
final class ImplicitHelpers {

  private final Trees trees;
  private final TypeElement caller;
  /** Told of every helper a call resolves to, so the processor reads it too. */
  private final Consumer<ExecutableElement> found;
  private final VoidHelpers voidHelpers;

  ImplicitHelpers(Trees trees, TypeElement caller, Consumer<ExecutableElement> found,
      VoidHelpers voidHelpers) {
    this.trees = trees;
    this.caller = caller;
    this.found = found;
    this.voidHelpers = voidHelpers;
  }

  /** The helper among {@code candidates} (none annotated) that the call means, or why not. */
  ExecutableElement helper(MethodInvocationTree call, List<ExecutableElement> candidates,
      String shownName, boolean onThis) {
    // mean(values) with an array for double... values is a call with one array, as in Java.
    if (candidates.stream().anyMatch(method -> method.isVarArgs()
        && method.getParameters().size() != call.getArguments().size())) {
      throw new Unsupported(call, "calls to " + shownName + "(...) with values for its variable"
          + " arguments are not supported: pass them in one array");
    }
    List<ExecutableElement> fitting = candidates.stream()
        .filter(method -> method.getParameters().size() == call.getArguments().size())
        .toList();
    if (fitting.isEmpty()) {
      throw new Unsupported(call, "no method " + shownName + " takes "
          + call.getArguments().size() + " arguments");
    }
    ExecutableElement method = fitting.get(0);
    if (!topLevel(method).equals(topLevel(caller))) {
      throw new Unsupported(call, "calls to " + shownName + "(...) are not supported: "
          + method.getSimpleName() + " is not @Differentiable, and flatgrad differentiates"
          + " such helpers only in the caller's own top-level class " + topLevel(caller)
          .getSimpleName() + " (its generated class may depend on its own source file only);"
          + " annotate " + method.getSimpleName() + " @Differentiable, or if you cannot,"
          + " declare a derivative for it in your code: " + ForeignRules.example(method));
    }
    if (fitting.size() > 1) {
      throw new Unsupported(call, "the call to " + shownName + " matches several overloads"
          + " with " + call.getArguments().size() + " parameters; flatgrad tells helpers apart by"
          + " name and number of arguments, so give them different names");
    }
    if (!method.getModifiers().contains(Modifier.STATIC) && !onThis) {
      throw new Unsupported(call, shownName + " must be static to be differentiated with the"
          + " method that calls it, or an instance method called on this from an instance"
          + " method");
    }
    if (!method.getModifiers().contains(Modifier.STATIC) && isOverridable(method)) {
      // The call dispatches to an override, but the derivative would be this body's.
      TypeElement owner = (TypeElement) method.getEnclosingElement();
      throw new Unsupported(call, shownName + " may be overridden in a subclass of "
          + owner.getSimpleName() + ", whose derivative flatgrad cannot see from here; make "
          + method.getSimpleName() + " private or final (or " + owner.getSimpleName()
          + " final)");
    }
    if (method.getModifiers().contains(Modifier.NATIVE)) {
      throw new Unsupported(call, shownName + " is native: flatgrad has no body to"
          + " differentiate");
    }
    if (!returnsDifferentiable(method)) {
      throw new Unsupported(call, "calls to " + shownName + "(...) are not supported: it"
          + " returns " + method.getReturnType() + ", and flatgrad differentiates helpers that"
          + " return double or double[]");
    }
    for (VariableElement parameter : method.getParameters()) {
      if (SignatureReader.typeOf(parameter).isEmpty()
          && !RecordTypes.isRecord(parameter.asType())) {
        throw new Unsupported(call, "calls to " + shownName + "(...) are not supported: its"
            + " parameter " + parameter.getSimpleName() + " has type " + parameter.asType()
            + "; helpers take double, double[], double[][], int, int[], boolean, boolean[] and"
            + " records of these");
      }
    }
    checkArraysUnchanged(call, method, shownName);
    found.accept(method);
    return method;
  }

  /**
   * Whether {@code owner.name} with {@code arity} parameters may be a helper of the caller: a
   * static method returning double, without {@code @Differentiable}, in its top-level class; or
   * an instance one, for a call {@code onThis}.
   */
  boolean isHelper(TypeElement owner, String name, int arity, boolean onThis) {
    return topLevel(owner).equals(topLevel(caller))
        && ElementFilter.methodsIn(owner.getEnclosedElements()).stream()
            .anyMatch(method -> method.getSimpleName().contentEquals(name)
                && method.getParameters().size() == arity
                && (method.getModifiers().contains(Modifier.STATIC) || onThis)
                && returnsDifferentiable(method)
                && SignatureReader.annotation(method) == null);
  }

  /** Whether a subclass may override the instance method {@code method}. */
  private static boolean isOverridable(ExecutableElement method) {
    return !method.getModifiers().contains(Modifier.PRIVATE)
        && !method.getModifiers().contains(Modifier.FINAL)
        && !method.getEnclosingElement().getModifiers().contains(Modifier.FINAL);
  }

  /** {@code double}, or {@code double[]} (a vector-valued helper, as an annotated one). */
  private static boolean returnsDifferentiable(ExecutableElement method) {
    return method.getReturnType().getKind() == TypeKind.DOUBLE
        || SignatureReader.returnType(method).filter(type -> type == Type.DOUBLE_ARRAY)
            .isPresent();
  }

  /**
   * Reports a call of {@code method}, which returns a value, if its body writes into an array it
   * is passed (directly, through an alias, or in a void helper it calls): the caller's generated
   * code calls it for its value and would not see that write, so the caller's arrays would
   * change behind its back and their gradients be wrong.
   */
  void checkArraysUnchanged(MethodInvocationTree call, ExecutableElement method,
      String shownName) {
    voidHelpers.writtenArrayParameters(method).stream().findFirst().ifPresent(name -> {
      throw new Unsupported(call, "calls to " + shownName + "(...) are not supported: it writes"
          + " to its array parameter " + name + ", and flatgrad does not differentiate through a"
          + " value-returning method's writes to its caller's arrays; return the value instead,"
          + " or make " + method.getSimpleName() + " a void method that writes its output"
          + " array, which flatgrad differentiates where it is called");
    });
  }

  /**
   * Whether generated code cannot call {@code method} by name, so that its generated class
   * holds a copy of it: the method or a class around it is private.
   */
  static boolean unreachable(ExecutableElement method) {
    for (Element element = method; !(element instanceof PackageElement);
        element = element.getEnclosingElement()) {
      Set<Modifier> modifiers = element.getModifiers();
      if (modifiers.contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    return false;
  }

  private static TypeElement topLevel(Element element) {
    Element type = element;
    while (!(type.getEnclosingElement() instanceof PackageElement)) {
      type = type.getEnclosingElement();
    }
    return (TypeElement) type;
  }
}
