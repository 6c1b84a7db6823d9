package dev.flatgrad.processor.ad;

import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.MethodRef;
import dev.flatgrad.processor.ir.TapeLocals;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;

/**
 * An enum variable that a loop overwrites while the reverse pass still reads it (passes it to a
 * pullback, calls its methods) goes on the tape of ints as its ordinal: {@code
 * savedInts[intTop++] = Tape.ordinal(mode);}, and comes back as {@code mode =
 * Tape.enumConstant(Mode.class, savedInts[--intTop]);}.
 */
final class SavedEnums {

  private static final ClassId TAPE = new ClassId("dev.flatgrad", List.of("Tape"));

  private SavedEnums() {}

  /** {@code Tape.ordinal(variable)}: what the tape keeps for it. */
  static Expr ordinal(Variable variable) {
    return new Expr.StaticCall(new MethodRef(TAPE, "ordinal"),
        List.of(new Expr.Ref(variable)), Type.INT, null);
  }

  /** {@code Tape.enumConstant(Mode.class, popped)}: the value saved for {@code variable}. */
  static Expr restored(Variable variable, TapeLocals tape) {
    return new Expr.StaticCall(new MethodRef(TAPE, "enumConstant"),
        List.of(new Expr.Constant(variable.enumClass(), "class", Type.OBJECT),
            new Expr.Pop(tape, Type.INT)), Type.ENUM, null);
  }
}
