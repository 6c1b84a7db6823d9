package dev.flatgrad.processor.frontend;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Translates reads of fields, which must be {@code static final} numbers: constants of the
 * method's own class, of other classes, and {@code Math.PI} and {@code Math.E}. The generated
 * code names them where it can read them, and inlines the value of a private constant.
 */
final class Constants {

  private static final ClassId DOUBLE_CLASS = new ClassId("java.lang", List.of("Double"));

  private final Symbols symbols;
  private final Elements elements;
  private final String generatedPackage;

  Constants(Symbols symbols, Elements elements, String generatedPackage) {
    this.symbols = symbols;
    this.elements = elements;
    this.generatedPackage = generatedPackage;
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

  /** {@code Owner.NAME}, such as {@code Math.PI}. */
  Expr qualified(MemberSelectTree select) {
    String qualifier = select.getExpression().toString();
    String name = select.getIdentifier().toString();
    TypeElement owner = symbols.type(qualifier).orElseThrow(() -> new Unsupported(select,
        "'" + select + "' is not supported: a @Differentiable method reads only its"
            + " parameters, its locals and static final constants"));
    VariableElement field = symbols.field(owner, name).orElseThrow(() ->
        new Unsupported(select, "cannot find symbol: variable " + name + " in "
            + owner.getSimpleName()));
    return read(field, select);
  }

  private Expr read(VariableElement field, Tree use) {
    String name = field.getSimpleName().toString();
    if (!field.getModifiers().contains(Modifier.STATIC)) {
      throw new Unsupported(use, "the instance field " + name + " cannot be read from a static"
          + " method; pass its value as a parameter");
    }
    if (!field.getModifiers().contains(Modifier.FINAL)) {
      throw new Unsupported(use, "reads of the mutable static field " + name + " are not"
          + " supported: make it final, or pass its value in as a parameter");
    }
    Type type = switch (field.asType().getKind()) {
      case DOUBLE -> Type.DOUBLE;
      case INT -> Type.INT;
      default -> throw new Unsupported(use, "the constant " + name + " has type " + field.asType()
          + "; supported constant types are double and int");
    };
    if (isAccessibleFromGeneratedCode(field)) {
      return new Expr.Constant(classId((TypeElement) field.getEnclosingElement()), name, type);
    }
    Object value = field.getConstantValue();
    if (value instanceof Number number) {
      return literal(number, type);
    }
    throw new Unsupported(use, "the generated class cannot read the private field " + name
        + ", whose value is not a compile-time constant; make the field package-private");
  }

  private static Expr literal(Number number, Type type) {
    if (type == Type.INT) {
      return Expr.Literal.ofInt(number.intValue());
    }
    double value = number.doubleValue();
    if (Double.isNaN(value)) {
      return new Expr.Constant(DOUBLE_CLASS, "NaN", Type.DOUBLE);
    }
    if (Double.isInfinite(value)) {
      return new Expr.Constant(DOUBLE_CLASS,
          value > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY", Type.DOUBLE);
    }
    return Expr.Literal.ofDouble(value);
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
