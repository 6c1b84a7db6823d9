package dev.flatgrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.TapeLocals;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * How one generated method uses the thread's tape. It keeps each stack it needs (saved doubles,
 * saved ints) in two locals, the array and the index of the next free entry, so a push is a store
 * and an increment in registers, and grows the array itself. It hands both back to the tape
 * before it calls code that may use the tape too (a pullback, or the user's own methods), takes
 * the array again after the call (the callee may have grown it), and hands it back on return.
 *
 * <p>A method that calls out runs its body in a {@code try}: if anything throws, the handler
 * sets the tape's indices back to what the method found ({@code callerTop}) and rethrows, so a
 * caught failure leaves nothing on the thread's tape. A method that calls nothing never hands
 * back an index other than the one it found, and gets no handler.
 */
final class TapeCode {

  static final TapeCode NONE = new TapeCode(null, false, false, false);

  /** A popped boolean is written {@code savedInts[--intTop] != 0}: an equality. */
  static final int POPPED_BOOLEAN_PRECEDENCE = BinaryOperator.NOT_EQUAL.precedence();

  private final TapeLocals locals;
  private final boolean doubles;
  private final boolean ints;
  private final boolean calls;

  private TapeCode(TapeLocals locals, boolean doubles, boolean ints, boolean calls) {
    this.locals = locals;
    this.doubles = doubles;
    this.ints = ints;
    this.calls = calls;
  }

  /** The tape code of a body made of {@code blocks}, which push on {@code tape} if present. */
  static TapeCode of(Optional<TapeLocals> tape, List<List<Stmt>> blocks) {
    if (tape.isEmpty()) {
      return NONE;
    }
    Scan scan = new Scan();
    blocks.forEach(scan::block);
    return new TapeCode(tape.get(), scan.doubles, scan.ints, scan.calls);
  }

  boolean isUsed() {
    return locals != null;
  }

  /** The names of the tape's locals, or none if the method does not use the tape. */
  List<String> declaredNames() {
    return locals == null
        ? List.of()
        : List.of(locals.tape().name(), locals.doubles().name(), locals.doubleTop().name(),
            locals.ints().name(), locals.intTop().name(), locals.callerTop().name(),
            locals.callerIntTop().name(), locals.failure());
  }

  /** {@code Tape tape = Tape.forThread();} and the locals of the stacks used. */
  void declare(CodeBlock.Builder code) {
    if (!isUsed()) {
      return;
    }
    code.addStatement("$T $N = $T.forThread()", TypeNames.TAPE, locals.tape().name(),
        TypeNames.TAPE);
    if (doubles) {
      code.addStatement("double[] $N = $N.doubles()", locals.doubles().name(), locals.tape().name());
      code.addStatement("int $N = $N.doubleCount()", locals.doubleTop().name(),
          locals.tape().name());
      if (calls) {
        code.addStatement("int $N = $N", locals.callerTop().name(), locals.doubleTop().name());
      }
    }
    if (ints) {
      code.addStatement("int[] $N = $N.ints()", locals.ints().name(), locals.tape().name());
      code.addStatement("int $N = $N.intCount()", locals.intTop().name(), locals.tape().name());
      if (calls) {
        code.addStatement("int $N = $N", locals.callerIntTop().name(), locals.intTop().name());
      }
    }
  }

  /**
   * Whether the body needs a handler that sets the tape back when it fails: it calls out, so it
   * hands the tape indices above the ones it found.
   */
  boolean guardsFailures() {
    return isUsed() && calls && (doubles || ints);
  }

  /**
   * {@code catch (Throwable failure) { tape.setDoubles(tape.doubles(), callerTop); throw failure;
   * }}: ends the {@code try} around a body that {@linkplain #guardsFailures() needs it}. The
   * tape's own array is kept: a callee may have grown it, and everything below {@code callerTop}
   * is in it. {@code frame} is the frame object holding the variables, or null for locals.
   */
  void catchFailure(CodeBlock.Builder code, String frame) {
    String prefix = frame == null ? "" : frame + ".";
    String tape = prefix + locals.tape().name();
    code.nextControlFlow("catch ($T $N)", Throwable.class, locals.failure());
    if (doubles) {
      code.addStatement("$L.setDoubles($L.doubles(), $L$N)", tape, tape, prefix,
          locals.callerTop().name());
    }
    if (ints) {
      code.addStatement("$L.setInts($L.ints(), $L$N)", tape, tape, prefix,
          locals.callerIntTop().name());
    }
    code.addStatement("throw $N", locals.failure());
    code.endControlFlow();
  }

  /** The same variables as fields of a frame class, for a body split into several methods. */
  void declareFields(TypeSpec.Builder frame) {
    if (!isUsed()) {
      return;
    }
    frame.addField(FieldSpec.builder(TypeNames.TAPE, locals.tape().name(), Modifier.PRIVATE,
        Modifier.FINAL).initializer("$T.forThread()", TypeNames.TAPE).build());
    if (doubles) {
      frame.addField(FieldSpec.builder(double[].class, locals.doubles().name(), Modifier.PRIVATE)
          .initializer("$N.doubles()", locals.tape().name()).build());
      frame.addField(FieldSpec.builder(int.class, locals.doubleTop().name(), Modifier.PRIVATE)
          .initializer("$N.doubleCount()", locals.tape().name()).build());
      if (calls) {
        frame.addField(FieldSpec.builder(int.class, locals.callerTop().name(), Modifier.PRIVATE,
            Modifier.FINAL).initializer("$N", locals.doubleTop().name()).build());
      }
    }
    if (ints) {
      frame.addField(FieldSpec.builder(int[].class, locals.ints().name(), Modifier.PRIVATE)
          .initializer("$N.ints()", locals.tape().name()).build());
      frame.addField(FieldSpec.builder(int.class, locals.intTop().name(), Modifier.PRIVATE)
          .initializer("$N.intCount()", locals.tape().name()).build());
      if (calls) {
        frame.addField(FieldSpec.builder(int.class, locals.callerIntTop().name(),
            Modifier.PRIVATE, Modifier.FINAL).initializer("$N", locals.intTop().name()).build());
      }
    }
  }

  /**
   * {@code saved[top++] = value}; first, unless the enclosing loop made room for it, growing the
   * array if it is full.
   */
  static void push(Stmt.Push push, boolean roomMade, CodeBlock.Builder code) {
    TapeLocals locals = push.tape();
    boolean onInts = TapeLocals.onIntStack(push.value().type());
    Variable array = onInts ? locals.ints() : locals.doubles();
    Variable top = onInts ? locals.intTop() : locals.doubleTop();
    if (!roomMade) {
      code.addStatement("if ($N == $N.length) $N = $T.grow($N, $N + 1)", top.name(),
          array.name(), array.name(), TypeNames.TAPE, array.name(), top.name());
    }
    code.addStatement("$N[$N++] = $L", array.name(), top.name(), pushed(push.value()));
  }

  /** Grows the arrays, if need be, to hold everything {@code loop} is about to push. */
  void makeRoom(CountedPushes loop, CodeBlock.Builder code) {
    if (loop.doubles() != null) {
      makeRoom(locals.doubles(), locals.doubleTop(), loop.doubles(), code);
    }
    if (loop.ints() != null) {
      makeRoom(locals.ints(), locals.intTop(), loop.ints(), code);
    }
  }

  private static void makeRoom(Variable array, Variable top, Expr count,
      CodeBlock.Builder code) {
    CodeBlock needed = ExpressionWriter.write(
        new Expr.Binary(BinaryOperator.ADD, new Expr.Ref(top), count, Type.INT));
    code.addStatement("if ($L > $N.length) $N = $T.grow($N, $L)", needed, array.name(),
        array.name(), TypeNames.TAPE, array.name(), needed);
  }

  private static CodeBlock pushed(Expr value) {
    if (value.type() == Type.LONG) {
      // A long's 64 bits, unchanged in a double's: the pop takes the same bits back.
      return CodeBlock.of("$T.longBitsToDouble($L)", Double.class, ExpressionWriter.write(value));
    }
    if (value.type() != Type.BOOLEAN) {
      return ExpressionWriter.write(value);
    }
    if (value instanceof Expr.Literal literal) {
      return CodeBlock.of(literal.text().equals("true") ? "1" : "0");
    }
    return CodeBlock.of("$L ? 1 : 0", ExpressionWriter.write(value));
  }

  /** {@code saved[--top]}: the value last pushed, taken off. */
  static CodeBlock pop(Expr.Pop pop) {
    TapeLocals locals = pop.tape();
    if (!TapeLocals.onIntStack(pop.type())) {
      CodeBlock popped =
          CodeBlock.of("$N[--$N]", locals.doubles().name(), locals.doubleTop().name());
      return switch (pop.type()) {
        case LONG -> CodeBlock.of("$T.doubleToRawLongBits($L)", Double.class, popped);
        case FLOAT -> CodeBlock.of("(float) $L", popped);
        default -> popped;
      };
    }
    CodeBlock popped = CodeBlock.of("$N[--$N]", locals.ints().name(), locals.intTop().name());
    return switch (pop.type()) {
      case BOOLEAN -> CodeBlock.of("$L != 0", popped);
      case SHORT, BYTE, CHAR -> CodeBlock.of("($L) $L", pop.type().javaName(), popped);
      default -> popped;
    };
  }

  /**
   * Whether {@code stmt} calls code that may use the tape: a pullback, or an expression that
   * calls a user's method. An {@code if} or a loop counts only for its own condition.
   */
  boolean callsOut(Stmt stmt) {
    if (!calls) {
      return false;
    }
    if (stmt instanceof Stmt.Pullback) {
      return true;
    }
    if (stmt instanceof Stmt.If branch) {
      return callsOut(branch.condition());
    }
    if (stmt instanceof Stmt.Loop loop) {
      return loop.condition() != null && callsOut(loop.condition());
    }
    Scan scan = new Scan();
    scan.statement(stmt);
    return scan.calls;
  }

  /** Whether {@code expr} calls a user's method, which may run generated code that pushes. */
  static boolean callsOut(Expr expr) {
    return expr instanceof Expr.Invoke || expr instanceof Expr.TangentCall
        || expr.children().stream().anyMatch(TapeCode::callsOut);
  }

  /** {@code tape.setDoubles(saved, top)}: before a call, and when the method returns. */
  void handBack(CodeBlock.Builder code) {
    if (doubles) {
      code.addStatement("$N.setDoubles($N, $N)", locals.tape().name(), locals.doubles().name(),
          locals.doubleTop().name());
    }
    if (ints) {
      code.addStatement("$N.setInts($N, $N)", locals.tape().name(), locals.ints().name(),
          locals.intTop().name());
    }
  }

  /** {@code saved = tape.doubles()}: after a call, which may have grown the array. */
  void takeBack(CodeBlock.Builder code) {
    if (doubles) {
      code.addStatement("$N = $N.doubles()", locals.doubles().name(), locals.tape().name());
    }
    if (ints) {
      code.addStatement("$N = $N.ints()", locals.ints().name(), locals.tape().name());
    }
  }

  /** What a body pushes, and whether it calls code that may push too. */
  private static final class Scan {
    boolean doubles;
    boolean ints;
    boolean calls;

    void block(List<Stmt> statements) {
      statements.forEach(this::statement);
    }

    void statement(Stmt stmt) {
      if (stmt instanceof Stmt.Push push) {
        if (TapeLocals.onIntStack(push.value().type())) {
          ints = true;
        } else {
          doubles = true;
        }
      }
      calls |= stmt instanceof Stmt.Pullback;
      stmt.expressions().forEach(this::expression);
      stmt.blocks().forEach(this::block);
    }

    void expression(Expr expr) {
      if (expr instanceof Expr.Pop pop) {
        if (TapeLocals.onIntStack(pop.type())) {
          ints = true;
        } else {
          doubles = true;
        }
      }
      calls |= expr instanceof Expr.Invoke || expr instanceof Expr.TangentCall;
      expr.children().forEach(this::expression);
    }
  }
}
