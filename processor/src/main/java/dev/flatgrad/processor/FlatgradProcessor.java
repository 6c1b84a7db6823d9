package dev.flatgrad.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.Trees;
import dev.flatgrad.processor.ad.ForwardMode;
import dev.flatgrad.processor.ad.ForwardOverReverse;
import dev.flatgrad.processor.ad.Gradient;
import dev.flatgrad.processor.ad.ReverseMode;
import dev.flatgrad.processor.ad.UndifferentiableCall;
import dev.flatgrad.processor.diag.Diagnostics;
import dev.flatgrad.processor.emit.GradClassWriter;
import dev.flatgrad.processor.emit.Tangents;
import dev.flatgrad.processor.emit.GraphWriter;
import dev.flatgrad.processor.frontend.ForeignRules;
import dev.flatgrad.processor.frontend.GradClasses;
import dev.flatgrad.processor.frontend.MethodReader;
import dev.flatgrad.processor.ir.Callee;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.CustomRule;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.ParameterSlots;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The flatgrad annotation processor: reads every {@code @Differentiable} method of the round
 * (frontend), differentiates each (ad), adds the pullback variants that callers in the round
 * need, and writes one gradient class per user class (emit).
 */
@AutoService(Processor.class)
public final class FlatgradProcessor extends AbstractProcessor {

  static final String ANNOTATION = "dev.flatgrad.Differentiable";
  /** The annotation on every generated member; claimed only where flatgrad wrote it. */
  private static final String GENERATED = "javax.annotation.processing.Generated";

  /** {@code -Aflatgrad.graph=true} writes each method's computation graph as Graphviz DOT. */
  static final String GRAPH_OPTION = "flatgrad.graph";

  /**
   * A method read: its element, and its IR or its custom rule; {@code helper} for a method
   * without {@code @Differentiable} that annotated methods of its top-level class call.
   */
  record Read(ExecutableElement method, Function function, CustomRule rule,
      boolean helper) {
    Read(ExecutableElement method, Function function, CustomRule rule) {
      this(method, function, rule, false);
    }
  }

  /** Reverse mode as the processor calls it; a test passes a failing one. */
  interface Differentiator {
    Gradient gradient(Function function, Predicate<Callee> specializable);

    Gradient pullback(Function function, String methodName, Predicate<Callee> specializable);
  }

  private static final Differentiator REVERSE_MODE = new Differentiator() {
    @Override
    public Gradient gradient(Function function, Predicate<Callee> specializable) {
      return ReverseMode.differentiate(function, specializable);
    }

    @Override
    public Gradient pullback(Function function, String methodName,
        Predicate<Callee> specializable) {
      return ReverseMode.pullback(function, methodName, specializable);
    }
  };

  /** See {@link #admitVariant}. */
  private static final int VARIANTS_PER_METHOD = 16;

  private final Differentiator differentiator;
  /** The activity masks of the pullback variants admitted this round, per method. */
  private final Map<String, Set<List<Boolean>>> variantMasks = new HashMap<>();
  /** Null when the compiler is not javac (or hides it too well): then flatgrad only says so. */
  private Trees trees;
  private Diagnostics diagnostics;
  private GradClassWriter writer;
  private boolean writeGraphs;

  /** The processor as javac creates it, found through {@code META-INF/services}. */
  public FlatgradProcessor() {
    this(REVERSE_MODE);
  }

  FlatgradProcessor(Differentiator differentiator) {
    this.differentiator = differentiator;
  }

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    trees = JavacEnvironment.trees(processingEnv).orElse(null);
    if (trees != null) {
      JavacEnvironment.task(processingEnv).ifPresent(task -> LocalClassMethods.listen(task, trees));
    }
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
    return Set.of(ANNOTATION, GENERATED);
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
    return claims(annotations, round);
  }

  /**
   * Whether this round's annotations are flatgrad's to claim, so that {@code -Xlint:all -Werror}
   * builds pass: {@code @Differentiable} always, {@code @Generated} only when every element that
   * carries it is flatgrad's own output, so that other processors still see theirs.
   */
  private static boolean claims(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      if (annotation.getQualifiedName().contentEquals(GENERATED)
          && !round.getElementsAnnotatedWith(annotation).stream()
              .allMatch(FlatgradProcessor::generatedByFlatgrad)) {
        return false;
      }
    }
    return true;
  }

  private static boolean generatedByFlatgrad(Element element) {
    return element.getAnnotationMirrors().stream()
        .filter(mirror -> ((TypeElement) mirror.getAnnotationType().asElement())
            .getQualifiedName().contentEquals(GENERATED))
        .flatMap(mirror -> mirror.getElementValues().values().stream())
        .anyMatch(value -> value.toString().contains(FlatgradProcessor.class.getName()));
  }

  private void processRound(RoundEnvironment round) {
    variantMasks.clear();
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(ANNOTATION);
    if (annotation == null) {
      return;
    }
    Map<TypeElement, List<ExecutableElement>> annotated = annotated(round, annotation);
    if (annotated.isEmpty()) {
      return;
    }
    if (trees == null) {
      // On each method, so an IDE compiling with ECJ shows the file and line of every one.
      String message = JavacEnvironment.needsJavacMessage(processingEnv);
      annotated.values().forEach(methods -> methods.forEach(m -> diagnostics.error(m, message)));
      return;
    }
    MethodReader reader = new MethodReader(trees, processingEnv.getElementUtils(),
        processingEnv.getTypeUtils(), diagnostics, gradClasses(annotated.keySet()),
        foreignRules(annotated));
    Map<TypeElement, List<Read>> classes = read(annotated, reader);
    new HelperReads(reader, classes, diagnostics).readAll();
    Map<String, Function> local = new HashMap<>();
    classes.values().forEach(reads -> reads.stream()
        .filter(read -> read.function() != null)
        .forEach(read -> local.put(key(read.function(), read.method()), read.function())));

    Set<String> rules = new HashSet<>();
    Set<String> rulesWithTangent = new HashSet<>();
    classes.values().forEach(reads -> reads.stream()
        .filter(read -> read.rule() != null)
        .forEach(read -> {
          String key = key(read.rule().name(), read.rule().parameters(), read.method());
          rules.add(key);
          if (read.rule().tangent() != null) {
            rulesWithTangent.add(key);
          }
        }));
    SecondOrderCallees secondOrder = SecondOrderCallees.of(local, rules, rulesWithTangent,
        processingEnv.getElementUtils());

    Map<ExecutableElement, GradClassWriter.Generated> generated = new HashMap<>();
    Deque<Callee> requests = new ArrayDeque<>();
    for (List<Read> reads : classes.values()) {
      for (Read read : reads) {
        differentiate(read, local, requests, secondOrder)
            .ifPresent(g -> generated.put(read.method(), g));
      }
    }
    Map<String, List<Gradient>> variants = variants(requests, local);

    Map<ClassId, TypeElement> gradClasses = new HashMap<>();
    Map<TypeElement, List<GradClassWriter.Generated>> toWrite = new LinkedHashMap<>();
    classes.forEach((type, reads) -> {
      if (!gradClassIsFree(type, gradClasses)) {
        return;
      }
      List<GradClassWriter.Generated> members = new ArrayList<>();
      for (Read read : reads) {
        GradClassWriter.Generated member = generated.get(read.method());
        if (member != null && member.rule() == null) {
          member = member.withVariants(
              variants.getOrDefault(key(read.function(), read.method()), List.of()));
        }
        if (member != null) {
          members.add(member);
        }
      }
      toWrite.put(type, members);
    });
    // Which methods have a tangent method depends on their callees, in any class of the round.
    Map<ClassId, List<GradClassWriter.Generated>> byClass = new LinkedHashMap<>();
    toWrite.forEach((type, members) -> byClass.put(MethodReader.classId(type), members));
    Tangents tangents = Tangents.of(byClass);
    toWrite.forEach((type, members) -> write(type, members, tangents));
  }

  /**
   * Whether the gradient class of {@code type} can be written: no class of the user's sources
   * has its name ({@code FooGrad} beside {@code Foo}), and no other annotated class of the round
   * maps to it (a top-level {@code Outer_Inner} beside a nested {@code Outer.Inner}). Reported on
   * {@code type}, instead of the Filer's exception on whichever class comes second. A class file
   * without a source tree is a stale earlier output, which the Filer overwrites.
   */
  private boolean gradClassIsFree(TypeElement type, Map<ClassId, TypeElement> written) {
    ClassId gradClass = GradClassWriter.gradClassOf(MethodReader.classId(type));
    String name = gradClass.canonicalName();
    TypeElement existing = processingEnv.getElementUtils().getTypeElement(name);
    if (existing != null && trees.getPath(existing) != null) {
      diagnostics.error(type, "flatgrad generates the class " + name + " for "
          + type.getQualifiedName() + ", but the sources already declare a class of that name;"
          + " rename one of them");
      return false;
    }
    TypeElement other = written.putIfAbsent(gradClass, type);
    if (other != null) {
      diagnostics.error(type, "flatgrad generates the class " + name + " for both "
          + other.getQualifiedName() + " and " + type.getQualifiedName() + "; rename one of"
          + " them");
      return false;
    }
    return true;
  }

  /**
   * The gradient classes generated code may call: those of the round's annotated classes, which
   * flatgrad writes now, and those already compiled (an earlier round, or a library built with
   * flatgrad).
   */
  private GradClasses gradClasses(Set<TypeElement> round) {
    return new GradClasses() {
      @Override
      public boolean exists(TypeElement userClass) {
        return round.contains(userClass)
            || processingEnv.getElementUtils().getTypeElement(name(userClass)) != null;
      }

      @Override
      public String name(TypeElement userClass) {
        return GradClassWriter.gradClassOf(MethodReader.classId(userClass)).canonicalName();
      }
    };
  }

  /** The annotated methods of the round, by class. */
  private static Map<TypeElement, List<ExecutableElement>> annotated(RoundEnvironment round,
      TypeElement annotation) {
    Map<TypeElement, List<ExecutableElement>> annotated = new LinkedHashMap<>();
    for (ExecutableElement method :
        ElementFilter.methodsIn(round.getElementsAnnotatedWith(annotation))) {
      annotated.computeIfAbsent((TypeElement) method.getEnclosingElement(),
          type -> new ArrayList<>()).add(method);
    }
    return annotated;
  }

  /**
   * The round's derivatives for foreign methods, {@code @Differentiable(of = ...)}, registered
   * before any body is read so that every caller finds them.
   */
  private ForeignRules foreignRules(Map<TypeElement, List<ExecutableElement>> annotated) {
    ForeignRules rules = new ForeignRules(processingEnv.getTypeUtils(), diagnostics);
    annotated.values().forEach(methods -> methods.stream()
        .filter(method -> ForeignRules.foreignClass(method).isPresent())
        .forEach(rules::register));
    return rules;
  }

  /** Every annotated method of the round, by class, in declaration order. */
  private Map<TypeElement, List<Read>> read(Map<TypeElement, List<ExecutableElement>> annotated,
      MethodReader reader) {
    Map<TypeElement, List<Read>> classes = new LinkedHashMap<>();
    annotated.forEach((type, methods) -> {
      List<Read> reads = new ArrayList<>();
      Set<String> graphFiles = new HashSet<>();
      // Declaration order, whatever order javac hands the elements in: output is reproducible.
      for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
        if (!methods.contains(method) || MethodReader.isInlinedWhereCalled(method)) {
          continue;
        }
        try {
          if (!MethodReader.customPullback(method).isEmpty()) {
            reader.readCustomRule(method).ifPresent(rule ->
                reads.add(new Read(method, null, rule)));
          } else if (!reader.tangentWithoutPullback(method)) {
            reader.read(method).ifPresent(function -> {
              reads.add(new Read(method, function, null));
              if (writeGraphs) {
                writeGraph(type, function, graphFiles);
              }
            });
          }
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError failure) {
          diagnostics.internalError(method, failure);
        }
      }
      reads.removeIf(read -> clashesWithGenerated(read, methods));
      classes.put(type, reads);
    });
    return classes;
  }

  private Optional<GradClassWriter.Generated> differentiate(Read read,
      Map<String, Function> local, Deque<Callee> requests, SecondOrderCallees secondOrder) {
    List<Parameter> parameters = read.rule() != null
        ? read.rule().parameters()
        : read.function().parameters();
    if (!ParameterSlots.fitGradient(parameters)) {
      diagnostics.error(read.method(), "the gradient of " + read.method().getSimpleName()
          + " does not fit Java's limit of 255 parameter slots (a double takes two): its"
          + " result record and pullback take a component or parameter per gradient; pass the"
          + " parameters in arrays");
      return Optional.empty();
    }
    if (read.rule() != null) {
      return Optional.of(GradClassWriter.Generated.of(read.rule()));
    }
    try {
      Function function = read.function();
      Predicate<Callee> specializable = specializable(local,
          MethodReader.classId((TypeElement) read.method().getEnclosingElement()));
      Gradient pullback = differentiator.pullback(function, function.name() + "Pullback",
          specializable);
      requests.addAll(pullback.requests());
      Optional<ForwardOverReverse.PullbackTangent> pullbackTangent =
          secondOrder.has(key(function, read.method()))
              ? Optional.of(ForwardOverReverse.ofPullback(ReverseMode.pullback(function,
                  function.name() + "Pullback", callee -> false), secondOrder))
              : Optional.empty();
      if (function.result().type().isArray()) {
        // A vector's Jacobian is built from its pullback and tangent; it has no Hessian, but
        // its callers' second-order code calls its pullback tangent.
        GradClassWriter.SecondOrder vectorSecond =
            new GradClassWriter.SecondOrder(Optional.empty(), pullbackTangent, null);
        if (read.helper()) { // a private helper: no Jacobian entry point, as no gradient one
          return Optional.of(GradClassWriter.Generated.ofHelper(pullback,
              ForwardMode.tangent(function), Optional.empty(),
              MethodReader.unreachable(read.method())).withSecondOrder(vectorSecond));
        }
        return Optional.of(GradClassWriter.Generated.of(pullback, pullback,
            ForwardMode.tangent(function), Optional.empty()).withSecondOrder(vectorSecond));
      }
      GradClassWriter.SecondOrder second = secondOrder(function, secondOrder, pullbackTangent);
      if (read.helper()) {
        // Callers need its pullback, tangent and value only: no public gradient entry point.
        return Optional.of(GradClassWriter.Generated.ofHelper(pullback,
            ForwardMode.tangent(function), second.hessianVector(),
            MethodReader.unreachable(read.method())).withSecondOrder(second));
      }
      Gradient gradient = differentiator.gradient(function, specializable);
      requests.addAll(gradient.requests());
      return Optional.of(GradClassWriter.Generated.of(gradient, pullback,
          ForwardMode.tangent(function), second.hessianVector()).withSecondOrder(second));
    } catch (UndifferentiableCall problem) {
      if (problem.site() != null) {
        diagnostics.error(problem.site(), problem.getMessage());
      } else {
        diagnostics.error(read.method(), problem.getMessage());
      }
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError failure) {
      diagnostics.internalError(read.method(), failure);
    }
    return Optional.empty();
  }

  /**
   * The Hessian-vector product, for the methods forward over reverse handles: not for a method
   * that calls one without a pullback tangent (documented).
   */
  private static GradClassWriter.SecondOrder secondOrder(Function function,
      SecondOrderCallees secondOrder, Optional<ForwardOverReverse.PullbackTangent> tangent) {
    try {
      return new GradClassWriter.SecondOrder(Optional.of(ForwardOverReverse.of(
          ReverseMode.differentiate(function, callee -> false), secondOrder)), tangent, null);
    } catch (ForwardOverReverse.Unsupported notYet) {
      return new GradClassWriter.SecondOrder(Optional.empty(), tangent,
          secondOrder.why(notYet));
    }
  }

  /**
   * The pullback variants callers asked for, by callee; a variant may call others, so this
   * works through a queue until every variant asked for exists.
   */
  private Map<String, List<Gradient>> variants(Deque<Callee> requests,
      Map<String, Function> local) {
    Map<String, List<Gradient>> variants = new LinkedHashMap<>();
    Set<String> done = new HashSet<>();
    while (!requests.isEmpty()) {
      Callee callee = requests.poll();
      if (!done.add(callee.key() + callee.differentiated())) {
        continue;
      }
      Function function = local.get(callee.key());
      List<Parameter> parameters = new ArrayList<>();
      for (int i = 0; i < function.parameters().size(); i++) {
        parameters.add(function.parameters().get(i)
            .withDifferentiated(callee.differentiated().get(i)));
      }
      Function restricted = new Function(function.name(), parameters, function.body(),
          function.result(), function.names(), function.fields(), function.thrown());
      Gradient variant = differentiator.pullback(restricted, callee.pullbackName(),
          specializable(local, callee.owner()));
      requests.addAll(variant.requests());
      variants.computeIfAbsent(callee.key(), key -> new ArrayList<>()).add(variant);
    }
    return variants;
  }

  /**
   * Which callees of a method in {@code caller} get pullback variants: those read in this round
   * and declared in the same source file. A variant lives in the callee's generated class, and
   * that class must depend on its own source file only: Gradle regenerates it from that file
   * alone (an isolating processor, META-INF/gradle/incremental.annotation.processors). Callers
   * in other files call the callee's full pullback.
   */
  private Predicate<Callee> specializable(Map<String, Function> local, ClassId caller) {
    return callee -> local.containsKey(callee.key()) && sameSourceFile(callee.owner(), caller)
        && admitVariant(callee);
  }

  /**
   * Whether the variant {@code callee} of a method may be generated: at most {@link
   * #VARIANTS_PER_METHOD} per method in a round. A recursive method passing its parameters on in
   * other orders reaches ever new sets of active arguments, each a variant whose own calls ask
   * for more; past the bound, callers call the method's whole pullback, which is right for
   * every set.
   */
  private boolean admitVariant(Callee callee) {
    Set<List<Boolean>> admitted = variantMasks.computeIfAbsent(callee.key(),
        key -> new HashSet<>());
    return admitted.contains(callee.differentiated())
        || admitted.size() < VARIANTS_PER_METHOD && admitted.add(callee.differentiated());
  }

  /**
   * Whether both are in one top-level class, hence one file. Two top-level classes may share a
   * file too; they then only miss the specialization, which is safe.
   */
  private static boolean sameSourceFile(ClassId a, ClassId b) {
    return a.packageName().equals(b.packageName())
        && a.simpleNames().get(0).equals(b.simpleNames().get(0));
  }

  private static String key(Function function, ExecutableElement method) {
    return key(function.name(), function.parameters(), method);
  }

  private static String key(String name, List<Parameter> parameters, ExecutableElement method) {
    return new Callee(MethodReader.classId((TypeElement) method.getEnclosingElement()),
        name, List.of(), parameters.stream().map(Parameter::type).toList(),
        List.of(), false, dev.flatgrad.processor.ir.Type.DOUBLE, false,
        parameters.stream().map(Parameter::field).toList()).key();
  }

  /** The members flatgrad generates for a method {@code f} besides {@code f} itself. */
  private static final List<String> GENERATED_SUFFIXES =
      List.of("Pullback", "Accumulate", "Tangent", "HessianVector", "Hessian",
          "PullbackTangent");

  /**
   * Whether {@code read}'s method is named like a member generated for another annotated method
   * of its class ({@code fPullback} beside {@code f}): the generated class would then declare two
   * methods of one signature. Reported on the method.
   */
  private boolean clashesWithGenerated(Read read, List<ExecutableElement> annotated) {
    String name = read.method().getSimpleName().toString();
    for (ExecutableElement other : annotated) {
      String base = other.getSimpleName().toString();
      for (String suffix : GENERATED_SUFFIXES) {
        if (name.equals(base + suffix) || name.startsWith(base + "Pullback_")) {
          diagnostics.error(read.method(), "the name " + name + " clashes with the " + suffix
              + " method flatgrad generates for " + base + "; rename one of them");
          return true;
        }
      }
    }
    return false;
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

  private void write(TypeElement type, List<GradClassWriter.Generated> members,
      Tangents tangents) {
    try {
      writer.write(MethodReader.classId(type), members, type, tangents)
          .writeTo(processingEnv.getFiler());
    } catch (IOException | RuntimeException failure) {
      diagnostics.error(type, "flatgrad could not write the gradient class for "
          + type.getQualifiedName() + ": " + failure);
    }
  }
}
