package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.diag.Diagnostics;
import java.util.Map;
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

  /** The classes generated method bodies name, by their simple names. */
  private static final Map<String, String> NAMED = Map.ofEntries(
      Map.entry("Tape", "dev.flatgrad.Tape"), Map.entry("Arguments", "dev.flatgrad.Arguments"),
      Map.entry("Gradients", "dev.flatgrad.Gradients"),
      Map.entry("Activations", "dev.flatgrad.Activations"), Map.entry("Math", "java.lang.Math"),
      Map.entry("StrictMath", "java.lang.StrictMath"), Map.entry("Double", "java.lang.Double"),
      Map.entry("Float", "java.lang.Float"), Map.entry("Integer", "java.lang.Integer"),
      Map.entry("Long", "java.lang.Long"), Map.entry("String", "java.lang.String"),
      Map.entry("Object", "java.lang.Object"), Map.entry("System", "java.lang.System"),
      Map.entry("Arrays", "java.util.Arrays"));

  private HiddenRoots() {}

  /** Reports each parameter of {@code method} named like a class another parameter hides. */
  static void report(ExecutableElement method, Elements elements, Diagnostics diagnostics) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    PackageElement pack = elements.getPackageOf(owner);
    for (VariableElement parameter : method.getParameters()) {
      String name = parameter.getSimpleName().toString();
      String qualified = qualifiedName(name, pack);
      if (qualified == null) {
        continue;
      }
      String root = qualified.substring(0, qualified.indexOf('.'));
      ExecutableElement hiding = methodWithParameter(owner, root);
      if (hiding != null) {
        diagnostics.error(parameter, "the parameter " + name + " makes the generated class"
            + " write the class " + name + " in full, " + qualified + ", which the parameter "
            + root + " of " + hiding.getSimpleName() + " hides; rename one of them");
      }
    }
  }

  /** The qualified name of the class {@code name} names in generated code, if it is one. */
  private static String qualifiedName(String name, PackageElement pack) {
    if (NAMED.containsKey(name)) {
      return NAMED.get(name);
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

  private static ExecutableElement methodWithParameter(TypeElement owner, String parameterName) {
    for (Element member : owner.getEnclosedElements()) {
      if (member.getKind() == ElementKind.METHOD) {
        ExecutableElement method = (ExecutableElement) member;
        for (VariableElement parameter : method.getParameters()) {
          if (parameter.getSimpleName().contentEquals(parameterName)) {
            return method;
          }
        }
      }
    }
    return null;
  }
}
