package dev.flatgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.junit.jupiter.api.Test;

/** The handles generated code reads private fields and calls private methods through. */
class PrivateMembersTest {

  /** Stands for a user's class: its members are private to it. */
  static final class Owner {
    private static final double[] TABLE = {1.5, 2.5};
    private final double scale;

    Owner(double scale) {
      this.scale = scale;
    }

    private static int twice(int n) {
      return 2 * n;
    }

    private static int overloaded(int n) {
      return n;
    }

    private static int overloaded(double x) {
      return (int) x;
    }

    private static void fail() throws IOException {
      throw new IOException("checked");
    }
  }

  @Test
  void readsPrivateInstanceAndStaticFields() {
    VarHandle scale = PrivateMembers.field(MethodHandles.lookup(), Owner.class, "scale");
    VarHandle table = PrivateMembers.field(MethodHandles.lookup(), Owner.class, "TABLE");
    assertEquals(0.25, (double) scale.get(new Owner(0.25)));
    assertEquals(2.5, ((double[]) table.get())[1]);
  }

  @Test
  void callsAPrivateStaticMethodByNameAndArity() throws Throwable {
    MethodHandle twice = PrivateMembers.method(MethodHandles.lookup(), Owner.class, "twice", 1);
    assertEquals(14, (int) twice.invokeExact(7));
  }

  @Test
  void namesWhatItCannotFind() {
    IllegalStateException missing = assertThrows(IllegalStateException.class, () ->
        PrivateMembers.field(MethodHandles.lookup(), Owner.class, "offset"));
    assertTrue(missing.getMessage().contains("cannot reach the field offset of "
        + Owner.class.getName()), missing.getMessage());
    IllegalStateException several = assertThrows(IllegalStateException.class, () ->
        PrivateMembers.method(MethodHandles.lookup(), Owner.class, "overloaded", 1));
    assertTrue(several.getMessage().contains("several static overloads take 1 parameters"),
        several.getMessage());
  }

  @Test
  void rethrowsACheckedExceptionAsItIs() {
    MethodHandle fail = PrivateMembers.method(MethodHandles.lookup(), Owner.class, "fail", 0);
    IOException thrown = assertThrows(IOException.class, () -> {
      try {
        fail.invokeExact();
      } catch (Throwable failure) {
        throw PrivateMembers.rethrow(failure);
      }
    });
    assertEquals("checked", thrown.getMessage());
    assertSame(IOException.class, thrown.getClass());
  }
}
