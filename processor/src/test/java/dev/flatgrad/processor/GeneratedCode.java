package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * A user's source compiled with {@link FlatgradProcessor}, its classes and the generated ones
 * loaded in a fresh class loader, and reflective access to both: the user's method and its
 * generated twin in {@code CGrad}.
 */
final class GeneratedCode {

  private static final String CLASS_OUTPUT = "/CLASS_OUTPUT/";

  private final Compilation compilation;
  private final ClassLoader loader;

  private GeneratedCode(Compilation compilation, ClassLoader loader) {
    this.compilation = compilation;
    this.loader = loader;
  }

  /** Compiles {@code source}, asserts success, and loads every class the compilation produced. */
  static GeneratedCode compile(String qualifiedName, String source) {
    return compile(qualifiedName, source, false);
  }

  /** As {@link #compile(String, String)}, with assertions enabled in the loaded classes (-ea). */
  static GeneratedCode compile(String qualifiedName, String source, boolean assertions) {
    return load(compileOnly(qualifiedName, source), assertions);
  }

  /** As {@link #compile(String, String)}, with the given processor. */
  static GeneratedCode compileWith(FlatgradProcessor processor, String qualifiedName,
      String source) {
    return load(Compiler.javac()
        .withProcessors(processor)
        .withOptions("--release", "17", "-parameters")
        .compile(JavaFileObjects.forSourceString(qualifiedName, source)), false);
  }

  private static GeneratedCode load(Compilation compilation, boolean assertions) {
    assertThat(compilation).succeeded();
    Map<String, byte[]> classes = classFiles(compilation);
    var loader = new BytesClassLoader(classes, GeneratedCode.class.getClassLoader());
    loader.setDefaultAssertionStatus(assertions);
    for (String name : classes.keySet()) {
      try {
        // Initializing links and verifies, so broken bytecode fails here, named.
        Class.forName(name, true, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new AssertionError("cannot load compiled class " + name, e);
      }
    }
    return new GeneratedCode(compilation, loader);
  }

  /**
   * Compiles several sources together, with {@code classpath} (say, a library compiled before)
   * added to the test's own, asserts success, and loads the classes.
   */
  static GeneratedCode compileAll(List<java.io.File> classpath, JavaFileObject... sources) {
    List<java.io.File> path = new java.util.ArrayList<>(classpath);
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      path.add(new java.io.File(entry));
    }
    Compilation compilation = Compiler.javac()
        .withProcessors(new FlatgradProcessor())
        .withOptions("--release", "17", "-parameters")
        .withClasspath(path)
        .compile(sources);
    assertThat(compilation).succeeded();
    Map<String, byte[]> classes = classFiles(compilation);
    ClassLoader parent = classpath.isEmpty()
        ? GeneratedCode.class.getClassLoader()
        : new java.net.URLClassLoader(classpath.stream().map(GeneratedCode::url)
            .toArray(java.net.URL[]::new), GeneratedCode.class.getClassLoader());
    return new GeneratedCode(compilation, new BytesClassLoader(classes, parent));
  }

  private static java.net.URL url(java.io.File file) {
    try {
      return file.toURI().toURL();
    } catch (java.net.MalformedURLException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes every class file of this compilation under {@code directory}. */
  void writeClassesTo(java.nio.file.Path directory) throws java.io.IOException {
    for (Map.Entry<String, byte[]> entry : classFiles(compilation).entrySet()) {
      java.nio.file.Path file = directory.resolve(entry.getKey().replace('.', '/') + ".class");
      java.nio.file.Files.createDirectories(file.getParent());
      java.nio.file.Files.write(file, entry.getValue());
    }
  }

  /** Runs javac with the processor, without asserting anything about the outcome. */
  static Compilation compileOnly(String qualifiedName, String source) {
    return Compiler.javac()
        .withProcessors(new FlatgradProcessor())
        // -parameters lets the tests map record components to parameter names.
        .withOptions("--release", "17", "-parameters")
        .compile(JavaFileObjects.forSourceString(qualifiedName, source));
  }

  Compilation compilation() {
    return compilation;
  }

  Class<?> load(String binaryName) {
    try {
      return Class.forName(binaryName, false, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no class " + binaryName + " was compiled", e);
    }
  }

  /** The user's method {@code className.methodName}; the name must be unique in the class. */
  Method userMethod(String className, String methodName) {
    Method[] matches =
        Arrays.stream(load(className).getDeclaredMethods())
            .filter(m -> m.getName().equals(methodName))
            .toArray(Method[]::new);
    assertWithMessage("methods named %s in %s", methodName, className)
        .that(matches)
        .hasLength(1);
    Method method = matches[0];
    method.setAccessible(true);
    return method;
  }

  /**
   * The generated method for {@code className.methodName}: in {@code className + "Grad"} (the
   * tests use top-level classes), public static, with the same parameter types.
   */
  Method gradientMethod(String className, String methodName) {
    Method user = userMethod(className, methodName);
    Class<?>[] parameterTypes = user.getParameterTypes();
    if (!Modifier.isStatic(user.getModifiers())) {
      // An instance method's generated method takes the receiver first (DESIGN.md §1).
      Class<?>[] withReceiver = new Class<?>[parameterTypes.length + 1];
      withReceiver[0] = user.getDeclaringClass();
      System.arraycopy(parameterTypes, 0, withReceiver, 1, parameterTypes.length);
      parameterTypes = withReceiver;
    }
    Class<?> gradClass = load(className + "Grad");
    Method method;
    try {
      method = gradClass.getDeclaredMethod(methodName, parameterTypes);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(
          gradClass.getName() + " has no method " + methodName + Arrays.toString(parameterTypes),
          e);
    }
    int modifiers = method.getModifiers();
    assertWithMessage("%s is public static", method)
        .that(Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers))
        .isTrue();
    Class<?> result = method.getReturnType();
    assertWithMessage("%s returns a record", method).that(result.isRecord()).isTrue();
    assertWithMessage("%s is public", result)
        .that(Modifier.isPublic(result.getModifiers()))
        .isTrue();
    assertWithMessage("%s is nested in %s", result, gradClass)
        .that(result.getDeclaringClass())
        .isEqualTo(gradClass);
    method.setAccessible(true);
    return method;
  }

  /** Calls the user's method at {@code point}; int parameters take integral coordinates. */
  double invokeUser(String className, String methodName, double... point) {
    Method method = userMethod(className, methodName);
    return (double) invoke(method, null, arguments(method, point));
  }

  /** Calls the generated method at {@code point} and returns its record. */
  Record invokeGradient(String className, String methodName, double... point) {
    Method method = gradientMethod(className, methodName);
    return (Record) invoke(method, null, arguments(method, point));
  }

  /** Calls the user's method with {@code arguments} as given (arrays included). */
  Object invokeUserWith(String className, String methodName, Object... arguments) {
    Method method = userMethod(className, methodName);
    if (!Modifier.isStatic(method.getModifiers())) {
      // The receiver comes first, as the generated methods take it.
      return invoke(method, arguments[0], Arrays.copyOfRange(arguments, 1, arguments.length));
    }
    return invoke(method, null, arguments);
  }

  /**
   * The names of the generated method's parameters: the user method's, after {@code self} for
   * an instance method.
   */
  String[] parameterNames(String className, String methodName) {
    Method method = userMethod(className, methodName);
    java.util.stream.Stream<String> names = Arrays.stream(method.getParameters())
        .map(java.lang.reflect.Parameter::getName);
    return (Modifier.isStatic(method.getModifiers())
        ? names
        : java.util.stream.Stream.concat(java.util.stream.Stream.of("self"), names))
        .toArray(String[]::new);
  }

  /** A new instance of {@code className}, by its constructor taking {@code arguments}. */
  Object newInstance(String className, Object... arguments) {
    for (java.lang.reflect.Constructor<?> constructor : load(className).getDeclaredConstructors()) {
      if (constructor.getParameterCount() == arguments.length) {
        constructor.setAccessible(true);
        try {
          return constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError(className + " has no constructor taking " + arguments.length
        + " arguments");
  }

  /** Calls the generated method with {@code arguments} as given and returns its record. */
  Record invokeGradientWith(String className, String methodName, Object... arguments) {
    return (Record) invoke(gradientMethod(className, methodName), null, arguments);
  }

  /** The source flatgrad generated for {@code gradClass}. */
  String generatedSource(String gradClass) {
    try {
      return compilation().generatedSourceFile(gradClass).orElseThrow()
          .getCharContent(true).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The source flatgrad generated for the method of {@code gradClass} whose declaration starts
   * with {@code start} (such as {@code "Tri tri("}), up to the next public static member.
   */
  String generatedMethodSource(String gradClass, String start) {
    String source = generatedSource(gradClass);
    int from = source.indexOf("public static " + start);
    assertWithMessage("a generated method starting %s", start).that(from).isAtLeast(0);
    int to = source.indexOf("public static ", from + 1);
    return source.substring(from, to < 0 ? source.length() : to);
  }

  /** Calls the static method {@code methodName} of {@code className} with {@code arguments}. */
  Object invokeMethodWith(String className, String methodName, Object... arguments) {
    for (Method method : load(className).getDeclaredMethods()) {
      if (method.getName().equals(methodName)
          && method.getParameterCount() == arguments.length) {
        method.setAccessible(true);
        return invoke(method, null, arguments);
      }
    }
    throw new AssertionError(className + " has no " + methodName + " taking "
        + arguments.length + " arguments");
  }

  /** Calls {@code <methodName>Tangent} of the generated class with {@code arguments}. */
  Record invokeTangentWith(String className, String methodName, Object... arguments) {
    Class<?> gradClass = load(className + "Grad");
    for (Method method : gradClass.getDeclaredMethods()) {
      if (method.getName().equals(methodName + "Tangent")
          && method.getParameterCount() == arguments.length) {
        method.setAccessible(true);
        return (Record) invoke(method, null, arguments);
      }
    }
    throw new AssertionError(gradClass + " has no " + methodName + "Tangent taking "
        + arguments.length + " arguments");
  }

  /** A record's components by name, in declaration order. */
  static Map<String, Object> components(Record record) {
    Map<String, Object> components = new LinkedHashMap<>();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      Method accessor = component.getAccessor();
      accessor.setAccessible(true);
      components.put(component.getName(), invoke(accessor, record, new Object[0]));
    }
    return components;
  }

  private static Object invoke(Method method, Object target, Object[] arguments) {
    try {
      return method.invoke(target, arguments);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    } catch (InvocationTargetException e) {
      throw new AssertionError(method + " threw " + e.getCause(), e.getCause());
    }
  }

  private static Object[] arguments(Method method, double[] point) {
    Class<?>[] types = method.getParameterTypes();
    if (types.length != point.length) {
      throw new IllegalArgumentException(
          method + " takes " + types.length + " arguments, got " + point.length);
    }
    Object[] arguments = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      arguments[i] = argument(types[i], point[i]);
    }
    return arguments;
  }

  private static Object argument(Class<?> type, double coordinate) {
    if (type == double.class) {
      return coordinate;
    }
    if (type == int.class && coordinate == (int) coordinate) {
      return (int) coordinate;
    }
    throw new IllegalArgumentException("cannot pass " + coordinate + " as " + type);
  }

  /** Every class file of the compilation, by binary name. */
  private static Map<String, byte[]> classFiles(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      classes.put(binaryName(file), bytes(file));
    }
    return classes;
  }

  /** {@code mem:///CLASS_OUTPUT/p/C$Inner.class} becomes {@code p.C$Inner}. */
  private static String binaryName(JavaFileObject file) {
    String path = file.toUri().getPath();
    int start = path.indexOf(CLASS_OUTPUT);
    if (start < 0 || !path.endsWith(".class")) {
      throw new IllegalStateException("unexpected class file location " + file.toUri());
    }
    return path.substring(start + CLASS_OUTPUT.length(), path.length() - ".class".length())
        .replace('/', '.');
  }

  private static byte[] bytes(JavaFileObject file) {
    try (InputStream in = file.openInputStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Defines classes from bytes; everything else (the runtime, the JDK) comes from the parent. */
  private static final class BytesClassLoader extends ClassLoader {

    private final Map<String, byte[]> classes;

    BytesClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
