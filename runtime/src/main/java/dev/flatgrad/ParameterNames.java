package dev.flatgrad;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * A method's parameter names: from reflection when the class was compiled with {@code
 * -parameters}, otherwise from the class file's local variable table, which javac writes with
 * {@code -g} (what Maven and Gradle compile with by default). {@link GradCheck#method} needs them
 * to tell which parameters a gradient record's components belong to.
 */
final class ParameterNames {

  private ParameterNames() {}

  /** The names in order, or empty if the class file has neither kind of name. */
  static Optional<String[]> of(Method method) {
    var parameters = method.getParameters();
    if (parameters.length == 0 || parameters[0].isNamePresent()) {
      String[] names = new String[parameters.length];
      for (int i = 0; i < names.length; i++) {
        names[i] = parameters[i].getName();
      }
      return Optional.of(names);
    }
    Class<?> owner = method.getDeclaringClass();
    String file = owner.getName().substring(owner.getName().lastIndexOf('.') + 1) + ".class";
    try (InputStream in = owner.getResourceAsStream(file)) {
      return in == null ? Optional.empty() : fromClassFile(
          new DataInputStream(new ByteArrayInputStream(in.readAllBytes())), method);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // a class file we cannot read: no names, as without -g
    }
  }

  /** Reads the class file (JVMS §4) up to the method's LocalVariableTable. */
  private static Optional<String[]> fromClassFile(DataInputStream in, Method method)
      throws IOException {
    in.readInt(); // magic
    in.readInt(); // minor and major version
    String[] utf8 = new String[in.readUnsignedShort()];
    for (int i = 1; i < utf8.length; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7, 8, 16, 19, 20 -> in.skipBytes(2);
        case 15 -> in.skipBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++; // a long or double takes two entries
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    in.skipBytes(6); // access flags, this class, super class
    in.skipBytes(2 * in.readUnsignedShort()); // interfaces
    int fields = in.readUnsignedShort();
    for (int f = 0; f < fields; f++) {
      in.skipBytes(6);
      skipAttributes(in);
    }
    String descriptor = descriptor(method);
    int methods = in.readUnsignedShort();
    for (int m = 0; m < methods; m++) {
      in.skipBytes(2);
      String name = utf8[in.readUnsignedShort()];
      String type = utf8[in.readUnsignedShort()];
      if (!name.equals(method.getName()) || !type.equals(descriptor)) {
        skipAttributes(in);
        continue;
      }
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attribute = utf8[in.readUnsignedShort()];
        int length = in.readInt();
        if (attribute.equals("Code")) {
          return localVariables(in, utf8, method);
        }
        in.skipBytes(length);
      }
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** In a Code attribute: the variables in the parameters' slots, live from the first byte. */
  private static Optional<String[]> localVariables(DataInputStream in, String[] utf8,
      Method method) throws IOException {
    in.skipBytes(4); // max stack, max locals
    in.skipBytes(in.readInt()); // the code
    in.skipBytes(8 * in.readUnsignedShort()); // exception table
    Class<?>[] types = method.getParameterTypes();
    int[] slots = new int[types.length];
    int slot = Modifier.isStatic(method.getModifiers()) ? 0 : 1;
    for (int i = 0; i < types.length; i++) {
      slots[i] = slot;
      slot += types[i] == double.class || types[i] == long.class ? 2 : 1;
    }
    String[] names = new String[types.length];
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      String attribute = utf8[in.readUnsignedShort()];
      int length = in.readInt();
      if (!attribute.equals("LocalVariableTable")) {
        in.skipBytes(length);
        continue;
      }
      int entries = in.readUnsignedShort();
      for (int e = 0; e < entries; e++) {
        int start = in.readUnsignedShort();
        in.skipBytes(2); // length
        String name = utf8[in.readUnsignedShort()];
        in.skipBytes(2); // descriptor
        int index = in.readUnsignedShort();
        for (int i = 0; i < slots.length; i++) {
          if (start == 0 && slots[i] == index && names[i] == null) {
            names[i] = name;
          }
        }
      }
    }
    for (String name : names) {
      if (name == null) {
        return Optional.empty();
      }
    }
    return Optional.of(names);
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.skipBytes(2);
      in.skipBytes(in.readInt());
    }
  }

  private static String descriptor(Method method) {
    StringBuilder descriptor = new StringBuilder("(");
    for (Class<?> type : method.getParameterTypes()) {
      descriptor.append(descriptor(type));
    }
    return descriptor.append(')').append(descriptor(method.getReturnType())).toString();
  }

  private static String descriptor(Class<?> type) {
    if (type.isArray()) {
      return type.getName().replace('.', '/');
    }
    if (type.isPrimitive()) {
      return switch (type.getName()) {
        case "double" -> "D";
        case "int" -> "I";
        case "boolean" -> "Z";
        case "long" -> "J";
        case "float" -> "F";
        case "char" -> "C";
        case "byte" -> "B";
        case "short" -> "S";
        default -> "V";
      };
    }
    return "L" + type.getName().replace('.', '/') + ";";
  }
}
