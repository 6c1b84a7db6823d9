package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.diag.Diagnostics;
import dev.flatgrad.processor.ir.ClassId;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Reads a method's {@code throws} clause: the generated methods declare the same exceptions, so
 * they must be able to name each one from the generated class.
 */
final class ThrowsClause {

  private ThrowsClause() {}

  /** The declared exception classes; each one the generated class cannot name is reported. */
  static List<ClassId> read(ExecutableElement method, Elements elements,
      Diagnostics diagnostics) {
    String generatedPackage = elements.getPackageOf(method).getQualifiedName().toString();
    List<ClassId> thrown = new ArrayList<>();
    for (TypeMirror type : method.getThrownTypes()) {
      if (type.getKind() != TypeKind.DECLARED) {
        diagnostics.error(method, "@Differentiable method " + method.getSimpleName()
            + " throws the type variable " + type + "; declare the exception classes it throws");
        continue;
      }
      TypeElement exception = (TypeElement) ((DeclaredType) type).asElement();
      if (!isAccessible(exception, generatedPackage, elements)) {
        diagnostics.error(method, "@Differentiable method " + method.getSimpleName()
            + " throws " + exception.getQualifiedName() + ", which the generated class cannot"
            + " name; make it package-private or public");
        continue;
      }
      thrown.add(Constants.classId(exception));
    }
    return thrown;
  }

  /** Whether code in {@code fromPackage} can name {@code type}: no private class on its way. */
  static boolean isAccessible(TypeElement type, String fromPackage, Elements elements) {
    boolean samePackage =
        elements.getPackageOf(type).getQualifiedName().contentEquals(fromPackage);
    for (Element element = type; !(element instanceof PackageElement);
        element = element.getEnclosingElement()) {
      if (!(element instanceof TypeElement)) {
        return false; // a local class
      }
      if (element.getModifiers().contains(Modifier.PRIVATE)
          || !samePackage && !element.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }
}
