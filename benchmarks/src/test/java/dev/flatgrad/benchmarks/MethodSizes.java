package dev.flatgrad.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the bytecode size of every method of a class file: the {@code code_length} of its {@code
 * Code} attribute (JVMS §4.7.3), which is what HotSpot compares with {@code HugeMethodLimit}
 * (8000) before it agrees to JIT-compile a method. A minimal parser: it walks the constant pool
 * only to skip it and to find the attribute names.
 */
final class MethodSizes {

  /** HotSpot does not compile methods larger than this ({@code -XX:+DontCompileHugeMethods}). */
  static final int HUGE_METHOD_LIMIT = 8000;

  private MethodSizes() {}

  /** Method name and descriptor → bytecode bytes, in class-file order; abstract methods absent. */
  static Map<String, Integer> of(Path classFile) throws IOException {
    return of(Files.readAllBytes(classFile));
  }

  static Map<String, Integer> of(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 3, 4 -> in.readInt(); // Integer, Float
        case 5, 6 -> { // Long, Double take two slots
          in.readLong();
          i++;
        }
        // Class, String, MethodType, Module, Package
        case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
        case 9, 10, 11, 12, 17, 18 -> in.readInt(); // refs, NameAndType, (Invoke)Dynamic
        case 15 -> { // MethodHandle
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    in.readUnsignedShort(); // access flags
    in.readUnsignedShort(); // this
    in.readUnsignedShort(); // super
    skip(in, 2 * in.readUnsignedShort()); // interfaces
    int fields = in.readUnsignedShort();
    for (int f = 0; f < fields; f++) {
      skip(in, 6);
      skipAttributes(in);
    }
    Map<String, Integer> sizes = new LinkedHashMap<>();
    int methods = in.readUnsignedShort();
    for (int m = 0; m < methods; m++) {
      in.readUnsignedShort(); // access
      String name = utf8[in.readUnsignedShort()];
      String descriptor = utf8[in.readUnsignedShort()];
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attribute = utf8[in.readUnsignedShort()];
        int length = in.readInt();
        if (attribute.equals("Code")) {
          in.readUnsignedShort(); // max_stack
          in.readUnsignedShort(); // max_locals
          int codeLength = in.readInt();
          sizes.put(name + descriptor, codeLength);
          skip(in, length - 8);
        } else {
          skip(in, length);
        }
      }
    }
    return sizes;
  }

  /** The size of the one method called {@code name} (any descriptor). */
  static int method(Map<String, Integer> sizes, String name) {
    Integer found = null;
    for (Map.Entry<String, Integer> entry : sizes.entrySet()) {
      if (entry.getKey().startsWith(name + "(")) {
        if (found != null) {
          throw new IllegalArgumentException("more than one method " + name);
        }
        found = entry.getValue();
      }
    }
    if (found == null) {
      throw new IllegalArgumentException("no method " + name + " in " + sizes.keySet());
    }
    return found;
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.readUnsignedShort();
      skip(in, in.readInt());
    }
  }

  private static void skip(DataInputStream in, int bytes) throws IOException {
    in.skipNBytes(bytes);
  }
}
