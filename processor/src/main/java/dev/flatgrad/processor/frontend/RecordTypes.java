package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.ir.RecordType;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Reads the record type of a parameter: a record whose components are doubles, arrays of
 * doubles, int and boolean data, or such records. Anything else is a problem to report, with
 * what to change.
 */
final class RecordTypes {

  /** Why a type is not a supported record: thrown while reading, caught by the caller. */
  static final class Problem extends Exception {
    Problem(String message) {
      super(message, null, false, false);
    }
  }

  private RecordTypes() {}

  /** Whether {@code type} is a record class at all. */
  static boolean isRecord(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((DeclaredType) type).asElement().getKind() == ElementKind.RECORD;
  }

  /** The record type of {@code type}, which {@link #isRecord} accepted. */
  static RecordType read(TypeMirror type) throws Problem {
    return read((DeclaredType) type, new HashSet<>());
  }

  private static RecordType read(DeclaredType type, Set<String> enclosing) throws Problem {
    TypeElement record = (TypeElement) type.asElement();
    String name = record.getQualifiedName().toString();
    if (!type.getTypeArguments().isEmpty()) {
      throw new Problem("the record " + name + " is generic; flatgrad supports records whose"
          + " components are double, double[], double[][], int, int[], boolean, boolean[] or"
          + " such records");
    }
    for (Element element = record; element instanceof TypeElement;
        element = element.getEnclosingElement()) {
      if (element.getModifiers().contains(Modifier.PRIVATE)) {
        throw new Problem("the record " + name + " is private, but the generated class must"
            + " name it; make it package-private");
      }
      if (element.getEnclosingElement().getKind() == ElementKind.METHOD) {
        throw new Problem("the record " + name + " is local to a method, but the generated"
            + " class must name it; declare it in a class");
      }
    }
    if (!enclosing.add(name)) {
      throw new Problem("the record " + name + " contains itself");
    }
    List<RecordType.Component> components = new ArrayList<>();
    for (RecordComponentElement component :
        ElementFilter.recordComponentsIn(record.getEnclosedElements())) {
      String componentName = component.getSimpleName().toString();
      TypeMirror componentType = component.asType();
      Optional<Type> value = SignatureReader.valueType(componentType);
      if (value.isPresent()) {
        components.add(new RecordType.Component(componentName, value.get(), null));
      } else if (isRecord(componentType)) {
        components.add(new RecordType.Component(componentName, null,
            read((DeclaredType) componentType, enclosing)));
      } else {
        throw new Problem("component " + componentName + " of the record " + name + " has type "
            + componentType + "; record components must be double, double[], double[][], int,"
            + " int[], boolean, boolean[] or such records");
      }
    }
    enclosing.remove(name);
    if (components.isEmpty()) {
      throw new Problem("the record " + name + " has no components");
    }
    return new RecordType(Constants.classId(record), components);
  }
}
