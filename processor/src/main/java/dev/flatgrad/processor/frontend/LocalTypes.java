package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;

/**
 * The types of the user's locals: the IR type a declared type names (primitives, String, enums,
 * the supported arrays), the enum of an enum-valued local, and whether a value may be stored in a
 * variable of a type. Declarations, array allocations, assignments and returns all ask the same
 * questions, so the answers and their messages live here once.
 */
final class LocalTypes {

  private final Constants constants;

  LocalTypes(Constants constants) {
    this.constants = constants;
  }

  /** The type of a {@code dimensions}-dimensional array of {@code elementTree}; else reported. */
  static Type arrayType(Tree elementTree, int dimensions, Tree where) {
    if (elementTree instanceof PrimitiveTypeTree primitive) {
      switch (primitive.getPrimitiveTypeKind()) {
        case DOUBLE:
          if (dimensions == 1) {
            return Type.DOUBLE_ARRAY;
          }
          if (dimensions == 2) {
            return Type.DOUBLE_MATRIX;
          }
          if (dimensions == 3) {
            return Type.DOUBLE_TENSOR;
          }
          break;
        case FLOAT:
          if (dimensions == 1) {
            return Type.FLOAT_ARRAY;
          }
          if (dimensions == 2) {
            return Type.FLOAT_MATRIX;
          }
          break;
        case INT:
          if (dimensions == 1) {
            return Type.INT_ARRAY;
          }
          if (dimensions == 2) {
            return Type.INT_MATRIX;
          }
          break;
        case BOOLEAN:
          if (dimensions == 1) {
            return Type.BOOLEAN_ARRAY;
          }
          if (dimensions == 2) {
            return Type.BOOLEAN_MATRIX;
          }
          break;
        default:
          Type data = DataTypes.primitive(primitive.getPrimitiveTypeKind());
          if (dimensions == 1 && data != null && data != Type.FLOAT) {
            return DataTypes.arrayOf(data); // long[], short[], byte[], char[]: data
          }
          break;
      }
    }
    if (dimensions == 1 && (elementTree.toString().equals("String")
        || elementTree.toString().equals("java.lang.String"))) {
      return Type.STRING_ARRAY;
    }
    throw new Unsupported(where, "arrays of type " + elementTree + "[]".repeat(dimensions)
        + " are not supported; use double[], double[][], double[][][], float[], float[][], int[],"
        + " int[][],"
        + " boolean[], boolean[][], long[], short[], byte[], char[] or String[]");
  }

  /** The type {@code typeTree} names for the local {@code userName}. */
  Type localType(Tree typeTree, String userName) {
    if (typeTree instanceof PrimitiveTypeTree primitive) {
      Type type = DataTypes.primitive(primitive.getPrimitiveTypeKind());
      if (type != null) {
        return type;
      }
    }
    if (typeTree instanceof ArrayTypeTree array) {
      int dimensions = 1;
      Tree element = array.getType();
      while (element instanceof ArrayTypeTree nested) {
        dimensions++;
        element = nested.getType();
      }
      return arrayType(element, dimensions, typeTree);
    }
    if (typeTree.toString().equals("String") || typeTree.toString().equals("java.lang.String")) {
      return Type.STRING; // data: a message, a switch's selector
    }
    if (constants.enumType(typeTree).isPresent()) {
      return Type.ENUM;
    }
    if (typeTree.toString().contains("(ERROR)")) {
      throw Unsupported.alreadyReported(); // var of an expression javac could not type
    }
    throw new Unsupported(typeTree, "local variable " + userName + " has type " + typeTree
        + "; supported local types are the primitive types (double, float, long, int, short,"
        + " byte, char, boolean), String, enums, arrays of double, float, int, boolean, long,"
        + " short, byte, char and String, and var");
  }

  /**
   * The enum of a local whose value is an enum's: the declared type's, else the value's (a
   * parameter, a local, an enum constant); null for other types.
   */
  ClassId enumClass(Tree typeTree, Expr value, Tree where) {
    if (value.type() != Type.ENUM) {
      return null;
    }
    if (typeTree != null && !typeTree.toString().equals("var")) {
      return constants.enumType(typeTree).orElseThrow();
    }
    return EnumValues.classOf(value).orElseThrow(() -> new Unsupported(where, "declare the"
        + " enum type of this local instead of var: flatgrad cannot tell it from its value"));
  }

  /** Reports at {@code tree} a {@code value} Java would not store in a {@code target} variable. */
  static void checkAssignable(Type target, Expr value, Tree tree) {
    if (DataTypes.assignable(value, target)) {
      return;
    }
    if (target.isNumeric() && value.type().isNumeric()) {
      throw new Unsupported(tree, "incompatible types: possible lossy conversion from "
          + value.type().javaName() + " to " + target.javaName());
    }
    throw new Unsupported(tree, "incompatible types: " + value.type().javaName()
        + " cannot be converted to " + target.javaName());
  }
}
