package dev.flatgrad;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * How generated code reads a private field of the user's class, or calls a private static
 * method of it. Java lets no other class name them, but the generated class sits in the same
 * package and module, so it may look them up once, when it is initialized, and use the handles
 * afterwards: {@code double discountFactor = (double) PricerGrad.discountFactor.get(self);}. A
 * {@code static final} handle used with the member's own types costs what the field read or the
 * call costs once the JIT has compiled the method.
 */
public final class PrivateMembers {

  private PrivateMembers() {}

  /**
   * A handle on the field {@code name} of {@code owner}, static or not, for {@code generated}.
   *
   * @param generated the generated class's own lookup, {@code MethodHandles.lookup()}
   * @param owner the class that declares the field
   * @param name the field's name
   * @return a handle that reads and writes the field
   * @throws IllegalStateException if the field does not exist or the generated class may not
   *     read it (the two classes were compiled apart, or loaded by different class loaders)
   */
  public static VarHandle field(MethodHandles.Lookup generated, Class<?> owner, String name) {
    try {
      Field field = owner.getDeclaredField(name);
      return MethodHandles.privateLookupIn(owner, generated).unreflectVarHandle(field);
    } catch (NoSuchFieldException | IllegalAccessException e) {
      throw unreachable(generated, "the field " + name, owner, e);
    }
  }

  /**
   * A handle on the static method {@code name} of {@code owner} that takes {@code arity}
   * parameters, for {@code generated}: the only one, as flatgrad tells helpers apart by name
   * and number of parameters.
   *
   * @param generated the generated class's own lookup, {@code MethodHandles.lookup()}
   * @param owner the class that declares the method
   * @param name the method's name
   * @param arity its number of parameters
   * @return a handle that calls the method
   * @throws IllegalStateException if there is no such method, or several, or the generated
   *     class may not call it
   */
  public static MethodHandle method(MethodHandles.Lookup generated, Class<?> owner, String name,
      int arity) {
    Method found = null;
    for (Method method : owner.getDeclaredMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == arity
          && Modifier.isStatic(method.getModifiers())) {
        if (found != null) {
          throw unreachable(generated, "the method " + name, owner,
              new IllegalArgumentException("several static overloads take " + arity
                  + " parameters"));
        }
        found = method;
      }
    }
    if (found == null) {
      throw unreachable(generated, "the method " + name, owner,
          new NoSuchMethodException(name + " with " + arity + " parameters"));
    }
    try {
      return MethodHandles.privateLookupIn(owner, generated).unreflect(found);
    } catch (IllegalAccessException e) {
      throw unreachable(generated, "the method " + name, owner, e);
    }
  }

  /**
   * Throws {@code failure} as it is, checked or not: what a generated method that calls a
   * private method through its handle does with what the method threw, so that its caller sees
   * exactly what the user's method would have thrown.
   *
   * @param failure what the method threw
   * @return never returns; declared so that callers can write {@code throw rethrow(e)}
   */
  public static RuntimeException rethrow(Throwable failure) {
    throw PrivateMembers.<RuntimeException>sneaky(failure);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable failure) throws T {
    throw (T) failure;
  }

  private static IllegalStateException unreachable(MethodHandles.Lookup generated, String what,
      Class<?> owner, Exception cause) {
    return new IllegalStateException(generated.lookupClass().getName() + " cannot reach "
        + what + " of " + owner.getName() + ": " + cause.getMessage()
        + " (recompile both with the flatgrad processor)", cause);
  }
}
