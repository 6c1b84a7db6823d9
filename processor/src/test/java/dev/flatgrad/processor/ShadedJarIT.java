package dev.flatgrad.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The processor jar as published, after {@code package}: JavaPoet inside it, relocated, nothing
 * else needed on the processor path, and a pom that does not ask for JavaPoet. Run by failsafe.
 */
class ShadedJarIT {

  private static final Path JAR = Path.of(property("flatgrad.processor.jar"));
  private static final Path REDUCED_POM = Path.of(property("flatgrad.processor.reducedPom"));

  @Test
  void javaPoetIsInsideAndRelocated() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();
      assertWithMessage("entries under com/palantir").that(
          names.stream().filter(name -> name.startsWith("com/palantir/")).toList()).isEmpty();
      assertThat(names).contains("dev/flatgrad/processor/shaded/javapoet/JavaFile.class");
      assertThat(text(jar, "META-INF/services/javax.annotation.processing.Processor").strip())
          .isEqualTo("dev.flatgrad.processor.FlatgradProcessor");
      assertThat(text(jar, "META-INF/gradle/incremental.annotation.processors").strip())
          .isEqualTo("dev.flatgrad.processor.FlatgradProcessor,isolating");
    }
  }

  @Test
  void thePublishedPomHasNoJavaPoetDependency() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(REDUCED_POM.toFile());
    XPath xpath = XPathFactory.newInstance().newXPath();
    assertThat(xpath.evaluate("/project/artifactId", pom)).isEqualTo("flatgrad-processor");
    NodeList dependencies = (NodeList) xpath.evaluate(
        "/project/dependencies/dependency/artifactId", pom, XPathConstants.NODESET);
    List<String> artifactIds = new ArrayList<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      artifactIds.add(dependencies.item(i).getTextContent());
    }
    assertThat(artifactIds).isNotEmpty();
    assertThat(artifactIds).doesNotContain("javapoet");
  }

  @Test
  void theJarAloneIsAWorkingProcessorPath(@TempDir Path dir) throws Exception {
    JavacRun run = new JavacRun(dir).source("demo/Square.java", """
        package demo;

        import dev.flatgrad.Differentiable;

        public class Square {
          @Differentiable
          public static double square(double x) {
            return x * x;
          }
        }
        """);

    JavacRun.Result result = run.compileDiscovering("-processorpath", JAR.toString());

    assertWithMessage("%s", result.diagnostics()).that(result.success()).isTrue();
    URL[] classpath = {
      run.classes().toUri().toURL(),
      JavacRun.location(dev.flatgrad.Differentiable.class).toUri().toURL()
    };
    try (var loader = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
      Object record = loader.loadClass("demo.SquareGrad").getMethod("square", double.class)
          .invoke(null, 3.0);
      assertThat(GeneratedCode.components((Record) record))
          .containsExactly("value", 9.0, "x", 6.0).inOrder();
    }
  }

  private static String text(JarFile jar, String name) throws IOException {
    ZipEntry entry = jar.getEntry(name);
    assertWithMessage("%s in the jar", name).that(entry).isNotNull();
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(name + " is not set: failsafe sets it (mvn verify)");
    }
    return value;
  }
}
