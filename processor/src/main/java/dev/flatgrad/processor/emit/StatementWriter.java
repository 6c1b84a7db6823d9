package dev.flatgrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Writes IR statements as Java statements, blocks as braces, loops as loops. */
final class StatementWriter {

  private final TapeCode tape;
  /** Whether the loop being written made room for its pushes before it started. */
  private boolean roomMade;

  StatementWriter(TapeCode tape) {
    this.tape = tape;
  }

  void write(List<Stmt> statements, CodeBlock.Builder code) {
    for (Stmt stmt : statements) {
      write(stmt, code);
      if (Stmt.neverCompletes(List.of(stmt))) {
        // What a later stage put after a throw or an endless loop never runs: javac rejects it.
        return;
      }
    }
  }

  private void write(Stmt stmt, CodeBlock.Builder code) {
    boolean callsOut = tape.callsOut(stmt);
    if (callsOut) {
      tape.handBack(code);
    }
    if (stmt instanceof Stmt.If branch) {
      ifStatement(branch, code);
    } else if (stmt instanceof Stmt.Loop loop) {
      loop(loop, code);
    } else if (stmt instanceof Stmt.Push push) {
      TapeCode.push(push, roomMade, code);
    } else {
      code.addStatement(simple(stmt));
      if (callsOut && !(stmt instanceof Stmt.Throw)) {
        // Only right after the call: a grown array holds everything pushed before it.
        tape.takeBack(code);
      }
    }
  }

  /** A statement without its semicolon, as in a {@code for} header. */
  private static CodeBlock simple(Stmt stmt) {
    if (stmt instanceof Stmt.Assign assign) {
      CodeBlock value = ExpressionWriter.write(assign.value());
      if (assign.declares()) {
        return CodeBlock.of("$T $N = $L", TypeNames.of(assign.target()),
            assign.target().name(), value);
      }
      if (assign.value() instanceof Expr.Binary binary
          && binary.left().equals(new Expr.Ref(assign.target()))
          && binary.right() instanceof Expr.Literal literal && literal.isOne()
          && assign.target().type() == dev.flatgrad.processor.ir.Type.INT) {
        String step = switch (binary.operator()) {
          case ADD -> "++";
          case SUBTRACT -> "--";
          default -> null;
        };
        if (step != null) {
          return CodeBlock.of("$N$L", assign.target().name(), step);
        }
      }
      return CodeBlock.of("$N = $L", assign.target().name(), value);
    }
    if (stmt instanceof Stmt.Declare declare) {
      return CodeBlock.of("$T $N", TypeNames.of(declare.variable()),
          declare.variable().name());
    }
    if (stmt instanceof Stmt.Accumulate accumulate) {
      return CodeBlock.of("$L += $L", ExpressionWriter.write(accumulate.target()),
          ExpressionWriter.write(accumulate.value()));
    }
    if (stmt instanceof Stmt.Store store) {
      return CodeBlock.of("$L = $L", ExpressionWriter.write(store.target()),
          ExpressionWriter.write(store.value()));
    }
    if (stmt instanceof Stmt.Pullback pullback) {
      return pullback(pullback);
    }
    if (stmt instanceof Stmt.Throw thrown) {
      return CodeBlock.of("throw new $T($L)", ExpressionWriter.className(thrown.exception()),
          ExpressionWriter.arguments(thrown.arguments()));
    }
    if (stmt instanceof Stmt.Assert assertion) {
      CodeBlock condition = ExpressionWriter.write(assertion.condition());
      return assertion.detail() == null
          ? CodeBlock.of("assert $L", condition)
          : CodeBlock.of("assert $L : $L", condition, ExpressionWriter.write(assertion.detail()));
    }
    if (stmt instanceof Stmt.Run run) {
      return ExpressionWriter.call(run.method(), run.arguments());
    }
    throw new IllegalArgumentException("not a simple statement: " + stmt);
  }

  /** {@code var pulled = CalleeGrad.fPullback(arguments, upstream, sinks)}. */
  private static CodeBlock pullback(Stmt.Pullback pullback) {
    String method = pullback.tangents() == null
        ? pullback.callee().pullbackName()
        : pullback.callee().pullbackTangentName();
    CodeBlock call = CodeBlock.of("$T.$N($L)",
        ExpressionWriter.className(GradClassWriter.gradClassOf(pullback.callee().owner())),
        method, CallArguments.pullback(pullback));
    return pullback.result() == null
        ? call
        : CodeBlock.of("var $N = $L", pullback.result().name(), call);
  }

  private void ifStatement(Stmt.If branch, CodeBlock.Builder code) {
    code.beginControlFlow("if ($L)", ExpressionWriter.write(branch.condition()));
    write(branch.then(), code);
    List<Stmt> otherwise = branch.otherwise();
    while (otherwise.size() == 1 && otherwise.get(0) instanceof Stmt.If elseIf) {
      code.nextControlFlow("else if ($L)", ExpressionWriter.write(elseIf.condition()));
      write(elseIf.then(), code);
      otherwise = elseIf.otherwise();
    }
    if (!otherwise.isEmpty()) {
      code.nextControlFlow("else");
      write(otherwise, code);
    }
    code.endControlFlow();
  }

  private void loop(Stmt.Loop loop, CodeBlock.Builder code) {
    Optional<CountedPushes> counted =
        tape.isUsed() ? CountedPushes.of(loop) : Optional.empty();
    counted.ifPresent(pushes -> tape.makeRoom(pushes, code));
    boolean outer = roomMade;
    roomMade = counted.isPresent();
    loopStatement(loop, code);
    roomMade = outer;
  }

  private void loopStatement(Stmt.Loop loop, CodeBlock.Builder code) {
    CodeBlock condition = loop.condition() == null
        ? CodeBlock.of("true")
        : ExpressionWriter.write(loop.condition());
    if (!loop.testFirst()) {
      write(loop.init(), code);
      code.beginControlFlow("do");
      write(loop.body(), code);
      write(loop.update(), code);
      publishEachIteration(loop, code);
      code.endControlFlow("while ($L)", condition);
      return;
    }
    List<Stmt> init = loop.init();
    boolean headerInit = init.size() <= 1
        && init.stream().noneMatch(stmt -> stmt instanceof Stmt.Push || tape.callsOut(stmt));
    if (!headerInit) {
      write(init, code);
    }
    // A header update holds plain assignments; one that needs temporaries goes in the body.
    boolean headerUpdate = loop.update().stream()
        .noneMatch(stmt -> stmt instanceof Stmt.Assign assign && assign.declares()
            || stmt instanceof Stmt.If || stmt instanceof Stmt.Loop || stmt instanceof Stmt.Push
            || tape.callsOut(stmt));
    List<Stmt> update = headerUpdate ? loop.update() : List.of();
    if ((init.isEmpty() || !headerInit) && update.isEmpty()) {
      code.beginControlFlow("while ($L)", condition);
    } else {
      code.beginControlFlow("for ($L; $L; $L)",
          headerInit && !init.isEmpty() ? simple(init.get(0)) : "", condition,
          update.stream().map(StatementWriter::simple).collect(CodeBlock.joining(", ")));
    }
    write(loop.body(), code);
    if (!Stmt.neverCompletes(loop.body())) {
      if (!headerUpdate) {
        write(loop.update(), code);
      }
      publishEachIteration(loop, code);
    }
    code.endControlFlow();
  }

  /** A condition that calls is evaluated again after each iteration, with its pushes. */
  private void publishEachIteration(Stmt.Loop loop, CodeBlock.Builder code) {
    if (tape.callsOut(loop)) {
      tape.handBack(code);
    }
  }
}
