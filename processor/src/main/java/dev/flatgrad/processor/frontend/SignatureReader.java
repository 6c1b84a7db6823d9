package dev.flatgrad.processor.frontend;

import dev.flatgrad.processor.diag.Diagnostics;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.RecordParameter;
import dev.flatgrad.processor.ir.RecordType;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Checks the declaration of a {@code @Differentiable} method and decides which parameters are
 * differentiated: the ones {@code wrt} names, or, when it names none, every {@code double} one.
 */
final class SignatureReader {

  static final String ANNOTATION = "dev.flatgrad.Differentiable";
  /** The name of an instance method's receiver in the generated static methods (DESIGN.md). */
  static final String RECEIVER = "self";

  private final Diagnostics diagnostics;

  SignatureReader(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /**
   * The method's parameters, with {@code valid} false after reporting why the method cannot be
   * differentiated; then {@code parameters} holds the parameters that are fine and {@code
   * broken} names the others, so the body can still be read for its own errors.
   */
  record Result(List<Parameter> parameters, Set<String> broken, boolean valid) {}

  /** The method's parameters, or empty after reporting why the method cannot be differentiated. */
  Optional<List<Parameter>> read(ExecutableElement method, Names names) {
    Result result = readAll(method, names, Set.of());
    return result.valid() ? Optional.of(result.parameters()) : Optional.empty();
  }

  /**
   * The method's parameters and signature problems, reported: see {@link Result}. The arrays
   * named in {@code optional} may be null ({@link OptionalArrays}).
   */
  Result readAll(ExecutableElement method, Names names, Set<String> optional) {
    Set<String> broken = new HashSet<>();
    int errorsBefore = diagnostics.errorCount();
    String name = method.getSimpleName().toString();
    Set<Modifier> modifiers = method.getModifiers();
    if (modifiers.contains(Modifier.ABSTRACT) || modifiers.contains(Modifier.NATIVE)) {
      // The missing body is the real problem; "must be static" would only add noise.
      diagnostics.error(method, "@Differentiable method " + name + " is "
          + (modifiers.contains(Modifier.ABSTRACT) ? "abstract" : "native")
          + ": it has no body to differentiate; write it as a static method with a body");
    } else if (!modifiers.contains(Modifier.STATIC)) {
      receiverProblem(method).ifPresent(problem -> diagnostics.error(method,
          "@Differentiable method " + name + " " + problem));
    }
    if (returnType(method).isEmpty()) {
      diagnostics.error(method, "@Differentiable method " + name + " returns "
          + method.getReturnType() + "; it must return double, float or double[]"
          + boxedHint(method.getReturnType())
          + (method.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID
              ? ", or be a static helper that writes into a double[] or double[][] it is passed"
                + " (callers differentiate it where they call it)"
              : ""));
    }

    Map<String, Type> types = new LinkedHashMap<>();
    Map<String, RecordType> records = new HashMap<>();
    Map<String, ClassId> enumClasses = new HashMap<>();
    for (VariableElement parameter : method.getParameters()) {
      String parameterName = parameter.getSimpleName().toString();
      Optional<Type> type = parameterType(parameter.asType());
      enumClass(parameter.asType()).ifPresent(c -> enumClasses.put(parameterName, c));
      if (type.isEmpty() && RecordTypes.isRecord(parameter.asType())) {
        try {
          records.put(parameterName, RecordTypes.read(parameter.asType()));
          type = Optional.of(Type.DOUBLE); // a placeholder: the record's leaves replace it
        } catch (RecordTypes.Problem problem) {
          diagnostics.error(parameter, "parameter " + parameterName + " of @Differentiable"
              + " method " + name + ": " + problem.getMessage());
          broken.add(parameterName);
          continue;
        }
      }
      if (type.isEmpty()) {
        diagnostics.error(parameter, "parameter " + parameterName + " of @Differentiable method "
            + name + " has type " + parameter.asType() + "; supported parameter types are double,"
            + " float, their arrays and matrices (differentiated) and the other primitive types,"
            + " int[], int[][], boolean[], boolean[][], long[], short[], byte[], char[], String,"
            + " enums and their arrays (data), and records of these"
            + boxedHint(parameter.asType()));
        broken.add(parameterName);
      } else if (parameterName.equals(RECEIVER) && !modifiers.contains(Modifier.STATIC)) {
        diagnostics.error(parameter, "parameter 'self' of the instance method " + name
            + " clashes with the receiver, which the generated static methods take first as"
            + " 'self'; rename the parameter");
        broken.add(parameterName);
      } else if (parameterName.equals("value")) {
        diagnostics.error(parameter, "parameter 'value' of @Differentiable method " + name
            + " clashes with the value component of the generated result record; rename it");
        broken.add(parameterName);
      } else {
        types.put(parameterName, type.get());
      }
    }
    Set<String> differentiated = differentiatedNames(method, types, records);
    if (returnType(method).orElse(null) == Type.DOUBLE_ARRAY) {
      types.forEach((parameter, type) -> {
        if (differentiated.contains(parameter) && !records.containsKey(parameter)
            && type.scalar() == Type.FLOAT) {
          diagnostics.error(method, name + " returns double[], and its Jacobian with respect"
              + " to the " + type.javaName() + " parameter " + parameter + " is not supported"
              + " yet; leave " + parameter + " out of wrt, or make it "
              + type.javaName().replace("float", "double"));
        }
      });
    }
    boolean valid = diagnostics.errorCount() == errorsBefore;

    types.keySet().forEach(names::reserve);
    List<Parameter> parameters = new ArrayList<>();
    if (!modifiers.contains(Modifier.STATIC)) {
      names.reserve(RECEIVER);
      parameters.add(new Parameter(
          new Variable(RECEIVER, Type.RECEIVER, Variable.Kind.PARAMETER), false));
    }
    types.forEach((parameterName, type) -> {
      RecordType record = records.get(parameterName);
      if (record != null) {
        RecordParameter root = new RecordParameter(parameterName, record,
            names.fresh("grad_" + parameterName), names.fresh("dot_" + parameterName),
            names.fresh("dot_grad_" + parameterName));
        leaves(root, record, new ArrayList<>(), differentiated.contains(parameterName), names,
            parameters);
        return;
      }
      parameters.add(new Parameter(
          new Variable(parameterName, type, Variable.Kind.PARAMETER,
              enumClasses.get(parameterName), type.isArray() && optional.contains(parameterName)),
          differentiated.contains(parameterName)));
    });
    return new Result(parameters, broken, valid);
  }

  /** One parameter per value inside a record, depth first, named like {@code m_w1}. */
  private static void leaves(RecordParameter root, RecordType type, List<String> path,
      boolean differentiated, Names names, List<Parameter> into) {
    for (RecordType.Component component : type.components()) {
      List<String> here = new ArrayList<>(path);
      here.add(component.name());
      if (component.record() != null) {
        leaves(root, component.record(), here, differentiated, names, into);
      } else {
        String name = names.fresh(root.name() + "_" + String.join("_", here));
        into.add(new Parameter(new Variable(name, component.type(), Variable.Kind.PARAMETER),
            differentiated, new Parameter.Field(root, here)));
      }
    }
  }

  /** Arrays of the data types beyond int and boolean: parameters, not record components. */
  private static final Set<Type> DATA_ARRAYS = EnumSet.of(Type.LONG_ARRAY, Type.SHORT_ARRAY,
      Type.BYTE_ARRAY, Type.CHAR_ARRAY, Type.STRING_ARRAY, Type.ENUM_ARRAY);

  /** The IR type of a record component that is a value, not a record: numbers and arrays. */
  static Optional<Type> valueType(TypeMirror type) {
    return parameterType(type).filter(t -> t != Type.STRING && t != Type.ENUM
        && !DATA_ARRAYS.contains(t));
  }

  /** The enum a parameter of enum type (or an array of them) holds values of. */
  static Optional<ClassId> enumClass(TypeMirror type) {
    if (type instanceof ArrayType array) {
      return enumClass(array.getComponentType());
    }
    return type instanceof DeclaredType declared
        && declared.asElement().getKind() == ElementKind.ENUM
        ? Optional.of(Constants.classId((TypeElement) declared.asElement()))
        : Optional.empty();
  }

  /**
   * {@code double} or {@code float}, or {@code double[]} for a vector-valued method; empty for
   * anything else.
   */
  static Optional<Type> returnType(ExecutableElement method) {
    return parameterType(method.getReturnType())
        .filter(type -> type.isReal() || type == Type.DOUBLE_ARRAY);
  }

  /**
   * Why an instance method cannot be differentiated, if it cannot: the generated static methods
   * take its receiver as their first parameter, {@code self}, typed as its class, which they
   * must be able to name; a custom derivative's pullback has no receiver to take.
   */
  private static Optional<String> receiverProblem(ExecutableElement method) {
    if (!customPullback(method).isEmpty()) {
      return Optional.of("has a custom derivative, so it must be static: its pullback is a"
          + " static method");
    }
    for (Element type = method.getEnclosingElement(); type instanceof TypeElement typeElement;
        type = type.getEnclosingElement()) {
      if (!typeElement.getTypeParameters().isEmpty()) {
        return Optional.of("is an instance method of the generic class "
            + typeElement.getSimpleName() + ", which the generated methods cannot name as the"
            + " type of their receiver parameter 'self'; make the method static and pass the"
            + " fields it reads as parameters");
      }
      if (typeElement.getModifiers().contains(Modifier.PRIVATE)
          || typeElement.getNestingKind() == NestingKind.LOCAL
          || typeElement.getNestingKind() == NestingKind.ANONYMOUS) {
        return Optional.of("is an instance method of a class the generated code cannot name"
            + " as the type of its receiver parameter 'self'; make the class package-private,"
            + " or make the method static");
      }
    }
    return Optional.empty();
  }

  /** Boxes cost an allocation per operation and are never differentiated: say which to use. */
  private static String boxedHint(TypeMirror type) {
    return switch (type.toString()) {
      case "java.lang.Double" -> " (the primitive double, not the boxed Double)";
      case "java.lang.Integer" -> " (the primitive int, not the boxed Integer)";
      default -> "";
    };
  }

  static Optional<Type> parameterType(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return arrayType(((ArrayType) type).getComponentType());
    }
    if (type.getKind().isPrimitive()) {
      return Optional.ofNullable(DataTypes.primitive(type.getKind()));
    }
    if (type.toString().equals("java.lang.String")) {
      return Optional.of(Type.STRING);
    }
    return enumClass(type).map(c -> Type.ENUM);
  }

  private static Optional<Type> arrayType(TypeMirror component) {
    return switch (component.getKind()) {
      case DOUBLE -> Optional.of(Type.DOUBLE_ARRAY);
      case FLOAT -> Optional.of(Type.FLOAT_ARRAY);
      case INT -> Optional.of(Type.INT_ARRAY);
      case BOOLEAN -> Optional.of(Type.BOOLEAN_ARRAY);
      case LONG -> Optional.of(Type.LONG_ARRAY);
      case SHORT -> Optional.of(Type.SHORT_ARRAY);
      case BYTE -> Optional.of(Type.BYTE_ARRAY);
      case CHAR -> Optional.of(Type.CHAR_ARRAY);
      case DECLARED -> component.toString().equals("java.lang.String")
          ? Optional.of(Type.STRING_ARRAY)
          : enumClass(component).map(c -> Type.ENUM_ARRAY);
      case ARRAY -> switch (((ArrayType) component).getComponentType().getKind()) {
        case DOUBLE -> Optional.of(Type.DOUBLE_MATRIX);
        case FLOAT -> Optional.of(Type.FLOAT_MATRIX);
        case INT -> Optional.of(Type.INT_MATRIX);
        case BOOLEAN -> Optional.of(Type.BOOLEAN_MATRIX);
        case ARRAY -> arrayType(((ArrayType) component).getComponentType())
            .filter(matrix -> matrix == Type.DOUBLE_MATRIX).map(matrix -> Type.DOUBLE_TENSOR);
        default -> Optional.empty();
      };
      default -> Optional.empty();
    };
  }

  /** The names in {@code wrt}, checked against the parameters; all doubles if it is empty. */
  private Set<String> differentiatedNames(ExecutableElement method, Map<String, Type> types,
      Map<String, RecordType> records) {
    Set<String> names = new HashSet<>();
    AnnotationMirror annotation = annotation(method);
    AnnotationValue wrt = annotation == null ? null : wrtValue(annotation);
    @SuppressWarnings("unchecked")
    List<? extends AnnotationValue> listed = wrt == null
        ? List.of()
        : (List<? extends AnnotationValue>) wrt.getValue();
    if (listed.isEmpty()) {
      types.forEach((name, type) -> {
        if (records.containsKey(name) ? records.get(name).isDifferentiable()
            : type.isDifferentiable()) {
          names.add(name);
        }
      });
      return names;
    }
    String methodName = method.getSimpleName().toString();
    for (AnnotationValue value : listed) {
      String name = String.valueOf(value.getValue());
      Type type = types.get(name);
      if (type == null) {
        diagnostics.error(method, annotation, value,
            "wrt names '" + name + "', but " + methodName + " has no parameter of that name");
      } else if (records.containsKey(name) && !records.get(name).isDifferentiable()) {
        diagnostics.error(method, annotation, value, "wrt names '" + name + "', a record with"
            + " int or boolean components; only records of double, double[], double[][] and"
            + " such records can be differentiated");
      } else if (!records.containsKey(name) && !type.isDifferentiable()) {
        diagnostics.error(method, annotation, value, "wrt names '" + name + "', a parameter of"
            + " type " + type.javaName() + "; only double, float, their arrays and matrices"
            + " (double[], float[][], ...) can be differentiated");
      } else if (!names.add(name)) {
        diagnostics.error(method, annotation, value, "wrt names '" + name + "' twice");
      }
    }
    return names;
  }

  /** The {@code @Differentiable} annotation of {@code method}, or null. */
  static AnnotationMirror annotation(ExecutableElement method) {
    for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
      if (mirror.getAnnotationType().toString().equals(ANNOTATION)) {
        return mirror;
      }
    }
    return null;
  }

  private static AnnotationValue wrtValue(AnnotationMirror annotation) {
    return value(annotation, "wrt");
  }

  static AnnotationValue value(AnnotationMirror annotation, String name) {
    for (var entry : annotation.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** The custom pullback's name, or empty when flatgrad differentiates the body itself. */
  static String customPullback(ExecutableElement method) {
    AnnotationMirror annotation = annotation(method);
    AnnotationValue value = annotation == null ? null : value(annotation, "pullback");
    return value == null ? "" : String.valueOf(value.getValue());
  }

  /** The custom tangent rule's name, or empty when there is none. */
  static String customTangent(ExecutableElement method) {
    AnnotationMirror annotation = annotation(method);
    AnnotationValue value = annotation == null ? null : value(annotation, "tangent");
    return value == null ? "" : String.valueOf(value.getValue());
  }

  /**
   * The names of the parameters differentiated: those {@code wrt} lists, or every double,
   * double[] and double[][] one. Unchecked: for callees, which were checked when compiled.
   */
  static Set<String> wrtNames(ExecutableElement method) {
    AnnotationMirror annotation = annotation(method);
    AnnotationValue wrt = annotation == null ? null : wrtValue(annotation);
    Set<String> names = new HashSet<>();
    if (wrt != null) {
      for (Object value : (List<?>) wrt.getValue()) {
        names.add(String.valueOf(((AnnotationValue) value).getValue()));
      }
    }
    if (names.isEmpty()) {
      for (VariableElement parameter : method.getParameters()) {
        if (parameterType(parameter.asType()).map(Type::isDifferentiable).orElse(false)
            || isDifferentiableRecord(parameter.asType())) {
          names.add(parameter.getSimpleName().toString());
        }
      }
    }
    return names;
  }

  /** Whether {@code type} is a record that the default wrt differentiates. */
  private static boolean isDifferentiableRecord(TypeMirror type) {
    try {
      return RecordTypes.isRecord(type) && RecordTypes.read(type).isDifferentiable();
    } catch (RecordTypes.Problem problem) {
      return false; // reported on the method that declares it
    }
  }

  /** The IR type of a parameter, if flatgrad supports it. */
  static Optional<Type> typeOf(VariableElement parameter) {
    return parameterType(parameter.asType());
  }
}
