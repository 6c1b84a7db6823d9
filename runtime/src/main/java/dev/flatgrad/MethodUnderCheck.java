package dev.flatgrad;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A user's {@code @Differentiable} method and the method flatgrad generated for it, found by
 * reflection, so that {@link GradCheck#method(Class, String)} can check one against the other:
 * it calls the generated method, reads the gradient record's components, and lays the
 * differentiated parameters out as the scalar, vector and matrix entries {@link GradCheck}
 * perturbs, rebuilding the user's arguments (records included) for every evaluation.
 */
final class MethodUnderCheck {

  private final Method user;
  private final Method generated;
  private final boolean instance;
  /** Per argument of the call (the receiver first for an instance method): its gradient, or null. */
  private final RecordComponent[] gradients;

  private MethodUnderCheck(Method user, Method generated, RecordComponent[] gradients) {
    this.user = user;
    this.generated = generated;
    this.instance = !Modifier.isStatic(user.getModifiers());
    this.gradients = gradients;
  }

  /** The check of {@code userClass.name} at {@code arguments}, as a {@link GradCheck} to run. */
  static GradCheck at(Class<?> userClass, String name, Object[] arguments, Random random) {
    MethodUnderCheck method = find(userClass, name, arguments);
    Object[] point = method.point(arguments, random);
    Object result = invoke(method.generated, null, copyAll(point));
    List<Leaf> leaves = new ArrayList<>();
    for (int i = 0; i < point.length; i++) {
      if (method.gradients[i] != null) {
        Object gradient = invoke(method.gradients[i].getAccessor(), result);
        flatten(method.gradients[i].getName(), method.gradients[i].getType(), point[i], gradient,
            leaves);
      }
    }
    GradCheck check = GradCheck.of(values -> method.valueAt(point, values));
    for (Leaf leaf : leaves) {
      leaf.addTo(check);
    }
    return check;
  }

  // ---- finding the two methods ----

  private static MethodUnderCheck find(Class<?> userClass, String name, Object[] arguments) {
    Class<?> gradClass = gradClass(userClass);
    List<MethodUnderCheck> matches = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (Method user : userClass.getDeclaredMethods()) {
      if (!user.getName().equals(name) || user.isSynthetic()) {
        continue;
      }
      seen.add(signature(user));
      Method generated = generatedFor(gradClass, user);
      if (generated != null && accepts(generated.getParameterTypes(), arguments)) {
        matches.add(new MethodUnderCheck(user, generated, gradients(user, generated)));
      }
    }
    if (matches.size() == 1) {
      MethodUnderCheck match = matches.get(0);
      match.user.setAccessible(true); // a package-private method of the user's class
      return match;
    }
    String given = Arrays.stream(arguments)
        .map(argument -> argument == null ? "null" : argument.getClass().getSimpleName())
        .collect(Collectors.joining(", ", "(", ")"));
    if (seen.isEmpty()) {
      throw new IllegalArgumentException(userClass.getName() + " has no method " + name);
    }
    throw new IllegalArgumentException((matches.isEmpty() ? "no" : "more than one")
        + " method " + name + " of " + userClass.getName() + " with a generated gradient in "
        + gradClass.getName() + " takes the arguments " + given + "; its methods of that name: "
        + seen + " (for an instance method, pass its receiver first)");
  }

  /** {@code p.C} → {@code p.CGrad}; {@code p.Outer.Inner} → {@code p.Outer_InnerGrad}. */
  private static Class<?> gradClass(Class<?> userClass) {
    String packageName = userClass.getPackageName();
    String binary = userClass.getName();
    String nested = packageName.isEmpty() ? binary : binary.substring(packageName.length() + 1);
    String name = (packageName.isEmpty() ? "" : packageName + ".") + nested.replace('$', '_')
        + "Grad";
    try {
      return Class.forName(name, true, userClass.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("no class " + name + ": was " + userClass.getName()
          + " compiled with the flatgrad processor on the processor path?", e);
    }
  }

  /** The generated method: same name, the receiver first for an instance method, returns a record. */
  private static Method generatedFor(Class<?> gradClass, Method user) {
    List<Class<?>> types = new ArrayList<>();
    if (!Modifier.isStatic(user.getModifiers())) {
      types.add(user.getDeclaringClass());
    }
    types.addAll(List.of(user.getParameterTypes()));
    try {
      Method generated = gradClass.getMethod(user.getName(), types.toArray(Class<?>[]::new));
      if (!Modifier.isStatic(generated.getModifiers()) || !generated.getReturnType().isRecord()) {
        return null;
      }
      Class<?> value = generated.getReturnType().getRecordComponents()[0].getType();
      if (value != double.class) {
        throw new IllegalArgumentException(signature(user) + " returns " + value.getSimpleName()
            + ": GradCheck.method checks methods that return double");
      }
      return generated;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static boolean accepts(Class<?>[] types, Object[] arguments) {
    if (types.length != arguments.length) {
      return false;
    }
    for (int i = 0; i < types.length; i++) {
      Class<?> type = types[i].isPrimitive() ? boxed(types[i]) : types[i];
      if (arguments[i] == null ? types[i].isPrimitive() : !type.isInstance(arguments[i])) {
        return false;
      }
    }
    return true;
  }

  private static Class<?> boxed(Class<?> primitive) {
    return Array.get(Array.newInstance(primitive, 1), 0).getClass();
  }

  /**
   * Which argument each gradient component belongs to. The components are named like the
   * differentiated parameters and come in their order: by name when the class file has the
   * names ({@code -parameters}, or {@code -g} as Maven and Gradle compile), otherwise by position
   * when every parameter of a differentiable type is differentiated (the default {@code wrt}).
   */
  private static RecordComponent[] gradients(Method user, Method generated) {
    RecordComponent[] components = generated.getReturnType().getRecordComponents();
    List<RecordComponent> partials = List.of(components).subList(1, components.length);
    int offset = generated.getParameterCount() - user.getParameterCount();
    RecordComponent[] gradients = new RecordComponent[generated.getParameterCount()];
    Parameter[] parameters = user.getParameters();
    Optional<String[]> names = ParameterNames.of(user);
    if (names.isPresent()) {
      Map<String, RecordComponent> byName = new HashMap<>();
      partials.forEach(partial -> byName.put(partial.getName(), partial));
      for (int i = 0; i < parameters.length; i++) {
        String name = names.get()[i];
        RecordComponent partial = byName.remove(name);
        if (partial == null) {
          partial = byName.remove(name + "_"); // named like one of Object's methods
        }
        gradients[offset + i] = partial;
      }
      if (byName.isEmpty()) {
        return gradients;
      }
      Arrays.fill(gradients, null);
    }
    List<Integer> differentiable = new ArrayList<>();
    for (int i = 0; i < parameters.length; i++) {
      if (differentiable(parameters[i].getType())) {
        differentiable.add(i);
      }
    }
    if (differentiable.size() != partials.size()) {
      throw new IllegalArgumentException(signature(user) + " differentiates " + partials.size()
          + " of its " + differentiable.size() + " differentiable parameters, and its class file"
          + " has no parameter names to tell which: compile it with -g or -parameters, or check"
          + " it with GradCheck.of(...)");
    }
    for (int k = 0; k < partials.size(); k++) {
      int i = differentiable.get(k);
      if (partials.get(k).getType() != parameters[i].getType()) {
        throw new IllegalArgumentException("the gradient component " + partials.get(k).getName()
            + " of " + generated.getReturnType().getName() + " does not have the type of "
            + signature(user) + "'s parameter " + i);
      }
      gradients[offset + i] = partials.get(k);
    }
    return gradients;
  }

  private static boolean differentiable(Class<?> type) {
    if (type == double.class || type == double[].class || type == double[][].class) {
      return true;
    }
    return type.isRecord() && Arrays.stream(type.getRecordComponents())
        .anyMatch(component -> differentiable(component.getType()));
  }

  // ---- the point and the leaves ----

  /** The arguments as given, or with every differentiated entry drawn from [-1, 1). */
  private Object[] point(Object[] arguments, Random random) {
    Object[] point = copyAll(arguments);
    if (random != null) {
      for (int i = 0; i < point.length; i++) {
        if (gradients[i] != null) {
          point[i] = randomized(gradients[i].getType(), point[i], random);
        }
      }
    }
    return point;
  }

  private static Object randomized(Class<?> type, Object value, Random random) {
    if (type == double.class) {
      return draw(random);
    }
    if (type == double[].class) {
      double[] vector = (double[]) value;
      for (int j = 0; j < vector.length; j++) {
        vector[j] = draw(random);
      }
      return vector;
    }
    if (type == double[][].class) {
      for (double[] row : (double[][]) value) {
        randomized(double[].class, row, random);
      }
      return value;
    }
    return rebuild(type, value, component -> differentiable(component.getType())
        ? randomized(component.getType(), invoke(component.getAccessor(), value), random)
        : invoke(component.getAccessor(), value));
  }

  private static double draw(Random random) {
    return 2 * random.nextDouble() - 1;
  }

  /** One scalar, vector or matrix of a differentiated argument, named as the report shows it. */
  private record Leaf(String name, Class<?> type, Object value, Object gradient) {
    void addTo(GradCheck check) {
      if (type == double.class) {
        check.scalar(name, (Double) value, (Double) gradient);
      } else if (type == double[].class) {
        check.vector(name, (double[]) value, (double[]) gradient);
      } else {
        check.matrix(name, (double[][]) value, (double[][]) gradient);
      }
    }
  }

  private static void flatten(String name, Class<?> type, Object value, Object gradient,
      List<Leaf> leaves) {
    if (type == double.class || type == double[].class || type == double[][].class) {
      if (gradient == null) {
        throw new IllegalArgumentException("the generated gradient of " + name + " is null");
      }
      leaves.add(new Leaf(name, type, value, gradient));
      return;
    }
    for (RecordComponent component : type.getRecordComponents()) {
      if (differentiable(component.getType())) {
        flatten(name + "." + component.getName(), component.getType(),
            invoke(component.getAccessor(), value), invoke(component.getAccessor(), gradient),
            leaves);
      }
    }
  }

  /** The user's method at the point, its differentiated entries read from {@code values}. */
  private double valueAt(Object[] point, GradCheck.Arguments values) {
    Object[] call = new Object[point.length];
    int[] next = {0};
    for (int i = 0; i < point.length; i++) {
      call[i] = gradients[i] == null ? copy(point[i])
          : assemble(gradients[i].getType(), point[i], values, next);
    }
    Object receiver = instance ? call[0] : null;
    Object[] rest = instance ? Arrays.copyOfRange(call, 1, call.length) : call;
    return (Double) invoke(user, receiver, rest);
  }

  /** Copies so the user's method may not disturb the check's values, even if it writes them. */
  private static Object assemble(Class<?> type, Object original, GradCheck.Arguments values,
      int[] next) {
    if (type == double.class) {
      return values.scalar(next[0]++);
    }
    if (type == double[].class) {
      return values.vector(next[0]++).clone();
    }
    if (type == double[][].class) {
      return copy(values.matrix(next[0]++));
    }
    return rebuild(type, original, component -> differentiable(component.getType())
        ? assemble(component.getType(), invoke(component.getAccessor(), original), values, next)
        : invoke(component.getAccessor(), original));
  }

  private interface ComponentValue {
    Object of(RecordComponent component);
  }

  /** A new record of {@code type} through its canonical constructor, in component order. */
  private static Object rebuild(Class<?> type, Object original, ComponentValue values) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] arguments = new Object[components.length];
    for (int c = 0; c < components.length; c++) {
      types[c] = components[c].getType();
      arguments[c] = values.of(components[c]);
    }
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(arguments);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot rebuild the record " + type.getName()
          + " from its components: " + e, e);
    }
  }

  // ---- reflection helpers ----

  private static Object[] copyAll(Object[] arguments) {
    Object[] copies = new Object[arguments.length];
    for (int i = 0; i < arguments.length; i++) {
      copies[i] = copy(arguments[i]);
    }
    return copies;
  }

  /** A deep copy of an array of any element type; anything else as it is. */
  private static Object copy(Object value) {
    if (value == null || !value.getClass().isArray()) {
      return value;
    }
    int length = Array.getLength(value);
    Object copy = Array.newInstance(value.getClass().getComponentType(), length);
    for (int i = 0; i < length; i++) {
      Array.set(copy, i, copy(Array.get(value, i)));
    }
    return copy;
  }

  private static Object invoke(Method method, Object receiver, Object... arguments) {
    try {
      method.setAccessible(true);
      return method.invoke(receiver, arguments);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + method + ": " + e.getMessage(), e);
    }
  }

  private static String signature(Method method) {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName()
        + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }
}
