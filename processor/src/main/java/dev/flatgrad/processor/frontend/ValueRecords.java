package dev.flatgrad.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.RecordType;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Which records a method may hold as values ({@code Complex}, {@code Vec3}): records declared in
 * the method's own source file (the generated class may depend on that file only), whose
 * components are numbers, booleans or such records, made with their implicit canonical
 * constructor. Their methods, read from source, are translated where they are called ({@link
 * RecordValues}), so the record class itself never appears in generated code.
 */
final class ValueRecords {

  private final Trees trees;
  private final Elements elements;
  private final CompilationUnitTree unit;
  private final Map<TypeElement, RecordType> shapes = new HashMap<>();

  ValueRecords(Trees trees, Elements elements, CompilationUnitTree unit) {
    this.trees = trees;
    this.elements = elements;
    this.unit = unit;
  }

  /**
   * The type {@code type} names, if it is one a body may hold as a value: a record, or a small
   * class (no superclass, not abstract, not an inner class), declared in this source file.
   */
  Optional<TypeElement> record(TypeMirror type) {
    if (type == null || type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    boolean valueType = element.getKind() == ElementKind.RECORD || isSmallClass(element);
    return valueType && inThisFile(element) ? Optional.of(element) : Optional.empty();
  }

  private static boolean isSmallClass(TypeElement type) {
    return type.getKind() == ElementKind.CLASS
        && !type.getModifiers().contains(Modifier.ABSTRACT)
        && (type.getNestingKind() == javax.lang.model.element.NestingKind.TOP_LEVEL
            || type.getNestingKind() == javax.lang.model.element.NestingKind.MEMBER
                && type.getModifiers().contains(Modifier.STATIC))
        && type.getSuperclass().toString().equals("java.lang.Object")
        && type.getInterfaces().isEmpty()
        && !instanceFields(type).isEmpty();
  }

  /** The instance fields of a small class, in declaration order. */
  static List<VariableElement> instanceFields(TypeElement type) {
    return ElementFilter.fieldsIn(type.getEnclosedElements()).stream()
        .filter(field -> !field.getModifiers().contains(Modifier.STATIC))
        .toList();
  }

  /**
   * Whether objects of {@code type} change after they are made: a class with a field that is not
   * final. Such an object is held where it was made and may not be shared by a second variable.
   */
  static boolean isMutable(TypeElement type) {
    return type.getKind() == ElementKind.CLASS && instanceFields(type).stream()
        .anyMatch(field -> !field.getModifiers().contains(Modifier.FINAL));
  }

  /** The type of the component or field {@code name} of {@code owner}, if it has one. */
  static Optional<TypeMirror> fieldType(TypeElement owner, String name) {
    if (owner.getKind() == ElementKind.RECORD) {
      return ElementFilter.recordComponentsIn(owner.getEnclosedElements()).stream()
          .filter(component -> component.getSimpleName().contentEquals(name))
          .findFirst().map(Element::asType);
    }
    return instanceFields(owner).stream()
        .filter(field -> field.getSimpleName().contentEquals(name))
        .findFirst().map(Element::asType);
  }

  /**
   * The constructors of {@code type} written in its source, which are translated where an object
   * is made; empty for a record made by its implicit canonical constructor.
   */
  List<ExecutableElement> writtenConstructors(TypeElement type) {
    return ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .filter(constructor -> elements.getOrigin(constructor) == Elements.Origin.EXPLICIT
            || type.getKind() == ElementKind.CLASS)
        .toList();
  }

  /** Whether {@code element}'s source is in the file being translated. */
  boolean inThisFile(Element element) {
    TreePath path = trees.getPath(element);
    return path != null && path.getCompilationUnit() == unit;
  }

  /**
   * The numbers inside {@code record}, however deep; an error at {@code where} if it cannot be
   * held as a value.
   */
  RecordType shape(TypeElement record, Tree where) {
    RecordType known = shapes.get(record);
    if (known == null) {
      known = read(record, where, new ArrayList<>());
      shapes.put(record, known);
    }
    return known;
  }

  private RecordType read(TypeElement record, Tree where, List<TypeElement> enclosing) {
    String name = record.getSimpleName().toString();
    if (!record.getTypeParameters().isEmpty()) {
      throw new Unsupported(where, name + " is generic; a record or small class held as a value"
          + " in a @Differentiable method has fields of primitive types or such types");
    }
    if (enclosing.contains(record)) {
      throw new Unsupported(where, name + " contains itself");
    }
    enclosing.add(record);
    List<RecordType.Component> components = new ArrayList<>();
    List<? extends Element> fields = record.getKind() == ElementKind.RECORD
        ? ElementFilter.recordComponentsIn(record.getEnclosedElements())
        : instanceFields(record);
    for (Element field : fields) {
      String fieldName = field.getSimpleName().toString();
      TypeMirror type = field.asType();
      Type primitive = type.getKind().isPrimitive() ? DataTypes.primitive(type.getKind()) : null;
      Optional<TypeElement> inner = record(type);
      if (primitive != null) {
        components.add(new RecordType.Component(fieldName, primitive, null));
      } else if (inner.isPresent()) {
        components.add(new RecordType.Component(fieldName, null,
            read(inner.get(), where, enclosing)));
      } else {
        throw new Unsupported(where, (record.getKind() == ElementKind.RECORD ? "component "
            : "field ") + fieldName + " of " + name + " has type " + type + "; a record or small"
            + " class held as a value in a @Differentiable method has fields of primitive types"
            + " or such types of this file (records holding arrays are supported as"
            + " parameters)");
      }
    }
    enclosing.remove(record);
    return new RecordType(Constants.classId(record), components);
  }

  /**
   * The methods of {@code owner} (its own, not inherited) named {@code name} taking {@code
   * arity} arguments.
   */
  static List<ExecutableElement> methods(TypeElement owner, String name, int arity) {
    return ElementFilter.methodsIn(owner.getEnclosedElements()).stream()
        .filter(method -> method.getSimpleName().contentEquals(name)
            && method.getParameters().size() == arity && !method.isVarArgs())
        .toList();
  }

  /**
   * The methods of {@code owner}, its own and inherited ones, named {@code name} taking {@code
   * arity} arguments.
   */
  List<ExecutableElement> allMethods(TypeElement owner, String name, int arity) {
    return ElementFilter.methodsIn(elements.getAllMembers(owner)).stream()
        .filter(method -> method.getSimpleName().contentEquals(name)
            && method.getParameters().size() == arity && !method.isVarArgs())
        .toList();
  }

  /**
   * Whether {@code method} is a record component's accessor as Java declares it implicitly:
   * reading it is reading the component.
   */
  boolean isImplicitAccessor(ExecutableElement method) {
    // Java declares it without source; an accessor the record declares itself is a method.
    return method.getParameters().isEmpty()
        && method.getEnclosingElement().getKind() == ElementKind.RECORD
        && trees.getTree(method) == null
        && ElementFilter.recordComponentsIn(method.getEnclosingElement().getEnclosedElements())
            .stream().anyMatch(c -> c.getSimpleName().contentEquals(method.getSimpleName()));
  }

  /**
   * Reserves the names of the parameters and locals of every method {@link RecordValues} may
   * translate in place: the methods of this file's records, anonymous classes, abstract classes
   * and interfaces, and the methods of this file that take or return records or lambdas (but
   * the instance methods of {@code own}, the class of the method being read, which read its
   * fields as data). No other variable may take them.
   */
  void reserveNames(Names names, TypeElement own) {
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethod(MethodTree method, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        if (element instanceof ExecutableElement executable && involvesRecords(executable)
            && !(executable.getEnclosingElement().equals(own)
                && !executable.getModifiers().contains(Modifier.STATIC))) {
          method.getParameters().forEach(p -> names.reserve(p.getName().toString()));
          if (method.getBody() != null) {
            MethodReader.reserveLocalNames(method, names);
          }
        }
        return super.visitMethod(method, unused);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        lambda.getParameters().forEach(p -> names.reserve(p.getName().toString()));
        new TreeScanner<Void, Void>() {
          @Override
          public Void visitVariable(VariableTree variable, Void unused) {
            names.reserve(variable.getName().toString());
            return super.visitVariable(variable, unused);
          }
        }.scan(lambda.getBody(), null);
        return super.visitLambdaExpression(lambda, unused);
      }
    }.scan(unit, null);
  }

  private boolean involvesRecords(ExecutableElement method) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    // Anonymous classes' methods, and the ones they inherit, are translated in place too.
    boolean implemented = owner.getNestingKind() == javax.lang.model.element.NestingKind.ANONYMOUS
        || owner.getKind() == ElementKind.INTERFACE
        || owner.getModifiers().contains(Modifier.ABSTRACT);
    return implemented || record(owner.asType()).isPresent()
        || record(method.getReturnType()).isPresent()
        || method.getParameters().stream().anyMatch(p -> record(p.asType()).isPresent()
            || functionalMethod(p.asType()).isPresent());
  }

  /**
   * The one abstract method of the functional interface {@code type} ({@code applyAsDouble} of
   * {@code DoubleUnaryOperator}), if {@code type} is one whose method takes and returns
   * primitives or types held as values.
   */
  Optional<ExecutableElement> functionalMethod(TypeMirror type) {
    if (type == null || type.getKind() != TypeKind.DECLARED
        || ((DeclaredType) type).asElement().getKind() != ElementKind.INTERFACE
        || !((DeclaredType) type).getTypeArguments().isEmpty()) {
      return Optional.empty();
    }
    TypeElement owner = (TypeElement) ((DeclaredType) type).asElement();
    List<ExecutableElement> abstractMethods = ElementFilter.methodsIn(
        elements.getAllMembers(owner)).stream()
        .filter(method -> method.getModifiers().contains(Modifier.ABSTRACT)
            && method.getEnclosingElement().getKind() == ElementKind.INTERFACE)
        .toList();
    if (abstractMethods.size() != 1) {
      return Optional.empty();
    }
    ExecutableElement method = abstractMethods.get(0);
    boolean plain = method.getParameters().stream().allMatch(parameter ->
        parameter.asType().getKind().isPrimitive() || record(parameter.asType()).isPresent());
    TypeMirror returned = method.getReturnType();
    return plain && (returned.getKind().isPrimitive() || returned.getKind() == TypeKind.VOID
        || record(returned).isPresent()) ? Optional.of(method) : Optional.empty();
  }

  /** The declaration of {@code element} if it is in this file; else null. */
  Tree source(javax.lang.model.element.VariableElement element) {
    return inThisFile(element) ? trees.getTree(element) : null;
  }

  /** The source of {@code method} if it is in this file and has a body; else null. */
  MethodTree source(ExecutableElement method) {
    if (!inThisFile(method) || method.getModifiers().contains(Modifier.ABSTRACT)) {
      return null;
    }
    Tree tree = trees.getTree(method);
    return tree instanceof MethodTree methodTree && methodTree.getBody() != null
        ? methodTree
        : null;
  }
}
