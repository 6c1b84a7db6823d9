package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOperator;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Translates reads of fields as data: static fields of any class ({@code Math.PI}, a coefficient
 * table {@code P}, a mutable setting, read when the method runs) and, in an instance method, the
 * receiver's fields ({@code self.mu}). The generated code names a field where it can read it;
 * it inlines a private compile-time constant, and reads its own copy of any other private
 * static final field ({@link FieldCopies}). An array field is read once, into a local at the
 * top of the body ({@code double[] P = Gamma.P;}), which element reads then index.
 */
final class Constants {

  private static final ClassId DOUBLE_CLASS = new ClassId("java.lang", List.of("Double"));
  private static final ClassId FLOAT_CLASS = new ClassId("java.lang", List.of("Float"));

  private final Symbols symbols;
  private final Elements elements;
  private final String generatedPackage;
  private final FieldCopies copies;
  /** Null where array fields cannot be read into locals: in a copied field's initializer. */
  private final Names names;
  /** An instance method's {@code self}, or null. */
  private final Variable receiver;
  private final TypeElement receiverClass;
  private final Map<Object, Variable> hoisted = new LinkedHashMap<>();
  private final List<Stmt> hoistedStatements = new ArrayList<>();

  Constants(Symbols symbols, Elements elements, String generatedPackage, FieldCopies copies,
      Names names, Variable receiver, TypeElement receiverClass) {
    this.symbols = symbols;
    this.elements = elements;
    this.generatedPackage = generatedPackage;
    this.copies = copies;
    this.names = names;
    this.receiver = receiver;
    this.receiverClass = receiverClass;
  }

  /** The statements reading array fields into locals, to run first in the body. */
  List<Stmt> hoisted() {
    return List.copyOf(hoistedStatements);
  }

  /** An instance method's receiver, or null in a static method. */
  Variable receiver() {
    return receiver;
  }

  /** Whether {@code member} is declared or inherited by the receiver's class. */
  boolean isReceiverMember(Element member) {
    return receiverClass != null && symbols.members(receiverClass).contains(member);
  }

  /** A plain name that is not a local variable: a field of the class or a static import. */
  Expr unqualified(IdentifierTree identifier) {
    String name = identifier.getName().toString();
    VariableElement field = symbols.field(name).orElseThrow(() ->
        new Unsupported(identifier, "cannot find symbol: variable " + name));
    return read(field, identifier);
  }

  /** Whether a plain name that is not a local variable names a field, whatever its kind. */
  boolean isField(String name) {
    return symbols.field(name).isPresent();
  }

  /** Whether {@code tree}, which is no local variable, names a field: {@code P}, {@code C.P}. */
  boolean namesField(ExpressionTree tree) {
    if (tree instanceof MemberSelectTree select
        && select.getExpression().toString().equals("this")) {
      return receiverClass != null
          && symbols.field(receiverClass, select.getIdentifier().toString()).isPresent();
    }
    return symbols.field(tree).isPresent();
  }

  /** Whether {@code tree} names an enum constant: {@code Mode.LO}, or {@code LO} imported. */
  boolean namesEnumConstant(ExpressionTree tree) {
    return symbols.field(tree)
        .filter(found -> found.getKind() == ElementKind.ENUM_CONSTANT).isPresent();
  }

  /** {@code Owner.NAME}, such as {@code Math.PI}, or {@code this.mu}. */
  Expr qualified(MemberSelectTree select) {
    String qualifier = select.getExpression().toString();
    String name = select.getIdentifier().toString();
    if (qualifier.equals("this") && receiverClass != null) {
      VariableElement field = symbols.field(receiverClass, name).orElseThrow(() ->
          new Unsupported(select, "cannot find symbol: variable " + name));
      return read(field, select);
    }
    TypeElement owner = symbols.type(qualifier).orElseThrow(() -> new Unsupported(select,
        "'" + select + "' is not supported: a @Differentiable method reads only its"
            + " parameters, its locals and fields"));
    VariableElement field = symbols.field(owner, name).orElseThrow(() ->
        new Unsupported(select, "cannot find symbol: variable " + name + " in "
            + owner.getSimpleName()));
    return read(field, select);
  }

  /** The enum a type written in a body names ({@code Mode}, {@code Option.Kind}), if it is one. */
  Optional<ClassId> enumType(Tree typeTree) {
    if (!(typeTree instanceof IdentifierTree) && !(typeTree instanceof MemberSelectTree)) {
      return Optional.empty();
    }
    return symbols.type(typeTree.toString())
        .filter(type -> type.getKind() == ElementKind.ENUM)
        .map(Constants::classId);
  }

  private Expr read(VariableElement field, Tree use) {
    String name = field.getSimpleName().toString();
    if (field.getKind() == ElementKind.ENUM_CONSTANT) {
      // Mode.FAST: by name, from the enum itself, whatever the caller's access to fields.
      return new Expr.Constant(classId(owner(field)), name, Type.ENUM);
    }
    Type type = SignatureReader.typeOf(field).orElseThrow(() -> new Unsupported(use,
        "the field " + name + " has type " + field.asType() + "; fields read as data must be"
            + " of a primitive type, String or an enum, or arrays of double, int or boolean"
            + " (double[][] too)"));
    if (type == Type.ENUM) {
      throw new Unsupported(use, "the field " + name + " holds an enum value; flatgrad reads"
          + " enum constants (Mode.FAST) but not other fields of enum type: pass its value in"
          + " as a parameter");
    }
    if (!field.getModifiers().contains(Modifier.STATIC)) {
      return instanceField(field, type, use);
    }
    if (isAccessibleFromGeneratedCode(field)) {
      // A mutable field is read by name too: its value at the time of the call.
      return hoist(field, new Expr.Constant(classId(owner(field)), name, type,
          constantValue(field)));
    }
    if (!field.getModifiers().contains(Modifier.FINAL)) {
      if (canReadThroughHandle(field, type)) {
        return readThroughHandle(field, null, type);
      }
      throw new Unsupported(use, "the generated class cannot read the private mutable static"
          + " field " + name + "; make it package-private, or pass its value in as a"
          + " parameter");
    }
    Object value = field.getConstantValue();
    if (value != null && !type.isArray()) {
      return literal(value, type);
    }
    String copy;
    try {
      copy = copies.copy(field, use);
    } catch (Unsupported problem) {
      // Computed at run time (a table a static block fills): the user's own field.
      if (canReadThroughHandle(field, type)) {
        return readThroughHandle(field, null, type);
      }
      throw problem;
    }
    return hoist(field, new Expr.Constant(copies.gradClass(), copy, type));
  }

  /**
   * Whether the body may read the private {@code field} through a handle: a body (not a copied
   * initializer, which has no locals to read it into) of a class in the same file as the field,
   * whose type the generated code can name.
   */
  private boolean canReadThroughHandle(VariableElement field, Type type) {
    return names != null && FieldCopies.nameable(type) && FieldCopies.outermost(owner(field))
            .equals(FieldCopies.outermost(copies.methodClass()))
        && CallResolver.privateEnclosingClass(owner(field)).isEmpty();
  }

  /** The private {@code field} of {@code object} (null for a static one), read once, first. */
  private Expr readThroughHandle(VariableElement field, Variable object, Type type) {
    Expr read = new Expr.FieldHandle(object, copies.gradClass(), copies.handle(field), type);
    Variable local = hoisted.computeIfAbsent(field, f -> {
      Variable variable = new Variable(names.fresh(field.getSimpleName().toString()), type,
          Variable.Kind.LOCAL, null);
      hoistedStatements.add(new Stmt.Assign(variable, read, true));
      return variable;
    });
    return new Expr.Ref(local);
  }

  /** A field of the receiver, read through {@code self}. */
  private Expr instanceField(VariableElement field, Type type, Tree use) {
    String name = field.getSimpleName().toString();
    if (receiver == null) {
      throw new Unsupported(use, "the instance field " + name + " cannot be read from a static"
          + " method; pass its value as a parameter");
    }
    if (!isReceiverMember(field)) {
      throw new Unsupported(use, "the field " + name + " belongs to an enclosing instance, not"
          + " to the receiver of this method; pass its value as a parameter");
    }
    if (isAccessibleFromGeneratedCode(field)) {
      return hoist(field, new Expr.Field(receiver, name, type, false));
    }
    if (hasPlainAccessor(field)) {
      return hoist(field, new Expr.Field(receiver, name, type, true));
    }
    if (canReadThroughHandle(field, type)) {
      return readThroughHandle(field, receiver, type);
    }
    throw new Unsupported(use, "the generated class cannot read the private field " + name
        + " of " + receiverClass.getSimpleName() + "; make the field package-private (its"
        + " value is read, never written)");
  }

  /** A record's component, whose accessor returns the field as it is. */
  private boolean hasPlainAccessor(VariableElement field) {
    Element owner = field.getEnclosingElement();
    if (owner.getKind() != ElementKind.RECORD) {
      return false;
    }
    for (RecordComponentElement component :
        ElementFilter.recordComponentsIn(owner.getEnclosedElements())) {
      if (component.getSimpleName().equals(field.getSimpleName())) {
        ExecutableElement accessor = component.getAccessor();
        return accessor != null && !accessor.getModifiers().contains(Modifier.PRIVATE)
            && copies.returnsFieldAsIs(accessor, field);
      }
    }
    return false;
  }

  /** Whether {@code value} is an array field's value, read into a local at the top of the body. */
  boolean isTable(Expr value) {
    return value instanceof Expr.Ref ref && isTable(ref.variable());
  }

  /** Whether {@code variable} holds an array field's value, read at the top of the body. */
  boolean isTable(Variable variable) {
    return hoisted.containsValue(variable);
  }

  /** An array field's value read once into a local at the top of the body; a scalar as is. */
  private Expr hoist(VariableElement field, Expr read) {
    if (!read.type().isArray()) {
      return read;
    }
    if (names == null) {
      throw new Unsupported(null, "it reads the array " + field.getSimpleName());
    }
    Variable local = hoisted.computeIfAbsent(field, f -> {
      Variable variable = new Variable(names.fresh(field.getSimpleName().toString()),
          read.type(), Variable.Kind.LOCAL, SignatureReader.enumClass(field.asType()).orElse(null));
      hoistedStatements.add(new Stmt.Assign(variable, read, true));
      return variable;
    });
    return new Expr.Ref(local);
  }

  /**
   * Whether Java runs the asserts of the top-level class {@code outermost}: a field of the
   * generated class ({@link FieldCopies#assertionStatus}).
   */
  Expr assertionsEnabled(TypeElement outermost) {
    return new Expr.Constant(copies.gradClass(), copies.assertionStatus(outermost), Type.BOOLEAN);
  }

  /** {@code field}'s value where it is a constant variable of a boolean or number type. */
  private static Double constantValue(VariableElement field) {
    Object value = field.getModifiers().contains(Modifier.FINAL) ? field.getConstantValue() : null;
    if (value instanceof Boolean bool) {
      return bool ? 1.0 : 0.0;
    }
    if (value instanceof Character character) {
      return (double) character;
    }
    return value instanceof Number number ? number.doubleValue() : null;
  }

  private static TypeElement owner(VariableElement field) {
    return (TypeElement) field.getEnclosingElement();
  }

  private static Expr literal(Object value, Type type) {
    if (value instanceof Boolean bool) {
      return Expr.Literal.ofBoolean(bool);
    }
    if (value instanceof String text) {
      return new Expr.Text(text);
    }
    if (value instanceof Character c) {
      return new Expr.Unary(UnaryOperator.TO_CHAR, Expr.Literal.ofInt(c), Type.CHAR);
    }
    Number number = (Number) value;
    if (type == Type.INT) {
      return Expr.Literal.ofInt(number.intValue());
    }
    if (type == Type.SHORT || type == Type.BYTE) {
      return new Expr.Unary(UnaryOperator.castTo(type), Expr.Literal.ofInt(number.intValue()),
          type);
    }
    if (type == Type.LONG) {
      return new Expr.Literal(Type.LONG, number.longValue() + "L", number.doubleValue());
    }
    if (type == Type.FLOAT) {
      float f = number.floatValue();
      if (Float.isNaN(f) || Float.isInfinite(f)) {
        return new Expr.Constant(FLOAT_CLASS, Float.isNaN(f) ? "NaN"
            : f > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY", Type.FLOAT);
      }
      return new Expr.Literal(Type.FLOAT, f + "f", f);
    }
    double doubleValue = number.doubleValue();
    if (Double.isNaN(doubleValue)) {
      return new Expr.Constant(DOUBLE_CLASS, "NaN", Type.DOUBLE);
    }
    if (Double.isInfinite(doubleValue)) {
      return new Expr.Constant(DOUBLE_CLASS,
          doubleValue > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY", Type.DOUBLE);
    }
    return Expr.Literal.ofDouble(doubleValue);
  }

  /** Whether {@code p.CGrad} may name the field: no private on the way, public across packages. */
  private boolean isAccessibleFromGeneratedCode(VariableElement field) {
    boolean samePackage = elements.getPackageOf(field).getQualifiedName()
        .contentEquals(generatedPackage);
    for (Element element = field; element instanceof VariableElement
        || element instanceof TypeElement; element = element.getEnclosingElement()) {
      if (element.getModifiers().contains(Modifier.PRIVATE)) {
        return false;
      }
      if (!samePackage && !element.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  /** The name of {@code type}, free of javac types. */
  static ClassId classId(TypeElement type) {
    Deque<String> names = new ArrayDeque<>();
    Element element = type;
    while (element instanceof TypeElement) {
      names.addFirst(element.getSimpleName().toString());
      element = element.getEnclosingElement();
    }
    String packageName = element instanceof PackageElement pkg
        ? pkg.getQualifiedName().toString()
        : "";
    return new ClassId(packageName, List.copyOf(names));
  }
}
