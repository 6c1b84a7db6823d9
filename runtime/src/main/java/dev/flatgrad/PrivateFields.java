package dev.flatgrad;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;

/**
 * How generated code reads a private field of the user's class. Java lets no other class name a
 * private field, but the generated class sits in the same package and module, so it may look
 * the field up once, when it is initialized, and read it through the handle afterwards: {@code
 * double discountFactor = (double) PricerGrad.discountFactor.get(self);}. A {@code static final}
 * {@link VarHandle} read with the field's own type costs what reading the field costs once the
 * JIT has compiled the method.
 */
public final class PrivateFields {

  private PrivateFields() {}

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
  public static VarHandle handle(MethodHandles.Lookup generated, Class<?> owner, String name) {
    try {
      Field field = owner.getDeclaredField(name);
      return MethodHandles.privateLookupIn(owner, generated).unreflectVarHandle(field);
    } catch (NoSuchFieldException | IllegalAccessException e) {
      throw new IllegalStateException(generated.lookupClass().getName()
          + " cannot read the field " + name + " of " + owner.getName() + ": " + e.getMessage()
          + " (recompile both with the flatgrad processor)", e);
    }
  }
}
