package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.diag.Diagnostics;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.TangentRule;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;

/**
 * Checks a custom rule's tangent rule, {@code @Differentiable(tangent = "name")}: a static,
 * non-private {@code @Differentiable} method of the same class taking the rule's parameters,
 * then one direction per differentiated parameter (same types, same order), returning {@code
 * double}, and differentiated with respect to at least the parameters standing for the rule's
 * differentiated ones. A mismatch is an error on the annotation's {@code tangent} value, giving
 * the expected declaration.
 */
final class TangentRuleReader {

  private final Diagnostics diagnostics;

  TangentRuleReader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  Optional<TangentRule> read(ExecutableElement method, List<Parameter> parameters,
      String tangentName) {
    AnnotationMirror annotation = SignatureReader.annotation(method);
    AnnotationValue value = SignatureReader.value(annotation, "tangent");
    List<Type> expected = new ArrayList<>();
    parameters.forEach(parameter -> expected.add(parameter.type()));
    parameters.stream().filter(Parameter::differentiated)
        .forEach(parameter -> expected.add(parameter.type()));
    String declaration = declaration(parameters, tangentName);
    List<ExecutableElement> candidates = ElementFilter.methodsIn(
            method.getEnclosingElement().getEnclosedElements()).stream()
        .filter(m -> m.getSimpleName().contentEquals(tangentName))
        .toList();
    if (candidates.isEmpty()) {
      diagnostics.error(method, annotation, value, "the tangent rule " + tangentName + " of "
          + method.getSimpleName() + " does not exist; declare " + declaration);
      return Optional.empty();
    }
    ExecutableElement tangent = candidates.stream()
        .filter(m -> m.getParameters().size() == expected.size())
        .findFirst().orElse(candidates.get(0));
    Optional<String> problem = problem(tangent, parameters, expected);
    if (problem.isPresent()) {
      diagnostics.error(method, annotation, value, "the tangent rule " + tangentName + " of "
          + method.getSimpleName() + " " + problem.get() + "; declare " + declaration);
      return Optional.empty();
    }
    Set<String> wrt = SignatureReader.wrtNames(tangent);
    List<String> names = tangent.getParameters().stream()
        .map(p -> p.getSimpleName().toString()).toList();
    List<Boolean> differentiated = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      boolean differentiable = SignatureReader.typeOf(tangent.getParameters().get(i))
          .map(Type::isDifferentiable).orElse(false);
      differentiated.add(differentiable && wrt.contains(names.get(i)));
    }
    return Optional.of(new TangentRule(tangentName, names, differentiated));
  }

  private static Optional<String> problem(ExecutableElement tangent, List<Parameter> parameters,
      List<Type> expected) {
    if (!tangent.getModifiers().contains(Modifier.STATIC)
        || tangent.getModifiers().contains(Modifier.PRIVATE)) {
      return Optional.of("must be static and not private");
    }
    Optional<String> mismatch = CustomRuleReader.parameterMismatch(tangent, expected);
    if (mismatch.isPresent()) {
      return mismatch;
    }
    if (tangent.getReturnType().getKind() != TypeKind.DOUBLE) {
      return Optional.of("must return double, the derivative along the direction");
    }
    if (SignatureReader.annotation(tangent) == null) {
      return Optional.of("must be @Differentiable: its derivative is the Hessian times the"
          + " direction");
    }
    Set<String> wrt = SignatureReader.wrtNames(tangent);
    for (int i = 0; i < parameters.size(); i++) {
      String name = tangent.getParameters().get(i).getSimpleName().toString();
      if (parameters.get(i).differentiated() && !wrt.contains(name)) {
        return Optional.of("must be differentiated with respect to " + name);
      }
    }
    return Optional.empty();
  }

  private static String declaration(List<Parameter> parameters, String tangentName) {
    List<String> declared = new ArrayList<>();
    parameters.forEach(p -> declared.add(p.type().javaName() + " " + p.name()));
    parameters.stream().filter(Parameter::differentiated)
        .forEach(p -> declared.add(p.type().javaName() + " dot_" + p.name()));
    String wrt = parameters.stream().filter(Parameter::differentiated)
        .map(p -> "\"" + p.name() + "\"").collect(Collectors.joining(", "));
    return "@Differentiable(wrt = {" + wrt + "}) static double " + tangentName + "("
        + String.join(", ", declared) + ")";
  }
}
