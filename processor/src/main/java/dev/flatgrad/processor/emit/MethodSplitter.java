package dev.flatgrad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.MethodRef;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.TapeLocals;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Keeps every generated method under HotSpot's JIT limit of 8,000 bytes of bytecode (and far
 * from javac's 64 KB). A long body moves into a frame class: its variables become the frame's
 * fields, and its statements are cut into methods {@code part0()}, {@code part1()}, ... that the
 * generated method calls in turn, each running its statements in an inner class of the frame.
 * A loop too long for one part runs its body from parts of its own. The statements themselves
 * read as before; short bodies, the usual case, are written straight into the method.
 */
final class MethodSplitter {

  /** Estimated bytecode a body may have before it is split, with room for the estimate's error. */
  private static final int SPLIT_ABOVE = 6_000;
  private static final int PART_SIZE = 4_500;
  /** Less for a loop's body parts: each push there checks for room, which estimates omit. */
  private static final int BODY_PART_SIZE = 3_000;

  /** One section of a body: a comment, such as "forward", and its statements. */
  record Section(String comment, List<Stmt> statements) {}

  private MethodSplitter() {}

  /**
   * Adds to {@code method} the code running {@code sections} and returning {@code result}; if
   * that is too long, adds the frame class to {@code frames} instead and calls into it through
   * the local {@code frameLocal}.
   */
  static void write(MethodSpec.Builder method, List<ParameterSpec> parameters,
      Optional<TapeLocals> tapeLocals, List<Section> sections, CodeBlock result,
      TypeName returnType, ClassName frameName, String frameLocal, List<TypeSpec> frames) {
    TapeCode tape = TapeCode.of(tapeLocals, sections.stream().map(Section::statements).toList());
    StatementWriter writer = new StatementWriter(tape);
    int size = 0;
    for (Section section : sections) {
      for (Stmt stmt : section.statements()) {
        size += estimate(stmt);
      }
    }
    if (size <= SPLIT_ABOVE) {
      CodeBlock.Builder body = CodeBlock.builder();
      boolean first = true;
      for (Section section : sections) {
        if (section.comment() != null
            && (!section.statements().isEmpty() || section.comment().equals("forward"))) {
          body.add("// $L\n", section.comment());
        }
        if (first) {
          tape.declare(body);
          if (tape.guardsFailures()) {
            body.beginControlFlow("try");
          }
          first = false;
        }
        writer.write(section.statements(), body);
      }
      tape.handBack(body);
      body.addStatement("return $L", result);
      if (tape.guardsFailures()) {
        tape.catchFailure(body, null);
      }
      method.addCode(body.build());
      return;
    }
    frames.add(frame(parameters, tape, writer, sections, result, returnType, frameName,
        frameLocal, method));
  }

  private static TypeSpec frame(List<ParameterSpec> parameters, TapeCode tape,
      StatementWriter writer, List<Section> sections, CodeBlock result, TypeName returnType,
      ClassName frameName, String frameLocal, MethodSpec.Builder method) {
    TypeSpec.Builder frame = TypeSpec.classBuilder(frameName)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The variables of one call of {@code $N}, whose body is too long for one"
            + " method:\nits parts run in turn, sharing these fields.\n", method.build().name());
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    for (ParameterSpec parameter : parameters) {
      frame.addField(parameter.type(), parameter.name(), Modifier.PRIVATE);
      constructor.addParameter(parameter.type(), parameter.name())
          .addStatement("this.$N = $N", parameter.name(), parameter.name());
    }
    tape.declareFields(frame);
    // Guard fields are named clear of every name the frame and its parts declare.
    Names names = new Names();
    parameters.forEach(parameter -> names.reserve(parameter.name()));
    tape.declaredNames().forEach(names::reserve);
    sections.forEach(section -> GuardedStatements.collectDeclared(section.statements(), names));
    GuardedStatements opener = new GuardedStatements(PART_SIZE, names);
    Map<String, Variable> fields = new LinkedHashMap<>();
    List<GuardedStatements.Guarded> statements = new ArrayList<>();
    sections.forEach(section -> statements.addAll(opener.open(section.statements())));
    List<List<Stmt>> bodies = new ArrayList<>();
    List<List<Stmt>> parts = cut(statements, PART_SIZE, fields, opener, bodies);
    fields.values().forEach(field ->
        frame.addField(TypeNames.of(field), field.name(), Modifier.PRIVATE));
    frame.addMethod(constructor.build());
    List<TypeName> thrown = method.build().exceptions();
    CodeBlock.Builder calls = CodeBlock.builder();
    String arguments = String.join(", ", parameters.stream().map(ParameterSpec::name).toList());
    calls.addStatement("$T $N = new $T($L)", frameName, frameLocal, frameName, arguments);
    if (tape.guardsFailures()) {
      calls.beginControlFlow("try");
    }
    for (int i = 0; i < parts.size(); i++) {
      CodeBlock.Builder code = CodeBlock.builder();
      writer.write(parts.get(i), code);
      if (i == parts.size() - 1) {
        tape.handBack(code);
      }
      addPart(frame, "Part", "part", i, code.build(), thrown);
      calls.addStatement("$N.part$L()", frameLocal, i);
    }
    for (int i = 0; i < bodies.size(); i++) {
      CodeBlock.Builder code = CodeBlock.builder();
      writer.write(bodies.get(i), code);
      addPart(frame, "Body", "body", i, code.build(), thrown);
    }
    frame.addMethod(MethodSpec.methodBuilder("result").returns(returnType)
        .addStatement("return $L", result).build());
    calls.addStatement("return $N.result()", frameLocal);
    if (tape.guardsFailures()) {
      tape.catchFailure(calls, frameLocal);
    }
    method.addCode(calls.build());
    return frame.build();
  }

  /**
   * Adds {@code code} to the frame as the inner class {@code Part3} (say) and the method {@code
   * part3()} that runs it. Each part is an inner class: the references to the frame's fields go
   * into the part's constant pool, so a frame of tens of thousands of fields stays under the
   * class file's limit of 65,535 constants. The parts run the user's code, so they throw what
   * the generated method declares.
   */
  private static void addPart(TypeSpec.Builder frame, String className, String methodName,
      int index, CodeBlock code, List<TypeName> thrown) {
    frame.addType(TypeSpec.classBuilder(className + index)
        .addModifiers(Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(MethodSpec.methodBuilder("run").addExceptions(thrown).addCode(code).build())
        .build());
    frame.addMethod(MethodSpec.methodBuilder(methodName + index).addExceptions(thrown)
        .addStatement("new $N().run()", className + index).build());
  }

  /**
   * {@code statements} cut into parts of about {@code partLimit} bytes, their top-level
   * declarations turned into fields. A loop too long for one part stays whole in its part, but
   * runs its body from parts of its own, {@code body0()}, ..., added to {@code bodies}.
   */
  private static List<List<Stmt>> cut(List<GuardedStatements.Guarded> statements, int partLimit,
      Map<String, Variable> fields, GuardedStatements opener, List<List<Stmt>> bodies) {
    List<List<Stmt>> parts = new ArrayList<>();
    List<GuardedStatements.Guarded> part = new ArrayList<>();
    int partSize = 0;
    // A pullback's result is a local of its part: no cut before the last statement reading it.
    int noCutUntil = -1;
    for (int index = 0; index < statements.size(); index++) {
      GuardedStatements.Guarded guarded = statements.get(index);
      Stmt stmt = fieldAssignment(guarded.stmt(), fields);
      if (stmt == null) {
        continue;
      }
      if (stmt instanceof Stmt.Loop loop && estimate(loop) > partLimit) {
        stmt = loopOverParts(loop, fields, opener, bodies);
      }
      int size = estimate(stmt);
      if (partSize + size > partLimit && !part.isEmpty() && index > noCutUntil) {
        parts.add(GuardedStatements.group(part));
        part = new ArrayList<>();
        partSize = 0;
      }
      if (stmt instanceof Stmt.Pullback pullback && pullback.result() != null) {
        noCutUntil = Math.max(noCutUntil, lastReading(statements, index, pullback.result()));
      }
      part.add(new GuardedStatements.Guarded(guarded.guard(), stmt));
      partSize += size;
    }
    parts.add(GuardedStatements.group(part));
    return parts;
  }

  /**
   * The loop with its body run from parts, {@code for (...) { body3(); body4(); }}: its
   * counter and the variables its body declares become fields, which the parts share.
   */
  private static Stmt.Loop loopOverParts(Stmt.Loop loop, Map<String, Variable> fields,
      GuardedStatements opener, List<List<Stmt>> bodies) {
    List<Stmt> calls = new ArrayList<>();
    for (List<Stmt> body : cut(opener.open(loop.body()), BODY_PART_SIZE, fields, opener,
        bodies)) {
      calls.add(new Stmt.Run(new MethodRef(null, "body" + bodies.size()), List.of()));
      bodies.add(body);
    }
    return new Stmt.Loop(asFields(loop.init(), fields), loop.condition(), calls,
        asFields(loop.update(), fields), loop.testFirst());
  }

  private static List<Stmt> asFields(List<Stmt> statements, Map<String, Variable> fields) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt stmt : statements) {
      Stmt asField = fieldAssignment(stmt, fields);
      if (asField != null) {
        out.add(asField);
      }
    }
    return out;
  }

  /**
   * The statement with top-level declarations turned into assignments of fields, recorded in
   * {@code fields}; null for a declaration without a value, which the field replaces.
   */
  private static Stmt fieldAssignment(Stmt stmt, Map<String, Variable> fields) {
    if (stmt instanceof Stmt.Declare declare) {
      fields.put(declare.variable().name(), declare.variable());
      return null;
    }
    if (stmt instanceof Stmt.Assign assign && assign.declares()) {
      fields.put(assign.target().name(), assign.target());
      return new Stmt.Assign(assign.target(), assign.value(), false);
    }
    return stmt;
  }

  /** The index of the last statement after {@code from} that reads the pullback result. */
  private static int lastReading(List<GuardedStatements.Guarded> statements, int from,
      Variable result) {
    int last = from;
    for (int index = from + 1; index < statements.size(); index++) {
      if (readsComponentOf(statements.get(index).stmt(), result)) {
        last = index;
      }
    }
    return last;
  }

  private static boolean readsComponentOf(Stmt stmt, Variable result) {
    return stmt.expressions().stream().anyMatch(expr -> readsComponentOf(expr, result))
        || stmt.blocks().stream().flatMap(List::stream)
            .anyMatch(nested -> readsComponentOf(nested, result));
  }

  private static boolean readsComponentOf(Expr expr, Variable result) {
    return expr instanceof Expr.Component component && component.record().equals(result)
        || expr.children().stream().anyMatch(child -> readsComponentOf(child, result));
  }

  /** A rough upper bound of a statement's bytecode: a few bytes per expression node. */
  static int estimate(Stmt stmt) {
    if (stmt instanceof Stmt.Assign assign) {
      return 6 + estimate(assign.value());
    }
    if (stmt instanceof Stmt.Accumulate accumulate) {
      return 8 + estimate(accumulate.target()) + estimate(accumulate.value());
    }
    if (stmt instanceof Stmt.Store store) {
      return 6 + estimate(store.target()) + estimate(store.value());
    }
    if (stmt instanceof Stmt.Push push) {
      return 8 + estimate(push.value());
    }
    if (stmt instanceof Stmt.Pullback pullback) {
      int size = 12 + estimate(pullback.upstream());
      for (Expr argument : pullback.arguments()) {
        size += estimate(argument);
      }
      if (pullback.tangents() != null) {
        for (Expr tangent : pullback.tangents().all()) {
          size += estimate(tangent);
        }
      }
      return size + 4 * pullback.sinks().size();
    }
    if (stmt instanceof Stmt.If branch) {
      int size = 8 + estimate(branch.condition());
      for (Stmt s : branch.then()) {
        size += estimate(s);
      }
      for (Stmt s : branch.otherwise()) {
        size += estimate(s);
      }
      return size;
    }
    if (stmt instanceof Stmt.Loop loop) {
      int size = 12 + (loop.condition() == null ? 0 : estimate(loop.condition()));
      for (List<Stmt> block : List.of(loop.init(), loop.body(), loop.update())) {
        for (Stmt s : block) {
          size += estimate(s);
        }
      }
      return size;
    }
    return 4;
  }

  private static int estimate(Expr expr) {
    int size = 5;
    for (Expr child : expr.children()) {
      size += estimate(child);
    }
    return size;
  }
}
