package dev.flatgrad.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.Trees;
import dev.flatgrad.processor.ad.Gradient;
import dev.flatgrad.processor.ad.ReverseMode;
import dev.flatgrad.processor.diag.Diagnostics;
import dev.flatgrad.processor.emit.GradClassWriter;
import dev.flatgrad.processor.frontend.MethodReader;
import dev.flatgrad.processor.ir.Function;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * The flatgrad annotation processor: for each class with {@code @Differentiable} methods, reads
 * each method (frontend), differentiates it (ad) and writes the gradient class (emit).
 */
@AutoService(Processor.class)
public final class FlatgradProcessor extends AbstractProcessor {

  static final String ANNOTATION = "dev.flatgrad.Differentiable";

  /** The AD stage; a test passes a failing one to prove an internal failure stays contained. */
  interface Differentiator {
    Gradient differentiate(Function function);
  }

  private final Differentiator differentiator;
  /** Null when the compiler is not javac (or hides it too well): then flatgrad only says so. */
  private Trees trees;
  private boolean reportedMissingJavac;
  private Diagnostics diagnostics;
  private GradClassWriter writer;

  public FlatgradProcessor() {
    this(ReverseMode::differentiate);
  }

  FlatgradProcessor(Differentiator differentiator) {
    this.differentiator = differentiator;
  }

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    trees = JavacEnvironment.trees(processingEnv).orElse(null);
    diagnostics = new Diagnostics(processingEnv.getMessager(), trees);
    Optional<String> generated = Optional.ofNullable(processingEnv.getElementUtils()
        .getTypeElement("javax.annotation.processing.Generated"))
        .map(type -> type.getQualifiedName().toString());
    writer = new GradClassWriter(generated, FlatgradProcessor.class.getName());
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ANNOTATION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      processRound(round);
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError failure) {
      // A processor that throws takes the user's whole build down with a stack trace.
      diagnostics.internalError(failure);
    }
    return false;
  }

  private void processRound(RoundEnvironment round) {
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(ANNOTATION);
    if (annotation == null) {
      return;
    }
    Map<TypeElement, List<ExecutableElement>> methodsByClass = new LinkedHashMap<>();
    for (ExecutableElement method :
        ElementFilter.methodsIn(round.getElementsAnnotatedWith(annotation))) {
      methodsByClass
          .computeIfAbsent((TypeElement) method.getEnclosingElement(), type -> new ArrayList<>())
          .add(method);
    }
    if (methodsByClass.isEmpty()) {
      return;
    }
    if (trees == null) {
      if (!reportedMissingJavac) {
        reportedMissingJavac = true;
        diagnostics.error(JavacEnvironment.needsJavacMessage(processingEnv));
      }
      return;
    }
    methodsByClass.forEach(this::processClass);
  }

  private void processClass(TypeElement type, List<ExecutableElement> annotated) {
    MethodReader reader = new MethodReader(trees, processingEnv.getElementUtils(), diagnostics);
    List<Gradient> gradients = new ArrayList<>();
    // Declaration order, whatever order javac hands the elements in: output must be reproducible.
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!annotated.contains(method)) {
        continue;
      }
      try {
        Optional<Function> function = reader.read(method);
        function.map(differentiator::differentiate).ifPresent(gradients::add);
      } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError failure) {
        diagnostics.internalError(method, failure);
      }
    }
    write(type, gradients);
  }

  private void write(TypeElement type, List<Gradient> gradients) {
    JavaFile file;
    try {
      file = writer.write(MethodReader.classId(type), gradients, type);
      file.writeTo(processingEnv.getFiler());
    } catch (IOException | RuntimeException failure) {
      diagnostics.error(type, "flatgrad could not write the gradient class for "
          + type.getQualifiedName() + ": " + failure);
    }
  }
}
