package dev.flatgrad.processor.fuzz;

import dev.flatgrad.processor.fuzz.Checker.Failure;
import dev.flatgrad.processor.fuzz.Checker.Kind;
import dev.flatgrad.processor.fuzz.Model.Program;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The regression sources the fuzzers save: a header of {@code //} comments saying what failed
 * and how to check it again (the seed the points derive from, the array sizes, and whether the
 * program must pass the gradient checks or only compile cleanly), then the program.
 */
final class Regressions {

  private Regressions() {}

  /** A saved program, read back. */
  record Regression(String name, Kind kind, long seed, int n, int m, String expect,
      String open, String mainClass, String source) {}

  static String fileName(Kind kind, long seed) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-"
        + Long.toHexString(seed) + ".java";
  }

  static String source(Program program, Failure failure) {
    return header(failure.kind(), program.seed, program.n, program.m, "gradients",
        failure.toString()) + program.render();
  }

  static String header(Kind kind, long seed, int n, int m, String expect, String found) {
    String shortFound = found.replace("\r", "");
    if (shortFound.length() > 600) {
      shortFound = shortFound.substring(0, 600) + " ...";
    }
    StringBuilder out = new StringBuilder();
    out.append("// flatgrad fuzz regression, checked by FuzzRegressionTest\n");
    out.append("// kind: ").append(kind).append('\n');
    out.append("// seed: ").append(seed).append('\n');
    out.append("// sizes: n=").append(n).append(" m=").append(m).append('\n');
    out.append("// expect: ").append(expect).append('\n');
    for (String line : shortFound.split("\n")) {
      out.append("// found: ").append(line).append('\n');
    }
    return out.toString();
  }

  private static final Pattern FIELD = Pattern.compile("^// ([a-z]+): ?(.*)$", Pattern.MULTILINE);
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern CLASS = Pattern.compile("^(?:[a-z]+ )*class (\\w+)",
      Pattern.MULTILINE);

  static Regression parse(String name, String text) {
    Map<String, String> fields = new java.util.HashMap<>();
    Matcher matcher = FIELD.matcher(text);
    while (matcher.find()) {
      fields.putIfAbsent(matcher.group(1), matcher.group(2).trim());
    }
    Matcher sizes = Pattern.compile("n=(\\d+) m=(\\d+)").matcher(fields.getOrDefault("sizes",
        "n=3 m=2"));
    if (!sizes.find()) {
      throw new IllegalArgumentException(name + ": bad sizes");
    }
    Matcher pkg = PACKAGE.matcher(text);
    Matcher cls = CLASS.matcher(text);
    if (!cls.find()) {
      throw new IllegalArgumentException(name + ": no class");
    }
    String mainClass = (pkg.find() ? pkg.group(1) + "." : "") + cls.group(1);
    return new Regression(name, Kind.valueOf(fields.getOrDefault("kind", "GRADIENT")),
        Long.parseLong(fields.getOrDefault("seed", "0")), Integer.parseInt(sizes.group(1)),
        Integer.parseInt(sizes.group(2)), fields.getOrDefault("expect", "gradients"),
        fields.get("open"), mainClass, text);
  }
}
