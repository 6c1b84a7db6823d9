package dev.flatgrad.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Resolves the names a method body uses, the way javac would: type names through enclosing
 * classes, imports, the package and {@code java.lang}; unqualified fields and methods through
 * enclosing classes and static imports.
 *
 * <p>The processor runs before javac attributes method bodies, so nothing in a body is resolved
 * yet; flatgrad's subset is small enough to resolve here by the language's own rules.
 */
final class Symbols {

  private final Elements elements;
  private final TypeElement enclosingClass;
  /** The classes of the methods being translated in place, innermost first. */
  private final java.util.Deque<TypeElement> contexts = new java.util.ArrayDeque<>();
  private final String packageName;
  private final List<String> singleTypeImports = new ArrayList<>();
  private final List<String> onDemandImports = new ArrayList<>();
  private final List<String> singleStaticImports = new ArrayList<>();
  private final List<String> onDemandStaticImports = new ArrayList<>();
  /**
   * The members of each class asked about: javac builds them anew on every request, and a body
   * of thousands of {@code Math} calls asks for the same few classes thousands of times.
   */
  private final Map<TypeElement, List<? extends Element>> members = new HashMap<>();
  /** What each type name means, by the class whose code names it. */
  private final Map<TypeElement, Map<String, Optional<TypeElement>>> types = new HashMap<>();

  Symbols(Elements elements, CompilationUnitTree unit, TypeElement enclosingClass) {
    this.elements = elements;
    this.enclosingClass = enclosingClass;
    this.packageName = elements.getPackageOf(enclosingClass).getQualifiedName().toString();
    for (ImportTree importTree : unit.getImports()) {
      String name = importTree.getQualifiedIdentifier().toString();
      boolean onDemand = name.endsWith(".*");
      String stem = onDemand ? name.substring(0, name.length() - 2) : name;
      if (importTree.isStatic()) {
        (onDemand ? onDemandStaticImports : singleStaticImports).add(stem);
      } else {
        (onDemand ? onDemandImports : singleTypeImports).add(stem);
      }
    }
  }

  /** The class whose method is being read. */
  TypeElement enclosingClass() {
    return context();
  }

  /**
   * Runs {@code body} with names resolved as in the body of {@code type}: a method of {@code
   * type} (a record's, a small class's) is being translated where it is called, and its names
   * mean what they mean there ({@code EPS}, {@code sq(x)} of the record).
   */
  <T> T within(TypeElement type, java.util.function.Supplier<T> body) {
    contexts.push(type);
    try {
      return body.get();
    } finally {
      contexts.pop();
    }
  }

  /** {@link #within(TypeElement, java.util.function.Supplier)} for code with no result. */
  void within(TypeElement type, Runnable body) {
    within(type, () -> {
      body.run();
      return null;
    });
  }

  /** The class whose code is being read: the method's, or that of a method translated in it. */
  private TypeElement context() {
    return contexts.isEmpty() ? enclosingClass : contexts.peek();
  }

  /** The class a possibly qualified type name such as {@code Math} or {@code a.b.C.D} means. */
  Optional<TypeElement> type(String dottedName) {
    return types.computeIfAbsent(context(), context -> new HashMap<>())
        .computeIfAbsent(dottedName, this::resolveType);
  }

  private Optional<TypeElement> resolveType(String dottedName) {
    String[] parts = dottedName.split("\\.");
    Optional<TypeElement> type = simpleType(parts[0]);
    int next = 1;
    if (type.isEmpty()) {
      // Not a simple type name: the longest prefix that is a canonical class name.
      for (int end = parts.length; end > 1 && type.isEmpty(); end--) {
        type = Optional.ofNullable(
            elements.getTypeElement(String.join(".", List.of(parts).subList(0, end))));
        next = end;
      }
    }
    for (int i = next; i < parts.length && type.isPresent(); i++) {
      type = memberType(type.get(), parts[i]);
    }
    return type;
  }

  /** Whether some enclosing class declares or inherits a method of this name. */
  boolean isOwnMethod(String name) {
    for (TypeElement type = context(); type != null; type = outerClass(type)) {
      for (ExecutableElement method : ElementFilter.methodsIn(members(type))) {
        if (method.getSimpleName().contentEquals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The methods named {@code name} of the innermost enclosing class that has any. */
  List<ExecutableElement> ownMethods(String name) {
    for (TypeElement type = context(); type != null; type = outerClass(type)) {
      List<ExecutableElement> methods = methods(type, name);
      if (!methods.isEmpty()) {
        return methods;
      }
    }
    return List.of();
  }

  /** The class that a static import brings the method {@code name} from, if one does. */
  Optional<TypeElement> staticallyImportedMethodOwner(String name) {
    return staticImportOwner(name, ElementKind.METHOD);
  }

  /** The field an unqualified name means: a field of an enclosing class, or a static import. */
  Optional<VariableElement> field(String name) {
    for (TypeElement type = context(); type != null; type = outerClass(type)) {
      Optional<VariableElement> field = field(type, name);
      if (field.isPresent()) {
        return field;
      }
    }
    return staticImportOwner(name, ElementKind.FIELD).flatMap(owner -> field(owner, name));
  }

  /** The field a name or {@code Owner.NAME} written in a body reads ({@code Kind.PUT}). */
  Optional<VariableElement> field(ExpressionTree tree) {
    if (tree instanceof IdentifierTree identifier) {
      return field(identifier.getName().toString());
    }
    if (tree instanceof MemberSelectTree select) {
      return type(select.getExpression().toString())
          .flatMap(owner -> field(owner, select.getIdentifier().toString()));
    }
    return Optional.empty();
  }

  /** The field {@code name} of {@code type}, declared or inherited. */
  Optional<VariableElement> field(TypeElement type, String name) {
    return ElementFilter.fieldsIn(members(type)).stream()
        .filter(field -> field.getSimpleName().contentEquals(name))
        .findFirst();
  }

  private Optional<TypeElement> simpleType(String name) {
    for (TypeElement type = context(); type != null; type = outerClass(type)) {
      if (type.getSimpleName().contentEquals(name)) {
        return Optional.of(type);
      }
      Optional<TypeElement> member = memberType(type, name);
      if (member.isPresent()) {
        return member;
      }
    }
    for (String imported : singleTypeImports) {
      if (imported.endsWith("." + name)) {
        return Optional.ofNullable(elements.getTypeElement(imported));
      }
    }
    List<String> candidates = new ArrayList<>();
    candidates.add(packageName.isEmpty() ? name : packageName + "." + name);
    onDemandImports.forEach(stem -> candidates.add(stem + "." + name));
    candidates.add("java.lang." + name);
    for (String candidate : candidates) {
      TypeElement type = elements.getTypeElement(candidate);
      if (type != null) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  private Optional<TypeElement> memberType(TypeElement owner, String name) {
    return ElementFilter.typesIn(members(owner)).stream()
        .filter(type -> type.getSimpleName().contentEquals(name))
        .findFirst();
  }

  private Optional<TypeElement> staticImportOwner(String member, ElementKind kind) {
    for (String imported : singleStaticImports) {
      if (imported.endsWith("." + member)) {
        String owner = imported.substring(0, imported.length() - member.length() - 1);
        return Optional.ofNullable(elements.getTypeElement(owner));
      }
    }
    for (String stem : onDemandStaticImports) {
      TypeElement owner = elements.getTypeElement(stem);
      if (owner != null && hasMember(owner, member, kind)) {
        return Optional.of(owner);
      }
    }
    return Optional.empty();
  }

  private boolean hasMember(TypeElement owner, String name, ElementKind kind) {
    for (Element member : members(owner)) {
      if (member.getKind() == kind && member.getSimpleName().contentEquals(name)) {
        return true;
      }
    }
    return false;
  }

  /** The methods named {@code name} that {@code type} declares or inherits. */
  List<ExecutableElement> methods(TypeElement type, String name) {
    return ElementFilter.methodsIn(members(type)).stream()
        .filter(method -> method.getSimpleName().contentEquals(name))
        .toList();
  }

  /** The members {@code type} declares or inherits. */
  List<? extends Element> members(TypeElement type) {
    return members.computeIfAbsent(type, elements::getAllMembers);
  }

  private static TypeElement outerClass(TypeElement type) {
    Element enclosing = type.getEnclosingElement();
    while (enclosing != null && !(enclosing instanceof TypeElement)) {
      if (enclosing.getKind() == ElementKind.PACKAGE) {
        return null;
      }
      enclosing = enclosing.getEnclosingElement();
    }
    return (TypeElement) enclosing;
  }
}
