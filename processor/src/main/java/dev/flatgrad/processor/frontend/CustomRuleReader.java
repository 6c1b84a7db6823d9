package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.diag.Diagnostics;
import dev.flatgrad.processor.ir.CustomRule;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.TangentRule;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Reads a method with a custom derivative, {@code @Differentiable(pullback = "name")}, and checks
 * that the named pullback has the shape the generated code calls it with.
 */
final class CustomRuleReader {

  private final Diagnostics diagnostics;
  private final Types types;

  CustomRuleReader(Diagnostics diagnostics, Types types) {
    this.diagnostics = diagnostics;
    this.types = types;
  }

  Optional<CustomRule> read(ExecutableElement method, String pullbackName) {
    Optional<List<Parameter>> parameters =
        new SignatureReader(diagnostics).read(method, new Names());
    if (parameters.isEmpty()) {
      return Optional.empty();
    }
    if (parameters.get().stream().anyMatch(parameter -> parameter.field() != null)) {
      diagnostics.error(method, "a custom derivative of a method with a record parameter is not"
          + " supported; pass the record's arrays as parameters of their own");
      return Optional.empty();
    }
    if (SignatureReader.returnType(method).orElse(null) == Type.DOUBLE_ARRAY) {
      diagnostics.error(method, "a custom derivative of a method returning double[] is not"
          + " supported; let flatgrad differentiate its body");
      return Optional.empty();
    }
    AnnotationMirror annotation = SignatureReader.annotation(method);
    AnnotationValue value = SignatureReader.value(annotation, "pullback");
    Optional<TypeElement> hidden =
        CallResolver.privateEnclosingClass((TypeElement) method.getEnclosingElement());
    if (hidden.isPresent()) {
      // The generated class calls the method and its pullback from outside the class.
      diagnostics.error(method, "the generated code cannot call " + method.getSimpleName()
          + " and its pullback " + pullbackName + ": the class " + hidden.get().getSimpleName()
          + " is private; make it package-private");
      return Optional.empty();
    }
    String expected = expectedSignature(method, parameters.get(), pullbackName);
    List<ExecutableElement> candidates = ElementFilter.methodsIn(
            method.getEnclosingElement().getEnclosedElements()).stream()
        .filter(m -> m.getSimpleName().contentEquals(pullbackName))
        .toList();
    if (candidates.isEmpty()) {
      diagnostics.error(method, annotation, value, "the pullback " + pullbackName + " of "
          + method.getSimpleName() + " does not exist; declare " + expected);
      return Optional.empty();
    }
    ExecutableElement pullback = candidates.get(0);
    Optional<String> problem = problem(pullback, parameters.get());
    if (problem.isPresent()) {
      diagnostics.error(method, annotation, value, "the pullback " + pullbackName + " of "
          + method.getSimpleName() + " " + problem.get() + "; declare " + expected);
      return Optional.empty();
    }
    TangentRule tangent = null;
    String tangentName = SignatureReader.customTangent(method);
    if (!tangentName.isEmpty()) {
      tangent = new TangentRuleReader(diagnostics).read(method, parameters.get(), tangentName)
          .orElse(null);
      if (tangent == null) {
        return Optional.empty();
      }
    }
    return Optional.of(new CustomRule(method.getSimpleName().toString(), parameters.get(),
        pullbackName, tangent));
  }

  private Optional<String> problem(ExecutableElement pullback, List<Parameter> parameters) {
    if (!pullback.getModifiers().contains(Modifier.STATIC)
        || pullback.getModifiers().contains(Modifier.PRIVATE)) {
      return Optional.of("must be static and not private");
    }
    List<Type> expected = new ArrayList<>();
    parameters.forEach(parameter -> expected.add(parameter.type()));
    expected.add(Type.DOUBLE);
    parameters.stream()
        .filter(parameter -> parameter.differentiated() && parameter.type().isArray())
        .forEach(parameter -> expected.add(parameter.type()));
    Optional<String> mismatch = parameterMismatch(pullback, expected);
    if (mismatch.isPresent()) {
      return mismatch;
    }
    List<String> scalars = parameters.stream()
        .filter(parameter -> parameter.differentiated() && parameter.type() == Type.DOUBLE)
        .map(Parameter::name)
        .toList();
    TypeMirror result = pullback.getReturnType();
    if (scalars.isEmpty()) {
      return result.getKind() == TypeKind.DOUBLE
          ? Optional.empty()
          : Optional.of("must return double, the value");
    }
    List<String> components = recordComponents(result);
    List<String> wanted = new ArrayList<>(List.of("value"));
    wanted.addAll(scalars);
    return components.equals(wanted)
        ? Optional.empty()
        : Optional.of("must return a record with double components " + String.join(", ", wanted));
  }

  private List<String> recordComponents(TypeMirror type) {
    if (!(type instanceof DeclaredType declared)
        || declared.asElement().getKind() != ElementKind.RECORD) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (RecordComponentElement component :
        ((TypeElement) declared.asElement()).getRecordComponents()) {
      if (component.asType().getKind() != TypeKind.DOUBLE) {
        return List.of();
      }
      names.add(component.getSimpleName().toString());
    }
    return names;
  }

  private static String expectedSignature(ExecutableElement method, List<Parameter> parameters,
      String pullbackName) {
    List<String> declared = new ArrayList<>();
    parameters.forEach(p -> declared.add(p.type().javaName() + " " + p.name()));
    declared.add("double upstream");
    parameters.stream()
        .filter(p -> p.differentiated() && p.type().isArray())
        .forEach(p -> declared.add(p.type().javaName() + " grad_" + p.name()));
    boolean scalars = parameters.stream()
        .anyMatch(p -> p.differentiated() && p.type() == Type.DOUBLE);
    return "static " + (scalars ? "<record with value and the double gradients>" : "double")
        + " " + pullbackName + "(" + String.join(", ", declared) + ")";
  }

  /**
   * Why {@code method}'s parameters are not of the {@code expected} types, in order; empty if
   * they are. Shared by the pullback and tangent rules' checks.
   */
  static Optional<String> parameterMismatch(ExecutableElement method, List<Type> expected) {
    List<? extends VariableElement> actual = method.getParameters();
    if (actual.size() != expected.size()) {
      return Optional.of("has " + actual.size() + " parameters, not " + expected.size());
    }
    for (int i = 0; i < actual.size(); i++) {
      Optional<Type> type = SignatureReader.typeOf(actual.get(i));
      if (type.isEmpty() || type.get() != expected.get(i)) {
        return Optional.of("has parameter " + actual.get(i).getSimpleName() + " of type "
            + actual.get(i).asType() + " where " + expected.get(i).javaName() + " belongs");
      }
    }
    return Optional.empty();
  }
}
