package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.diag.Diagnostics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Parameters that leave the generated class no way to name a class it needs. One named like
 * the class ({@code double Tape}) makes the generated code write it in full, {@code
 * dev.flatgrad.Tape}; one named like that name's first part ({@code double dev}), in any method
 * of the class, then hides it there. Locals are renamed where they clash; parameters keep their
 * names in the generated methods, so the pair is an error on the first.
 */
final class HiddenRoots {

  /** The classes the generated code names wherever it needs, whatever the user wrote. */
  private static final Map<String, String> ALWAYS_NAMED = Map.of(
      "Tape", "dev.flatgrad.Tape", "Arguments", "dev.flatgrad.Arguments",
      "Gradients", "dev.flatgrad.Gradients", "Math", "java.lang.Math");

  /** Classes the generated code names where the user's method does. */
  private static final Map<String, String> NAMED_AS_WRITTEN = Map.of(
      "Activations", "dev.flatgrad.Activations", "StrictMath", "java.lang.StrictMath",
      "Double", "java.lang.Double", "Float", "java.lang.Float", "Integer", "java.lang.Integer",
      "Long", "java.lang.Long", "String", "java.lang.String", "Object", "java.lang.Object",
      "System", "java.lang.System");

  private HiddenRoots() {}

  /**
   * Reports each parameter of {@code method} named like a class that a parameter of a method
   * whose generated code names that class hides; {@code mentions} tells whether a method's body
   * names something.
   */
  static void report(ExecutableElement method, Elements elements,
      BiPredicate<ExecutableElement, String> mentions, Diagnostics diagnostics) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    PackageElement pack = elements.getPackageOf(owner);
    for (VariableElement parameter : method.getParameters()) {
      String name = parameter.getSimpleName().toString();
      String qualified = qualifiedName(name, pack);
      if (qualified == null) {
        continue;
      }
      String root = qualified.substring(0, qualified.indexOf('.'));
      for (ExecutableElement hiding : methodsWithParameter(owner, root)) {
        if (ALWAYS_NAMED.containsKey(name) || mentions.test(hiding, name)) {
          diagnostics.error(parameter, "the parameter " + name + " makes the generated class"
              + " write the class " + name + " in full, " + qualified + ", which the parameter "
              + root + " of " + hiding.getSimpleName() + " hides; rename one of them");
          break;
        }
      }
    }
  }

  /** The qualified name of the class {@code name} may name in generated code, if any. */
  private static String qualifiedName(String name, PackageElement pack) {
    if (ALWAYS_NAMED.containsKey(name)) {
      return ALWAYS_NAMED.get(name);
    }
    if (NAMED_AS_WRITTEN.containsKey(name)) {
      return NAMED_AS_WRITTEN.get(name);
    }
    if (pack.isUnnamed()) {
      return null;
    }
    for (Element type : pack.getEnclosedElements()) {
      String simple = type.getSimpleName().toString();
      if (name.equals(simple) || name.equals(simple + "Grad")) {
        return pack.getQualifiedName() + "." + name;
      }
    }
    return null;
  }

  private static List<ExecutableElement> methodsWithParameter(TypeElement owner,
      String parameterName) {
    List<ExecutableElement> found = new ArrayList<>();
    for (Element member : owner.getEnclosedElements()) {
      if (member.getKind() == ElementKind.METHOD) {
        ExecutableElement method = (ExecutableElement) member;
        if (method.getParameters().stream()
            .anyMatch(p -> p.getSimpleName().contentEquals(parameterName))) {
          found.add(method);
        }
      }
    }
    return found;
  }
}
