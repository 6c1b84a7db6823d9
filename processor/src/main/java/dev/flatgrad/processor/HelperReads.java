package dev.flatgrad.processor;

import dev.flatgrad.processor.diag.Diagnostics;
import dev.flatgrad.processor.frontend.MethodReader;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Reads the helpers without {@code @Differentiable} that annotated methods call, and the
 * helpers those call, until none is left: each becomes a method of its class to differentiate,
 * whose problems are reported at their trees in this compilation. A method that calls a helper
 * flatgrad cannot read is not generated either, so the generated code never calls a missing
 * member; the helper's own errors say why.
 */
final class HelperReads {

  private final MethodReader reader;
  private final Map<TypeElement, List<FlatgradProcessor.Read>> classes;
  private final Diagnostics diagnostics;

  HelperReads(MethodReader reader, Map<TypeElement, List<FlatgradProcessor.Read>> classes,
      Diagnostics diagnostics) {
    this.reader = reader;
    this.classes = classes;
    this.diagnostics = diagnostics;
  }

  void readAll() {
    Set<ExecutableElement> done = new HashSet<>();
    Set<String> failed = new HashSet<>();
    for (boolean more = true; more; ) {
      more = false;
      // Reading a helper may find more: work on a copy until a pass finds none.
      for (ExecutableElement helper : List.copyOf(reader.helpers())) {
        if (!done.add(helper)) {
          continue;
        }
        more = true;
        Optional<Function> function = read(helper);
        if (function.isPresent()) {
          classes.computeIfAbsent((TypeElement) helper.getEnclosingElement(),
              type -> new ArrayList<>())
              .add(new FlatgradProcessor.Read(helper, function.get(), null, true));
        } else {
          failed.add(key(MethodReader.classId((TypeElement) helper.getEnclosingElement())
              .canonicalName(), helper.getSimpleName().toString(), helper.getParameters().size()));
        }
      }
    }
    dropCallersOf(failed);
  }

  private Optional<Function> read(ExecutableElement helper) {
    try {
      return reader.read(helper);
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError failure) {
      diagnostics.internalError(helper, failure);
      return Optional.empty();
    }
  }

  /** Removes every method that calls a failed one, directly or through other helpers. */
  private void dropCallersOf(Set<String> failed) {
    for (boolean changed = !failed.isEmpty(); changed; ) {
      changed = false;
      for (List<FlatgradProcessor.Read> reads : classes.values()) {
        for (FlatgradProcessor.Read read : List.copyOf(reads)) {
          if (read.function() != null && callsAny(read.function().body(), failed)) {
            reads.remove(read);
            failed.add(key(MethodReader.classId((TypeElement) read.method()
                .getEnclosingElement()).canonicalName(), read.function().name(),
                read.function().parameters().size()));
            changed = true;
          }
        }
      }
    }
  }

  private static boolean callsAny(List<Stmt> block, Set<String> keys) {
    for (Stmt stmt : block) {
      for (Expr expr : stmt.expressions()) {
        if (callsAny(expr, keys)) {
          return true;
        }
      }
      for (List<Stmt> nested : stmt.blocks()) {
        if (callsAny(nested, keys)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean callsAny(Expr expr, Set<String> keys) {
    if (expr instanceof Expr.Invoke invoke) {
      Callee callee = invoke.callee();
      if (keys.contains(key(callee.owner().canonicalName(), callee.name(),
          callee.parameterTypes().size()))) {
        return true;
      }
    }
    for (Expr child : expr.children()) {
      if (callsAny(child, keys)) {
        return true;
      }
    }
    return false;
  }

  /** Helpers are told apart by class, name and number of parameters, as calls find them. */
  private static String key(String owner, String name, int arity) {
    return owner + "#" + name + "/" + arity;
  }
}
