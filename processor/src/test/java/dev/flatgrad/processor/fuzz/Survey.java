package dev.flatgrad.processor.fuzz;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * A second annotation processor run next to flatgrad that only records every {@code
 * @Differentiable} method: where it is, its parameters, and which of them the contract says are
 * differentiated. The checks then know what to expect without trusting flatgrad's output.
 */
final class Survey extends AbstractProcessor {

  /** A {@code @Differentiable} method as javac saw it. */
  record MethodInfo(String topLevel, String binaryClass, String gradClass, String name,
      List<String> paramNames, List<String> paramTypes, List<Boolean> differentiated,
      boolean custom, boolean vector, boolean expectsSecondOrder) {

    int parameterCount() {
      return paramNames.size();
    }
  }

  private final List<MethodInfo> methods = new ArrayList<>();

  List<MethodInfo> methods() {
    return methods;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("dev.flatgrad.Differentiable");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement annotation =
        processingEnv.getElementUtils().getTypeElement("dev.flatgrad.Differentiable");
    if (annotation == null) {
      return false;
    }
    for (ExecutableElement method :
        ElementFilter.methodsIn(round.getElementsAnnotatedWith(annotation))) {
      if (!(method.getEnclosingElement() instanceof TypeElement owner)) {
        continue;
      }
      if (method.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID) {
        continue; // a helper that fills arrays: differentiated inside its callers only
      }
      Deque<String> names = new ArrayDeque<>();
      Element element = owner;
      while (element instanceof TypeElement) {
        names.addFirst(element.getSimpleName().toString());
        element = element.getEnclosingElement();
      }
      if (!(element instanceof PackageElement pkg)) {
        continue; // a local class: no contract for it
      }
      String packageName = pkg.getQualifiedName().toString();
      String prefix = packageName.isEmpty() ? "" : packageName + ".";
      List<String> paramNames = new ArrayList<>();
      List<String> paramTypes = new ArrayList<>();
      for (VariableElement parameter : method.getParameters()) {
        paramNames.add(parameter.getSimpleName().toString());
        paramTypes.add(parameter.asType().toString());
      }
      List<String> wrt = new ArrayList<>();
      boolean custom = false;
      for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
        if (!mirror.getAnnotationType().toString().equals("dev.flatgrad.Differentiable")) {
          continue;
        }
        for (var entry : mirror.getElementValues().entrySet()) {
          String key = entry.getKey().getSimpleName().toString();
          if (key.equals("wrt") && entry.getValue().getValue() instanceof List<?> values) {
            for (Object value : values) {
              wrt.add(String.valueOf(((AnnotationValue) value).getValue()));
            }
          } else if (key.equals("pullback")) {
            custom = !String.valueOf(entry.getValue().getValue()).isEmpty();
          }
        }
      }
      List<Boolean> differentiated = new ArrayList<>();
      for (int i = 0; i < paramNames.size(); i++) {
        String type = paramTypes.get(i);
        boolean differentiable = differentiable(method.getParameters().get(i).asType());
        differentiated.add(differentiable && (wrt.isEmpty() || wrt.contains(paramNames.get(i))));
      }
      boolean vector = method.getReturnType().toString().equals("double[]");
      // The generator says in the Javadoc when the contract promises a Hessian-vector product.
      String doc = processingEnv.getElementUtils().getDocComment(method);
      boolean expectsSecondOrder = doc != null && doc.contains(Generator.EXPECTS_SECOND_ORDER);
      methods.add(new MethodInfo(names.getFirst(),
          processingEnv.getElementUtils().getBinaryName(owner).toString(),
          prefix + String.join("_", names) + "Grad",
          method.getSimpleName().toString(), paramNames, paramTypes, differentiated, custom,
          vector, expectsSecondOrder));
    }
    return false;
  }

  /**
   * Whether a parameter of {@code type} is differentiable by the contract: double, double[],
   * double[][], or a record of those and such records (not one that contains itself, which
   * flatgrad reports).
   */
  static boolean differentiable(javax.lang.model.type.TypeMirror type) {
    return differentiable(type, new java.util.HashSet<>());
  }

  private static boolean differentiable(javax.lang.model.type.TypeMirror type,
      java.util.Set<String> enclosing) {
    String name = type.toString();
    if (name.equals("double") || name.equals("double[]") || name.equals("double[][]")) {
      return true;
    }
    if (!(type instanceof javax.lang.model.type.DeclaredType declared)
        || declared.asElement().getKind() != ElementKind.RECORD) {
      return false;
    }
    if (!enclosing.add(name)) {
      return false;
    }
    for (var component : ElementFilter.recordComponentsIn(
        declared.asElement().getEnclosedElements())) {
      if (!differentiable(component.asType(), enclosing)) {
        return false;
      }
    }
    enclosing.remove(name);
    return true;
  }

  static boolean isMethod(Element element) {
    return element.getKind() == ElementKind.METHOD;
  }
}
