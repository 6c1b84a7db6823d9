package dev.flatgrad.processor.emit;

import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Function;
import dev.flatgrad.processor.ir.Parameter;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a method's computation graph, as the lectures draw it, in Graphviz DOT: a node per
 * parameter, one per operation (each IR assignment or array store, labelled with its statement),
 * one for the returned value, and an edge from each value to the operations that read it.
 *
 * <p>Branches and loops become clusters, each with a diamond for its condition. Edges follow
 * reaching definitions, so a value read in a loop gets an edge from its definition before the
 * loop and from the one inside it (the loop-carried dependence). Values without a derivative
 * ({@code int} counters, flags) are drawn grey and dashed.
 */
public final class GraphWriter {

  // Generated labels read like the user's source: Math.exp, not java.lang.Math.exp.
  private static final Pattern PACKAGE = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+(?=[A-Z])");

  private static final String INPUT = "shape=ellipse, style=filled, fillcolor=\"#dbe9f6\"";
  private static final String DATA = "shape=ellipse, style=dashed, color=grey40, fontcolor=grey30";
  private static final String OPERATION = "shape=box, style=rounded";
  private static final String PASSIVE = "shape=box, style=\"rounded,dashed\", color=grey60, "
      + "fontcolor=grey40";
  private static final String CONDITION = "shape=diamond, color=grey40, fontcolor=grey30";
  private static final String OUTPUT = "shape=doubleoctagon, style=filled, fillcolor=\"#fde2c8\"";
  private static final String PASSIVE_EDGE = " [style=dashed, color=grey60]";

  private final Function function;
  private final Map<Object, String> ids = new IdentityHashMap<>();
  private final Set<String> takenIds = new HashSet<>();
  private final Map<String, Boolean> passiveNodes = new HashMap<>();
  private final Set<String> edges = new LinkedHashSet<>();
  private final StringBuilder dot = new StringBuilder();
  private int clusters;

  private GraphWriter(Function function) {
    this.function = function;
  }

  /** The file name for {@code function}'s graph: {@code Outer_Inner_method.dot}. */
  public static String fileName(ClassId userClass, Function function) {
    return String.join("_", userClass.simpleNames()) + "_" + function.name() + ".dot";
  }

  /** {@link #fileName}, made unique with {@code _2}, {@code _3}, ...; adds it to {@code taken}. */
  public static String fileName(ClassId userClass, Function function, Set<String> taken) {
    String base = fileName(userClass, function);
    String name = base;
    for (int suffix = 2; !taken.add(name); suffix++) {
      name = base.substring(0, base.length() - ".dot".length()) + "_" + suffix + ".dot";
    }
    return name;
  }

  /** The DOT text of {@code function}'s computation graph. */
  public static String write(ClassId userClass, Function function) {
    return new GraphWriter(function).graph(userClass);
  }

  private String graph(ClassId userClass) {
    String name = userClass.canonicalName() + "." + function.name();
    line(0, "// The computation graph of " + name + ", written by flatgrad.");
    line(0, "// Render it with Graphviz: dot -Tpng -O <this file>");
    line(0, "digraph " + quote(name) + " {");
    line(1, "rankdir=LR;");
    line(1, "graph [fontname=\"Helvetica\", fontsize=11];");
    line(1, "node [fontname=\"Helvetica\", fontsize=11];");
    line(1, "edge [color=grey25, arrowsize=0.7];");

    Map<Variable, Set<String>> definitions = new LinkedHashMap<>();
    for (Parameter parameter : function.parameters()) {
      String id = newId(parameter.variable(), parameter.name(), !parameter.differentiated());
      line(1, quote(id) + " [label=" + quote(parameter.name()) + ", "
          + (parameter.differentiated() ? INPUT : DATA) + "];");
      definitions.put(parameter.variable(), Set.of(id));
    }
    declare(function.body(), 1);
    String output = newId(function.result(), "return", false);
    line(1, quote(output) + " [label=" + quote("return " + label(function.result())) + ", "
        + OUTPUT + "];");

    flow(function.body(), definitions);
    addEdges(function.result(), output, definitions);
    edges.forEach(edge -> line(1, edge));
    line(0, "}");
    return dot.toString();
  }

  // ---- nodes and clusters, in program order

  private void declare(List<Stmt> statements, int depth) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign assign) {
        operation(stmt, assign.target().name(),
            assign.target().name() + " = " + label(assign.value()),
            !assign.target().type().isDifferentiable(), depth);
      } else if (stmt instanceof Stmt.Store store) {
        operation(stmt, store.target().array().name() + "[]",
            label(store.target()) + " = " + label(store.value()), false, depth);
      } else if (stmt instanceof Stmt.If branch) {
        cluster("if", depth, () -> {
          condition(branch, branch.condition(), "if", depth + 1);
          declare(branch.then(), depth + 1);
        });
        if (!branch.otherwise().isEmpty()) {
          cluster("else", depth, () -> declare(branch.otherwise(), depth + 1));
        }
      } else if (stmt instanceof Stmt.Loop loop) {
        String kind = !loop.testFirst() ? "do-while" : loop.update().isEmpty() ? "while" : "for";
        cluster(kind, depth, () -> {
          declare(loop.init(), depth + 1);
          condition(loop, loop.condition(), kind, depth + 1);
          declare(loop.body(), depth + 1);
          declare(loop.update(), depth + 1);
        });
      }
      // Declare, Accumulate and Push add no node: a declaration computes nothing, and the
      // other two appear only in adjoint code.
    }
  }

  private void operation(Stmt stmt, String base, String label, boolean passive, int depth) {
    String id = newId(stmt, base, passive);
    line(depth, quote(id) + " [label=" + quote(label) + ", " + (passive ? PASSIVE : OPERATION)
        + "];");
  }

  private void condition(Stmt owner, Expr condition, String kind, int depth) {
    String text = condition == null ? "true" : label(condition);
    String id = newId(owner, kind, true);
    line(depth, quote(id) + " [label=" + quote(text) + ", " + CONDITION + "];");
  }

  private void cluster(String label, int depth, Runnable contents) {
    line(depth, "subgraph cluster_" + clusters++ + " {");
    line(depth + 1, "label=" + quote(label) + "; style=\"rounded,dashed\"; color=grey50; "
        + "fontcolor=grey30;");
    contents.run();
    line(depth, "}");
  }

  // ---- edges: reaching definitions over structured control flow

  /** Adds the edges of {@code statements} and updates {@code definitions} past them. */
  private void flow(List<Stmt> statements, Map<Variable, Set<String>> definitions) {
    for (Stmt stmt : statements) {
      if (stmt instanceof Stmt.Assign assign) {
        addEdges(assign.value(), ids.get(stmt), definitions);
        definitions.put(assign.target(), Set.of(ids.get(stmt)));
      } else if (stmt instanceof Stmt.Store store) {
        String id = ids.get(stmt);
        store.target().indices().forEach(index -> addEdges(index, id, definitions));
        addEdges(store.value(), id, definitions);
        // A store changes one element: the array's earlier definitions still reach.
        Set<String> array = new LinkedHashSet<>(
            definitions.getOrDefault(store.target().array(), Set.of()));
        array.add(id);
        definitions.put(store.target().array(), array);
      } else if (stmt instanceof Stmt.If branch) {
        addEdges(branch.condition(), ids.get(stmt), definitions);
        Map<Variable, Set<String>> otherwise = copy(definitions);
        flow(branch.then(), definitions);
        flow(branch.otherwise(), otherwise);
        merge(definitions, otherwise);
      } else if (stmt instanceof Stmt.Loop loop) {
        flow(loop.init(), definitions);
        // Two passes reach the fixed point for one loop: the second sees what the first
        // carried around the back edge. Edges are a set, so repeating them is harmless.
        Map<Variable, Set<String>> entry = copy(definitions);
        Map<Variable, Set<String>> iteration = copy(entry);
        for (int pass = 0; pass < 2; pass++) {
          addEdges(loop.condition(), ids.get(stmt), iteration);
          flow(loop.body(), iteration);
          flow(loop.update(), iteration);
          merge(iteration, entry);
        }
        merge(definitions, iteration);
      }
    }
  }

  private void addEdges(Expr expr, String target, Map<Variable, Set<String>> definitions) {
    if (expr == null) {
      return;
    }
    for (Variable variable : reads(expr)) {
      for (String source : definitions.getOrDefault(variable, Set.of())) {
        edges.add(quote(source) + " -> " + quote(target)
            + (passiveNodes.get(source) ? PASSIVE_EDGE : "") + ";");
      }
    }
  }

  private static List<Variable> reads(Expr expr) {
    List<Variable> reads = new ArrayList<>();
    collect(expr, reads);
    return reads;
  }

  private static void collect(Expr expr, List<Variable> reads) {
    if (expr instanceof Expr.Ref ref) {
      reads.add(ref.variable());
    } else if (expr instanceof Expr.Element element) {
      reads.add(element.array());
    } else if (expr instanceof Expr.Zeros zeros) {
      reads.add(zeros.array());
    }
    expr.children().forEach(child -> collect(child, reads));
  }

  private static Map<Variable, Set<String>> copy(Map<Variable, Set<String>> definitions) {
    return new LinkedHashMap<>(definitions);
  }

  /** Adds {@code other}'s definitions to {@code into}'s: either path may have been taken. */
  private static void merge(Map<Variable, Set<String>> into, Map<Variable, Set<String>> other) {
    other.forEach((variable, sources) -> into.merge(variable, sources, (a, b) -> {
      Set<String> union = new LinkedHashSet<>(a);
      union.addAll(b);
      return union;
    }));
  }

  // ---- text

  private String newId(Object owner, String base, boolean passive) {
    String id = base;
    for (int suffix = 2; !takenIds.add(id); suffix++) {
      id = base + "#" + suffix;
    }
    ids.put(owner, id);
    passiveNodes.put(id, passive);
    return id;
  }

  private static String label(Expr expr) {
    return PACKAGE.matcher(ExpressionWriter.write(expr).toString()).replaceAll("");
  }

  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private void line(int depth, String text) {
    dot.append("  ".repeat(depth)).append(text).append('\n');
  }
}
