package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * flatgrad behind the {@link ProcessingEnvironment} wrappers of build tools: it finds javac's Tree
 * API behind a delegating class (Gradle) or a proxy (IntelliJ), and where there is no javac behind
 * the wrapper (the Eclipse compiler), it reports one error and does nothing else.
 */
class JavacEnvironmentTest {

  private static final String GOOD = """
      @Differentiable
      static double square(double x) {
        return x * x;
      }
      """;

  private static final String BAD_BODY = """
      @Differentiable
      static double f(double x) {
        return x * Math.random(); //!
      }
      """;

  static Stream<Arguments> wrappers() {
    return Stream.of(
        wrapper("a delegating class, as Gradle's", DelegatingEnvironment::new),
        wrapper("a proxy, as IntelliJ's", JavacEnvironmentTest::forwardingProxy),
        wrapper("a proxy around a delegating class",
            env -> forwardingProxy(new DelegatingEnvironment(env))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrappers")
  void generatesBehindAWrapper(String name, UnaryOperator<ProcessingEnvironment> wrap)
      throws Exception {
    MarkedSource source = MarkedSource.ofMembers(GOOD);
    Compilation compilation = source.compile(new WrappingProcessor(wrap));

    assertThat(compilation).succeededWithoutWarnings();
    String generated = compilation.generatedSourceFile("test.BadGrad").orElseThrow()
        .getCharContent(true).toString();
    assertWithMessage("generated:\n%s", generated).that(generated)
        .contains("public static Square square(double x)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrappers")
  void reportsAtTreesBehindAWrapper(String name, UnaryOperator<ProcessingEnvironment> wrap) {
    MarkedSource source = MarkedSource.ofMembers(BAD_BODY);
    Compilation compilation = source.compile(new WrappingProcessor(wrap));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("Math.random").inFile(source.file())
        .onLine(source.line());
  }

  @Test
  void withoutJavacBehindTheWrapperReportsOneErrorOnEachMethodAndNothingElse() {
    MarkedSource source = MarkedSource.ofMembers(GOOD + BAD_BODY);
    Compilation compilation =
        source.compile(new WrappingProcessor(JavacEnvironmentTest::opaqueProxy));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    for (var error : compilation.errors()) {
      assertWithMessage("an error with the method's file and line: %s", error)
          .that(error.getSource()).isNotNull();
      assertWithMessage("message").that(error.getMessage(null)).contains("flatgrad needs javac");
      assertWithMessage("message").that(error.getMessage(null)).contains("Eclipse and VS Code");
    }
  }

  @Test
  void withoutJavacAndWithoutAnnotatedMethodsStaysQuiet() {
    MarkedSource source = MarkedSource.ofMembers("""
        static double plain(double x) {
          return x;
        }
        """);
    Compilation compilation =
        source.compile(new WrappingProcessor(JavacEnvironmentTest::opaqueProxy));

    assertThat(compilation).succeededWithoutWarnings();
  }

  private static Arguments wrapper(String name, UnaryOperator<ProcessingEnvironment> wrap) {
    return Arguments.of(name, wrap);
  }

  /** A processor that hands FlatgradProcessor a wrapped environment, as a build tool does. */
  private static final class WrappingProcessor implements Processor {

    private final Processor flatgrad = new FlatgradProcessor();
    private final UnaryOperator<ProcessingEnvironment> wrap;

    WrappingProcessor(UnaryOperator<ProcessingEnvironment> wrap) {
      this.wrap = wrap;
    }

    @Override
    public void init(ProcessingEnvironment env) {
      flatgrad.init(wrap.apply(env));
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return flatgrad.process(annotations, round);
    }

    @Override
    public Set<String> getSupportedOptions() {
      return flatgrad.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return flatgrad.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return flatgrad.getSupportedSourceVersion();
    }

    @Override
    public Iterable<? extends Completion> getCompletions(Element element,
        AnnotationMirror annotation, ExecutableElement member, String userText) {
      return flatgrad.getCompletions(element, annotation, member, userText);
    }
  }

  /** Like Gradle's incremental-processing wrapper: a class holding the real environment. */
  private static final class DelegatingEnvironment implements ProcessingEnvironment {

    private final ProcessingEnvironment delegate;

    DelegatingEnvironment(ProcessingEnvironment delegate) {
      this.delegate = delegate;
    }

    @Override
    public Map<String, String> getOptions() {
      return delegate.getOptions();
    }

    @Override
    public Messager getMessager() {
      return delegate.getMessager();
    }

    @Override
    public Filer getFiler() {
      return delegate.getFiler();
    }

    @Override
    public Elements getElementUtils() {
      return delegate.getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return delegate.getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return delegate.getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return delegate.getLocale();
    }
  }

  /** Like IntelliJ's wrapper: a proxy whose handler holds the real environment. */
  private static ProcessingEnvironment forwardingProxy(ProcessingEnvironment env) {
    return proxy(new ForwardingHandler(env));
  }

  /**
   * An environment with no javac behind it, as under the Eclipse compiler: a proxy that answers
   * from copies of the components and holds no {@link ProcessingEnvironment} anywhere.
   */
  private static ProcessingEnvironment opaqueProxy(ProcessingEnvironment env) {
    Map<String, Object> answers = Map.of(
        "getOptions", env.getOptions(),
        "getMessager", env.getMessager(),
        "getFiler", env.getFiler(),
        "getElementUtils", env.getElementUtils(),
        "getTypeUtils", env.getTypeUtils(),
        "getSourceVersion", env.getSourceVersion(),
        "getLocale", Locale.ROOT,
        "isPreviewEnabled", false);
    return proxy((proxy, method, arguments) -> {
      Object answer = answers.get(method.getName());
      if (answer == null) {
        throw new UnsupportedOperationException(method.getName());
      }
      return answer;
    });
  }

  private static ProcessingEnvironment proxy(InvocationHandler handler) {
    return (ProcessingEnvironment) Proxy.newProxyInstance(
        JavacEnvironmentTest.class.getClassLoader(),
        new Class<?>[] {ProcessingEnvironment.class},
        handler);
  }

  private static final class ForwardingHandler implements InvocationHandler {

    private final ProcessingEnvironment delegateTo;

    ForwardingHandler(ProcessingEnvironment delegateTo) {
      this.delegateTo = delegateTo;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
      try {
        return method.invoke(delegateTo, arguments);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
