package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Primitive;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.UnaryOperator;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reductions of a stream of doubles, as modern Java writes sums and extremes: {@code
 * Arrays.stream(x).max().getAsDouble()}, {@code Arrays.stream(x).map(v -> v * v).sum()}, {@code
 * IntStream.range(0, n).mapToDouble(i -> a[i] * b[i]).sum()}, {@code DoubleStream.of(a, b,
 * c).min().orElse(0)}, {@code average()}. Each becomes the loop it stands for, before the
 * expression that uses it (see {@link SideEffects}), so derivatives flow through it as through
 * any loop. The loop adds left to right: {@code DoubleStream.sum()} compensates its rounding, so
 * a sum or average may differ from the stream's in the last bits. Max and min are exact.
 */
final class StreamReductions {

  private enum Terminal {
    SUM, MAX, MIN, AVERAGE
  }

  /**
   * {@code source.map(maps...).terminal()}, then {@code getAsDouble()} or {@code orElse(value)}
   * for the optional result of max, min and average ({@code orElse} null: none, or it throws).
   */
  private record Reduction(MethodInvocationTree source, List<LambdaExpressionTree> maps,
      Terminal terminal, ExpressionTree orElse) {}

  private static final Set<String> SOURCES = Set.of("Arrays.stream", "DoubleStream.of",
      "IntStream.range", "IntStream.rangeClosed");

  private static final ClassId NO_SUCH_ELEMENT =
      new ClassId("java.util", List.of("NoSuchElementException"));

  private final BodyTranslator body;
  private final ExpressionTranslator expressions;
  private final Blocks blocks;
  private final ThreeAddress threeAddress;
  private final Names names;
  private final Symbols symbols;

  StreamReductions(BodyTranslator body, ExpressionTranslator expressions, Blocks blocks,
      ThreeAddress threeAddress, Names names, Symbols symbols) {
    this.body = body;
    this.expressions = expressions;
    this.blocks = blocks;
    this.threeAddress = threeAddress;
    this.names = names;
    this.symbols = symbols;
  }

  /**
   * Whether {@code tree} looks like a reduction of a stream of doubles (by its names only, which
   * is what {@link SideEffects#has} can see): a chain that ends in a reduction and starts at
   * {@code Arrays.stream}, {@code DoubleStream.of} or {@code IntStream.range}.
   */
  static boolean looksLikeOne(MethodInvocationTree call) {
    return parse(call) != null;
  }

  /** Emits the loop of {@code call} and returns its result; null if it is no such reduction. */
  Expr reduce(MethodInvocationTree call) {
    Reduction reduction = parse(call);
    if (reduction == null || !fromJdk(reduction.source())) {
      return null;
    }
    return emit(reduction);
  }

  private static Reduction parse(MethodInvocationTree call) {
    ExpressionTree orElse = null;
    boolean optional = false;
    MethodInvocationTree at = call;
    String name = name(at);
    if (name.equals("getAsDouble") || name.equals("orElseThrow") || name.equals("orElse")) {
      if (name.equals("orElse") != (at.getArguments().size() == 1)
          || !(receiver(at) instanceof MethodInvocationTree inner)) {
        return null;
      }
      orElse = name.equals("orElse") ? at.getArguments().get(0) : null;
      optional = true;
      at = inner;
      name = name(at);
    }
    Terminal terminal = switch (name) {
      case "sum" -> Terminal.SUM;
      case "max" -> Terminal.MAX;
      case "min" -> Terminal.MIN;
      case "average" -> Terminal.AVERAGE;
      default -> null;
    };
    if (terminal == null || !at.getArguments().isEmpty()
        || optional == (terminal == Terminal.SUM)) {
      return null;
    }
    List<LambdaExpressionTree> maps = new ArrayList<>();
    boolean toDoubles = false; // whether the first step is mapToDouble, of an IntStream
    ExpressionTree stream = receiver(at);
    while (stream instanceof MethodInvocationTree step && (name(step).equals("map")
        || name(step).equals("mapToDouble")) && step.getArguments().size() == 1
        && step.getArguments().get(0) instanceof LambdaExpressionTree lambda
        && lambda.getParameters().size() == 1
        && lambda.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION) {
      maps.add(0, lambda);
      toDoubles = name(step).equals("mapToDouble");
      stream = receiver(step);
    }
    if (!(stream instanceof MethodInvocationTree source)
        || !(source.getMethodSelect() instanceof MemberSelectTree select)
        || !SOURCES.contains(simpleName(select.getExpression()) + "." + select.getIdentifier())) {
      return null;
    }
    // An IntStream becomes doubles through mapToDouble first; a DoubleStream has no mapToDouble.
    boolean range = select.getIdentifier().toString().startsWith("range");
    return range == toDoubles ? new Reduction(source, maps, terminal, orElse) : null;
  }

  private boolean fromJdk(MethodInvocationTree source) {
    MemberSelectTree select = (MemberSelectTree) source.getMethodSelect();
    String owner = simpleName(select.getExpression());
    String expected = owner.equals("Arrays") ? "java.util.Arrays" : "java.util.stream." + owner;
    return symbols.type(select.getExpression().toString())
        .map(type -> type.getQualifiedName().contentEquals(expected))
        .orElse(false);
  }

  private Expr emit(Reduction reduction) {
    MethodInvocationTree source = reduction.source();
    String kind = ((MemberSelectTree) source.getMethodSelect()).getIdentifier().toString();
    Variable result = local(reduction.terminal().name().toLowerCase(java.util.Locale.ROOT),
        Type.DOUBLE);
    // Whether an element came: max, min and average of none have no value.
    Variable present = reduction.terminal() == Terminal.SUM ? null : local("any", Type.BOOLEAN);
    blocks.emit(new Stmt.Assign(result, Expr.Literal.ofDouble(0), true));
    if (present != null) {
      blocks.emit(new Stmt.Assign(present, Expr.Literal.ofBoolean(false), true));
    }
    Expr count;
    if (kind.equals("of")) {
      for (ExpressionTree value : source.getArguments()) {
        Expr element = expressions.translate(value);
        fold(reduction, result, present, () -> element);
      }
      count = Expr.Literal.ofInt(source.getArguments().size());
    } else {
      count = loop(reduction, result, present, source, kind);
    }
    if (reduction.terminal() == Terminal.AVERAGE) {
      List<Stmt> divide = blocks.nested(() -> blocks.emit(new Stmt.Assign(result,
          new Expr.Binary(BinaryOperator.DIVIDE, new Expr.Ref(result),
              new Expr.Unary(UnaryOperator.TO_DOUBLE, count, Type.DOUBLE), Type.DOUBLE),
          false)));
      blocks.emit(new Stmt.If(new Expr.Ref(present), divide, List.of()));
    }
    if (present != null) {
      Expr missing = new Expr.Unary(UnaryOperator.NOT, new Expr.Ref(present), Type.BOOLEAN);
      List<Stmt> otherwise = blocks.nested(() -> blocks.emit(reduction.orElse() == null
          ? new Stmt.Throw(NO_SUCH_ELEMENT, List.of(new Expr.Text("No value present")))
          : new Stmt.Assign(result, threeAddress.operation(
              expressions.translate(reduction.orElse())), false)));
      blocks.emit(new Stmt.If(missing, otherwise, List.of()));
    }
    return new Expr.Ref(result);
  }

  /** The loop over an array (or range of it) or over {@code IntStream.range}; returns its count. */
  private Expr loop(Reduction reduction, Variable result, Variable present,
      MethodInvocationTree source, String kind) {
    List<? extends ExpressionTree> arguments = source.getArguments();
    Variable counter = new Variable(names.fresh("i"), Type.INT, Variable.Kind.LOCAL);
    Expr index = new Expr.Ref(counter);
    Expr from;
    Expr to;
    java.util.function.Supplier<Expr> element;
    if (kind.equals("stream")) {
      Expr array = expressions.translate(arguments.get(0));
      if (array.type() != Type.DOUBLE_ARRAY
          || !(array instanceof Expr.Ref || array instanceof Expr.Element)) {
        throw new Unsupported(arguments.get(0), "Arrays.stream(...) is supported of a double[]"
            + " variable or a row such as m[i]");
      }
      from = arguments.size() == 3 ? expressions.integer(arguments.get(1))
          : Expr.Literal.ofInt(0);
      to = arguments.size() == 3 ? expressions.integer(arguments.get(2))
          : new Expr.Length(array);
      element = () -> elementOf(array, index);
    } else {
      from = expressions.integer(arguments.get(0));
      to = expressions.integer(arguments.get(1));
      element = () -> index;
    }
    BinaryOperator test = kind.equals("rangeClosed")
        ? BinaryOperator.LESS_EQUAL
        : BinaryOperator.LESS;
    List<Stmt> loopBody = blocks.nested(() -> fold(reduction, result, present, element));
    blocks.emit(new Stmt.Loop(List.of(new Stmt.Assign(counter, from, true)),
        new Expr.Binary(test, index, to, Type.BOOLEAN), loopBody,
        List.of(new Stmt.Assign(counter, new Expr.Binary(BinaryOperator.ADD, index,
            Expr.Literal.ofInt(1), Type.INT), false)), true));
    Expr count = new Expr.Binary(BinaryOperator.SUBTRACT, to, from, Type.INT);
    return kind.equals("rangeClosed")
        ? new Expr.Binary(BinaryOperator.ADD, count, Expr.Literal.ofInt(1), Type.INT)
        : count;
  }

  private static Expr elementOf(Expr array, Expr index) {
    if (array instanceof Expr.Ref ref) {
      return new Expr.Element(ref.variable(), List.of(index));
    }
    Expr.Element row = (Expr.Element) array;
    List<Expr> indices = new ArrayList<>(row.indices());
    indices.add(index);
    return new Expr.Element(row.array(), indices);
  }

  /** One element: mapped by each lambda in turn, then added, or compared with the extreme. */
  private void fold(Reduction reduction, Variable result, Variable present,
      java.util.function.Supplier<Expr> element) {
    body.inScope(() -> {
      Expr value = element.get();
      for (LambdaExpressionTree map : reduction.maps()) {
        String parameter = map.getParameters().get(0).getName().toString();
        body.declareLocal(parameter, null, value, map);
        ExpressionTree mapped = (ExpressionTree) map.getBody();
        value = expressions.translate(mapped);
        if (value.type() == Type.INT) {
          value = new Expr.Unary(UnaryOperator.TO_DOUBLE, value, Type.DOUBLE);
        }
      }
      Variable v = local("element", Type.DOUBLE);
      blocks.emit(new Stmt.Assign(v, threeAddress.operation(value), true));
      Expr current = new Expr.Ref(result);
      Expr next = switch (reduction.terminal()) {
        case SUM, AVERAGE -> new Expr.Binary(BinaryOperator.ADD, current, new Expr.Ref(v),
            Type.DOUBLE);
        case MAX -> new Expr.Call(Primitive.MAX, List.of(current, new Expr.Ref(v)), Type.DOUBLE);
        case MIN -> new Expr.Call(Primitive.MIN, List.of(current, new Expr.Ref(v)), Type.DOUBLE);
      };
      if (reduction.terminal() == Terminal.MAX || reduction.terminal() == Terminal.MIN) {
        // Java folds from the first element: Math.max(first, ...), never max(0, first).
        List<Stmt> fold = blocks.nested(() -> blocks.emit(new Stmt.Assign(result, next, false)));
        List<Stmt> first = blocks.nested(() -> {
          blocks.emit(new Stmt.Assign(result, new Expr.Ref(v), false));
          blocks.emit(new Stmt.Assign(present, Expr.Literal.ofBoolean(true), false));
        });
        blocks.emit(new Stmt.If(new Expr.Ref(present), fold, first));
      } else {
        blocks.emit(new Stmt.Assign(result, next, false));
        if (present != null) {
          blocks.emit(new Stmt.Assign(present, Expr.Literal.ofBoolean(true), false));
        }
      }
    });
  }

  private Variable local(String name, Type type) {
    return new Variable(names.fresh(name), type, Variable.Kind.LOCAL);
  }

  private Variable temporary(Type type) {
    return new Variable(names.temporary(), type, Variable.Kind.TEMPORARY);
  }

  private static String name(MethodInvocationTree call) {
    return call.getMethodSelect() instanceof MemberSelectTree select
        ? select.getIdentifier().toString()
        : "";
  }

  private static ExpressionTree receiver(MethodInvocationTree call) {
    return call.getMethodSelect() instanceof MemberSelectTree select
        ? Unsupported.core(select.getExpression())
        : null;
  }

  /** {@code Arrays} of {@code Arrays} and of {@code java.util.Arrays}. */
  private static String simpleName(ExpressionTree tree) {
    return tree instanceof MemberSelectTree select ? select.getIdentifier().toString()
        : tree instanceof IdentifierTree identifier ? identifier.getName().toString() : "";
  }
}
