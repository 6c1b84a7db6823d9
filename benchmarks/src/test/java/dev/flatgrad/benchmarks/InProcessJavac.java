package dev.flatgrad.benchmarks;

import dev.flatgrad.Differentiable;
import dev.flatgrad.processor.FlatgradProcessor;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * javac in this JVM ({@link ToolProvider#getSystemJavaCompiler}), on one source held in memory,
 * with flatgrad's processor or with annotation processing off; class files and generated sources
 * stay in memory. It times the whole compilation and, separately, the time spent inside the
 * processor's {@code process} calls.
 */
final class InProcessJavac {

  /** One compilation. */
  record Result(boolean success, long nanos, long processorNanos, Map<String, byte[]> classes,
      Map<String, String> generatedSources, List<String> errors) {}

  private InProcessJavac() {}

  static Result compile(String qualifiedName, String source, boolean withFlatgrad) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager standard =
        javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
    Memory memory = new Memory(standard);
    List<String> options = new ArrayList<>(List.of("--release", "17", "-classpath", runtime()));
    if (!withFlatgrad) {
      options.add("-proc:none");
    }
    JavaCompiler.CompilationTask task = javac.getTask(null, memory, diagnostics, options, null,
        List.of(new Source(qualifiedName, source)));
    Timed timed = new Timed(new FlatgradProcessor());
    if (withFlatgrad) {
      task.setProcessors(List.of(timed));
    }
    long start = System.nanoTime();
    boolean success = task.call();
    long nanos = System.nanoTime() - start;
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add((d.getSource() == null ? "" : d.getSource().getName() + ":"
            + d.getLineNumber() + ": ") + d.getMessage(null));
      }
    }
    return new Result(success, nanos, timed.nanos, memory.classes, memory.sources, errors);
  }

  /** Where {@code dev.flatgrad.Differentiable} and {@code Activations} are: the runtime. */
  private static String runtime() {
    try {
      return new File(Differentiable.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI()).getPath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String text;

    Source(String qualifiedName, String text) {
      super(URI.create("string:///" + qualifiedName.replace('.', '/') + ".java"), Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }

  /** Keeps every output (class files, generated sources) in memory. */
  private static final class Memory extends ForwardingJavaFileManager<StandardJavaFileManager> {
    final Map<String, byte[]> classes = new LinkedHashMap<>();
    final Map<String, String> sources = new LinkedHashMap<>();

    Memory(StandardJavaFileManager standard) {
      super(standard);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(Location location, String className,
        JavaFileObject.Kind kind, FileObject sibling) {
      URI uri = URI.create("mem:///" + location.getName() + "/" + className.replace('.', '/')
          + kind.extension);
      return new SimpleJavaFileObject(uri, kind) {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public OutputStream openOutputStream() {
          return new ByteArrayOutputStream() {
            @Override
            public void close() {
              byte[] content = toByteArray();
              bytes.writeBytes(content);
              if (kind == Kind.CLASS) {
                classes.put(className, content);
              } else {
                sources.put(className, new String(content, StandardCharsets.UTF_8));
              }
            }
          };
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        }
      };
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
      return a.toUri().equals(b.toUri());
    }
  }

  /** A processor that delegates and adds up the time spent in its rounds. */
  private static final class Timed implements Processor {
    private final Processor delegate;
    long nanos;

    Timed(Processor delegate) {
      this.delegate = delegate;
    }

    @Override
    public Set<String> getSupportedOptions() {
      return delegate.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public void init(ProcessingEnvironment processingEnv) {
      long start = System.nanoTime();
      delegate.init(processingEnv);
      nanos += System.nanoTime() - start;
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      long start = System.nanoTime();
      try {
        return delegate.process(annotations, round);
      } finally {
        nanos += System.nanoTime() - start;
      }
    }

    @Override
    public Iterable<? extends Completion> getCompletions(Element element,
        AnnotationMirror annotation, ExecutableElement member, String userText) {
      return delegate.getCompletions(element, annotation, member, userText);
    }
  }
}
