package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.diag.Diagnostics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Derivatives for methods the user cannot annotate (another team's file, a library jar): a
 * {@code @Differentiable(of = Foreign.class)} method of the user's stands in for the static
 * method of {@code Foreign} with its name and parameter types. Every call of that foreign
 * method in the compilation is differentiated as a call of the stand-in: its custom pullback
 * when it has one, else its body.
 */
public final class ForeignRules {

  private final Types types;
  private final Diagnostics diagnostics;
  /** The stand-ins by foreign class, method name and number of parameters. */
  private final Map<String, ExecutableElement> standIns = new HashMap<>();

  public ForeignRules(Types types, Diagnostics diagnostics) {
    this.types = types;
    this.diagnostics = diagnostics;
  }

  /** The foreign class a method stands in for, if its annotation names one. */
  public static Optional<TypeElement> foreignClass(ExecutableElement method) {
    AnnotationMirror annotation = SignatureReader.annotation(method);
    AnnotationValue of = annotation == null ? null : SignatureReader.value(annotation, "of");
    if (of != null && of.getValue() instanceof DeclaredType type
        && type.asElement() instanceof TypeElement element) {
      return Optional.of(element);
    }
    return Optional.empty();
  }

  /**
   * Registers {@code method} as the stand-in for its foreign method, or reports on its
   * annotation why it cannot be one; false then.
   */
  public boolean register(ExecutableElement method) {
    TypeElement foreign = foreignClass(method).orElseThrow();
    AnnotationMirror annotation = SignatureReader.annotation(method);
    AnnotationValue of = SignatureReader.value(annotation, "of");
    String name = method.getSimpleName().toString();
    List<ExecutableElement> matching = ElementFilter.methodsIn(foreign.getEnclosedElements())
        .stream()
        .filter(candidate -> candidate.getSimpleName().contentEquals(name))
        .filter(candidate -> sameParameterTypes(candidate, method))
        .toList();
    String problem = null;
    if (matching.isEmpty()) {
      problem = foreign.getSimpleName() + " has no method " + name + "(" + parameterTypes(method)
          + "); a derivative for a foreign method has its name and parameter types";
    } else if (!matching.get(0).getModifiers().contains(Modifier.STATIC)) {
      problem = foreign.getSimpleName() + "." + name + " is not static; flatgrad differentiates"
          + " calls of static methods";
    } else if (method.getModifiers().contains(Modifier.PRIVATE)) {
      problem = name + " is private, but generated callers in other classes call it; make it"
          + " package-private or public";
    } else if (standIns.putIfAbsent(key(foreign, name, method.getParameters().size()), method)
        != null) {
      problem = "another method already gives the derivative of " + foreign.getSimpleName()
          + "." + name + " with " + method.getParameters().size() + " parameters";
    }
    if (problem != null) {
      diagnostics.error(method, annotation, of, problem);
      return false;
    }
    return true;
  }

  /** The stand-in for {@code owner.name} called with {@code arity} arguments, if declared. */
  Optional<ExecutableElement> standIn(TypeElement owner, String name, int arity) {
    return Optional.ofNullable(standIns.get(key(owner, name, arity)));
  }

  /**
   * Whether generated code in {@code caller} can call {@code standIn} by name: it is in the
   * same package, or it and every class around it are public.
   */
  static boolean reachableFrom(ExecutableElement standIn, PackageElement caller) {
    Element element = standIn;
    for (; !(element instanceof PackageElement); element = element.getEnclosingElement()) {
      if (element.getModifiers().contains(Modifier.PRIVATE)) {
        return false;
      }
      if (!element.getModifiers().contains(Modifier.PUBLIC)) {
        while (!(element instanceof PackageElement)) {
          element = element.getEnclosingElement();
        }
        return element.equals(caller);
      }
    }
    return true;
  }

  /** How to give {@code method} a derivative from the user's own code, for error messages. */
  static String example(ExecutableElement method) {
    String owner = method.getEnclosingElement().getSimpleName().toString();
    String name = method.getSimpleName().toString();
    String parameters = method.getParameters().stream()
        .map(p -> p.asType() + " " + p.getSimpleName())
        .collect(Collectors.joining(", "));
    String arguments = method.getParameters().stream()
        .map(p -> p.getSimpleName().toString())
        .collect(Collectors.joining(", "));
    return "@Differentiable(of = " + owner + ".class, pullback = \"" + name + "Pullback\")"
        + " static " + method.getReturnType() + " " + name + "(" + parameters + ") { return "
        + owner + "." + name + "(" + arguments + "); } with its pullback " + name + "Pullback"
        + " (or without pullback = ..., a body flatgrad can differentiate)";
  }

  private boolean sameParameterTypes(ExecutableElement a, ExecutableElement b) {
    if (a.getParameters().size() != b.getParameters().size()) {
      return false;
    }
    for (int i = 0; i < a.getParameters().size(); i++) {
      TypeMirror x = types.erasure(a.getParameters().get(i).asType());
      TypeMirror y = types.erasure(b.getParameters().get(i).asType());
      if (!types.isSameType(x, y)) {
        return false;
      }
    }
    return true;
  }

  private static String parameterTypes(ExecutableElement method) {
    return method.getParameters().stream().map(p -> p.asType().toString())
        .collect(Collectors.joining(", "));
  }

  private static String key(TypeElement owner, String name, int arity) {
    return owner.getQualifiedName() + "#" + name + "/" + arity;
  }
}
