package dev.flatgrad.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.Trees;
import dev.flatgrad.processor.ad.Gradient;
import dev.flatgrad.processor.ad.ReverseMode;
import dev.flatgrad.processor.diag.Diagnostics;
import dev.flatgrad.processor.emit.GradClassWriter;
import dev.flatgrad.processor.emit.GraphWriter;
import dev.flatgrad.processor.frontend.MethodReader;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Function;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
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
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The flatgrad annotation processor: for each class with {@code @Differentiable} methods, reads
 * each method (frontend), differentiates it (ad) and writes the gradient class (emit).
 */
@AutoService(Processor.class)
public final class FlatgradProcessor extends AbstractProcessor {

  static final String ANNOTATION = "dev.flatgrad.Differentiable";

  /** {@code -Aflatgrad.graph=true} writes each method's computation graph as Graphviz DOT. */
  static final String GRAPH_OPTION = "flatgrad.graph";

  private Trees trees;
  private Diagnostics diagnostics;
  private GradClassWriter writer;
  private boolean writeGraphs;

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    trees = Trees.instance(processingEnv);
    diagnostics = new Diagnostics(processingEnv.getMessager(), trees);
    Optional<String> generated = Optional.ofNullable(processingEnv.getElementUtils()
        .getTypeElement("javax.annotation.processing.Generated"))
        .map(type -> type.getQualifiedName().toString());
    writer = new GradClassWriter(generated, FlatgradProcessor.class.getName());
    writeGraphs = Boolean.parseBoolean(processingEnv.getOptions().get(GRAPH_OPTION));
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(GRAPH_OPTION);
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
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(ANNOTATION);
    if (annotation == null) {
      return false;
    }
    Map<TypeElement, List<ExecutableElement>> methodsByClass = new LinkedHashMap<>();
    for (ExecutableElement method :
        ElementFilter.methodsIn(round.getElementsAnnotatedWith(annotation))) {
      methodsByClass
          .computeIfAbsent((TypeElement) method.getEnclosingElement(), type -> new ArrayList<>())
          .add(method);
    }
    methodsByClass.forEach(this::processClass);
    return false;
  }

  private void processClass(TypeElement type, List<ExecutableElement> annotated) {
    MethodReader reader = new MethodReader(trees, processingEnv.getElementUtils(), diagnostics);
    List<Gradient> gradients = new ArrayList<>();
    Set<String> graphFiles = new HashSet<>();
    // Declaration order, whatever order javac hands the elements in: output must be reproducible.
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!annotated.contains(method)) {
        continue;
      }
      try {
        Optional<Function> function = reader.read(method);
        if (writeGraphs) {
          function.ifPresent(f -> writeGraph(type, f, graphFiles));
        }
        function.map(ReverseMode::differentiate).ifPresent(gradients::add);
      } catch (RuntimeException | StackOverflowError failure) {
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

  /** Writes {@code function}'s graph beside the generated sources, as {@code C_method.dot}. */
  private void writeGraph(TypeElement type, Function function, Set<String> taken) {
    ClassId userClass = MethodReader.classId(type);
    String name = GraphWriter.fileName(userClass, function, taken);
    try {
      FileObject file = processingEnv.getFiler().createResource(
          StandardLocation.SOURCE_OUTPUT, userClass.packageName(), name, type);
      try (Writer out = file.openWriter()) {
        out.write(GraphWriter.write(userClass, function));
      }
    } catch (IOException | RuntimeException failure) {
      diagnostics.error(type, "flatgrad could not write the computation graph " + name + ": "
          + failure);
    }
  }
}
