package dev.flatgrad.processor;

import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac's Compiler Tree API behind whatever {@link ProcessingEnvironment} a build tool hands
 * the processor. Gradle wraps javac's environment in a delegating class (a field {@code
 * delegate}), IntelliJ in a {@link Proxy} whose handler holds it, Kotlin's kapt in a field {@code
 * processingEnv}: {@link Trees#instance} accepts only javac's own class, so the wrappers are
 * peeled off here, whatever the field is called.
 *
 * <p>Only {@link Trees} comes from the unwrapped environment; the processor keeps using the
 * wrapper's {@code Filer} and {@code Messager}, which is how Gradle tracks generated files.
 */
final class JavacEnvironment {

  /** How many wrappers deep to look; real builds use one or two. */
  private static final int MAX_DEPTH = 4;

  static final String NEEDS_JAVAC = "flatgrad needs javac: it reads method bodies through the"
      + " Compiler Tree API (com.sun.source.util.Trees), which this compiler does not provide"
      + " (processing environment: %s). Compile @Differentiable methods with javac from JDK 17 or"
      + " later (Maven, Gradle and plain javac all use it by default). Eclipse and VS Code"
      + " compile with ECJ: build with Maven or Gradle there and use the generated sources.";

  private JavacEnvironment() {}

  /** The Tree API for {@code env} or for an environment it wraps; empty if none is javac's. */
  static Optional<Trees> trees(ProcessingEnvironment env) {
    return find(env, JavacEnvironment::treesOf);
  }

  /** The javac task compiling with {@code env}, for listening to its later phases. */
  static Optional<JavacTask> task(ProcessingEnvironment env) {
    return find(env, candidate -> {
      try {
        return Optional.of(JavacTask.instance(candidate));
      } catch (RuntimeException | LinkageError | AssertionError notJavac) {
        return Optional.empty();
      }
    });
  }

  private static <T> Optional<T> find(ProcessingEnvironment env,
      Function<ProcessingEnvironment, Optional<T>> extractor) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<ProcessingEnvironment> level = new ArrayDeque<>();
    level.add(env);
    for (int depth = 0; depth <= MAX_DEPTH && !level.isEmpty(); depth++) {
      Deque<ProcessingEnvironment> next = new ArrayDeque<>();
      for (ProcessingEnvironment candidate : level) {
        if (!seen.add(candidate)) {
          continue;
        }
        Optional<T> found = extractor.apply(candidate);
        if (found.isPresent()) {
          return found;
        }
        next.addAll(wrapped(candidate));
      }
      level = next;
    }
    return Optional.empty();
  }

  /** The error to report, once, when {@link #trees} finds nothing. */
  static String needsJavacMessage(ProcessingEnvironment env) {
    return String.format(NEEDS_JAVAC, env.getClass().getName());
  }

  private static Optional<Trees> treesOf(ProcessingEnvironment env) {
    try {
      return Optional.of(Trees.instance(env));
    } catch (RuntimeException | LinkageError | AssertionError notJavac) {
      // IllegalArgumentException for a foreign environment; LinkageError without jdk.compiler.
      return Optional.empty();
    }
  }

  /** Environments held in fields of {@code env}, or of its invocation handler if it is a proxy. */
  private static Deque<ProcessingEnvironment> wrapped(ProcessingEnvironment env) {
    Object holder = env;
    try {
      if (Proxy.isProxyClass(env.getClass())) {
        holder = Proxy.getInvocationHandler(env);
      }
    } catch (RuntimeException inaccessible) {
      return new ArrayDeque<>();
    }
    Deque<ProcessingEnvironment> found = new ArrayDeque<>();
    for (Class<?> type = holder.getClass(); type != null && type != Object.class;
        type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        fieldValue(field, holder)
            .filter(ProcessingEnvironment.class::isInstance)
            .map(ProcessingEnvironment.class::cast)
            .ifPresent(found::add);
      }
    }
    return found;
  }

  private static Optional<Object> fieldValue(Field field, Object holder) {
    if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
      return Optional.empty();
    }
    try {
      field.setAccessible(true);
      return Optional.ofNullable(field.get(holder));
    } catch (RuntimeException | IllegalAccessException inaccessible) {
      // A module that does not open its package (InaccessibleObjectException): not a wrapper.
      return Optional.empty();
    }
  }
}
