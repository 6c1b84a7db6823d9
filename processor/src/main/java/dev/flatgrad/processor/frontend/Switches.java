package dev.flatgrad.processor.frontend;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreeScanner;
import dev.flatgrad.processor.ir.BinaryOperator;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code switch} statements on {@code int}, {@code char}, {@code short}, {@code byte}, {@code
 * String} and enum values as {@code if}/{@code else} chains: {@code k == 1}, {@code
 * Objects.equals(s, "a")}, {@code mode == Mode.FAST}, after {@code Objects.requireNonNull} of a
 * string or enum selector, which throws where Java's switch would. When no case falls
 * through into the next (the usual {@code case 1: ...; break;} and every arrow form), each case is
 * one branch, its closing {@code break} dropped. Otherwise the case where execution enters is
 * computed first, {@code int entry = k == 1 ? 0 : k == 2 ? 1 : 2;}, and case {@code g} runs if
 * {@code entry <= g} and nothing before it jumped out: Java's fall-through, without jumps. A
 * {@code break} inside a case sets the switch's flag, which guards the rest.
 */
final class Switches {

  /**
   * The statements of one case (or of several labels sharing them); no labels: default. An arrow
   * case of a switch expression may have a {@code value} instead.
   */
  private record Group(List<Expr> labels, boolean isDefault, List<StatementTree> statements,
      ExpressionTree value) {}

  /** The variable a switch expression's {@code yield} assigns, and its flag (null if unneeded). */
  private record Result(Variable variable, Variable yielded) {}

  private final Deque<Result> results = new ArrayDeque<>();

  private final BodyTranslator body;
  private final ExpressionTranslator expressions;
  private final Names names;
  /** Whether a value is a table held in a field, the only arrays a switch may choose among. */
  private final java.util.function.Predicate<Expr> isTable;

  Switches(BodyTranslator body, ExpressionTranslator expressions, Names names,
      java.util.function.Predicate<Expr> isTable) {
    this.body = body;
    this.expressions = expressions;
    this.names = names;
    this.isTable = isTable;
  }

  void statement(SwitchTree tree, String label) {
    lower(tree.getExpression(), tree.getCases(), label, null);
  }

  /**
   * A switch expression: its value computed by statements into a variable, which is returned.
   * Its type is {@code expected} if known (the declared type of the local it initializes), else
   * the widest of its values'.
   */
  Expr expression(SwitchExpressionTree tree, Type expected) {
    Type type = expected != null ? expected : resultType(tree);
    if (type == Type.ENUM) {
      throw new Unsupported(tree, "a switch expression whose values are enum values is not"
          + " supported; assign a local in a switch statement instead");
    }
    Variable variable = new Variable(names.temporary(), type, Variable.Kind.TEMPORARY);
    body.emit(new Stmt.Assign(variable, Expr.defaultValue(type), true));
    lower(tree.getExpression(), tree.getCases(), null, variable);
    return new Expr.Ref(variable);
  }

  /** {@code yield value;}: the switch expression's variable gets the value. */
  void yield(YieldTree tree) {
    if (results.isEmpty()) {
      throw new Unsupported(tree, "yield outside of switch expression");
    }
    Result result = results.peek();
    body.emit(new Stmt.Assign(result.variable(), value(tree.getValue(), result.variable()),
        false));
    if (result.yielded() != null) {
      body.emit(new Stmt.Assign(result.yielded(), Expr.Literal.ofBoolean(true), false));
    }
  }

  private void lower(ExpressionTree selectorTree, List<? extends CaseTree> cases, String label,
      Variable result) {
    Expr selector = selector(selectorTree);
    List<Group> groups = groups(cases, selector);
    boolean fallsThrough = false;
    boolean rules = !cases.isEmpty() && cases.get(0).getCaseKind() == CaseTree.CaseKind.RULE;
    for (int g = 0; !rules && g + 1 < groups.size(); g++) {
      fallsThrough |= !endsWithJump(groups.get(g).statements());
    }
    if (!fallsThrough) {
      groups = groups.stream().map(Switches::withoutClosingBreak).toList();
    }
    Set<Exits> exits = new HashSet<>();
    for (Group group : groups) {
      collectExits(group.statements(), !fallsThrough, exits);
    }
    Variable broke = Jumps.targets(exits, Exits.Kind.BREAK, label)
        ? body.jumps().flag(result == null ? "broke" : "yielded")
        : null;
    if (broke != null) {
      body.emit(new Stmt.Assign(broke, Expr.Literal.ofBoolean(false), true));
    }
    body.jumps().push(new Jumps.Target(label, false, true, broke, null));
    if (result != null) {
      results.push(new Result(result, broke));
    }
    try {
      if (fallsThrough) {
        fallThrough(selector, groups);
      } else {
        chain(selector, groups);
      }
    } finally {
      body.jumps().pop();
      if (result != null) {
        results.pop();
      }
    }
  }

  /**
   * The jumps out of {@code statements}; with {@code lastYieldFree}, not a yield that ends them
   * (also inside a closing block): nothing of the switch follows it, so it needs no flag.
   */
  private static void collectExits(List<? extends StatementTree> statements,
      boolean lastYieldFree, Set<Exits> into) {
    for (int i = 0; i < statements.size(); i++) {
      StatementTree statement = statements.get(i);
      boolean last = i == statements.size() - 1;
      if (last && lastYieldFree && statement instanceof YieldTree yield) {
        into.addAll(Exits.of(yield.getValue()));
      } else if (last && lastYieldFree && statement instanceof BlockTree block) {
        collectExits(block.getStatements(), true, into);
      } else {
        into.addAll(Exits.of(statement));
      }
    }
  }

  /** The type of a switch expression's values: double if one is, else int or boolean. */
  private Type resultType(SwitchExpressionTree tree) {
    List<ExpressionTree> values = new ArrayList<>();
    for (CaseTree branch : tree.getCases()) {
      if (branch.getCaseKind() == CaseTree.CaseKind.RULE
          && branch.getBody() instanceof ExpressionTree value) {
        values.add(value);
      }
    }
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitYield(YieldTree yield, Void unused) {
        values.add(yield.getValue());
        return null;
      }

      @Override
      public Void visitSwitchExpression(SwitchExpressionTree nested, Void unused) {
        return null; // its yields are its own
      }
    }.scan(tree.getCases(), null);
    Set<Type> types = new HashSet<>();
    for (ExpressionTree value : values) {
      try {
        types.add(expressions.translate(value).type());
      } catch (Unsupported unknownYet) {
        // A value that reads a case's own locals, or has side effects: its type shows later.
      }
    }
    if (types.contains(Type.DOUBLE) || types.isEmpty()) {
      return Type.DOUBLE;
    }
    return types.contains(Type.INT) ? Type.INT : types.iterator().next();
  }

  /**
   * The selector, once: a variable or literal, else a copy in a temporary; a string or enum one
   * checked for null, as Java's switch does.
   */
  private Expr selector(ExpressionTree tree) {
    body.prepare(tree, null);
    Expr selector = expressions.translate(tree);
    Type type = selector.type();
    boolean reference = type == Type.STRING || type == Type.ENUM;
    if (Type.promote(type) != Type.INT && !reference) {
      throw new Unsupported(tree, "a switch on a " + type.javaName() + " is not supported;"
          + " switch on an int, char, short, byte, String or enum value");
    }
    if (!selector.isAtom()) {
      Variable copy = new Variable(names.temporary(), type, Variable.Kind.TEMPORARY,
          EnumValues.classOf(selector).orElse(null));
      body.emit(new Stmt.Assign(copy, selector, true));
      selector = new Expr.Ref(copy);
    }
    if (reference) {
      body.emit(new Stmt.Run(Equality.REQUIRE_NON_NULL, List.of(selector)));
    }
    return selector;
  }

  /**
   * A case label: an integer constant for a number, a string literal for a string, and for an
   * enum the constant's name ({@code case FAST}), which Java resolves in the selector's enum.
   */
  private Expr label(ExpressionTree tree, Expr selector) {
    if (selector.type() == Type.ENUM && tree instanceof IdentifierTree name) {
      ClassId owner = EnumValues.classOf(selector).orElseThrow(() -> new Unsupported(tree,
          "flatgrad cannot tell the enum of this switch's selector; switch on a parameter or a"
              + " local declared with its enum type"));
      return new Expr.Constant(owner, name.getName().toString(), Type.ENUM);
    }
    Expr value = expressions.translate(tree);
    boolean fits = selector.type() == Type.STRING || selector.type() == Type.ENUM
        ? value.type() == selector.type()
        : value.type().isIntegral() && value.type() != Type.LONG;
    if (!fits) {
      throw new Unsupported(tree, "a case label of type " + value.type().javaName()
          + " does not match the switch's " + selector.type().javaName() + " selector");
    }
    return value;
  }

  /** The cases, those without statements ({@code case 1: case 2: ...}) joined to the next. */
  private List<Group> groups(List<? extends CaseTree> cases, Expr selector) {
    List<Group> groups = new ArrayList<>();
    List<Expr> labels = new ArrayList<>();
    boolean isDefault = false;
    for (CaseTree tree : cases) {
      if (tree.getExpressions().isEmpty()) {
        isDefault = true;
      }
      for (ExpressionTree label : tree.getExpressions()) {
        labels.add(label(label, selector));
      }
      List<? extends StatementTree> statements = statements(tree);
      if (tree.getCaseKind() == CaseTree.CaseKind.RULE || !statements.isEmpty()) {
        ExpressionTree value = tree.getCaseKind() == CaseTree.CaseKind.RULE
            && tree.getBody() instanceof ExpressionTree expression ? expression : null;
        groups.add(new Group(List.copyOf(labels), isDefault, List.copyOf(statements), value));
        labels.clear();
        isDefault = false;
      }
    }
    if (!labels.isEmpty() || isDefault) {
      groups.add(new Group(List.copyOf(labels), isDefault, List.of(), null));
    }
    return groups;
  }

  /** A case's statements; an arrow case's body, {@code -> {...}} or {@code -> y = 2;}. */
  static List<? extends StatementTree> statements(CaseTree tree) {
    if (tree.getCaseKind() == CaseTree.CaseKind.STATEMENT) {
      return tree.getStatements();
    }
    return tree.getBody() instanceof StatementTree statement ? List.of(statement) : List.of();
  }

  /** Whether control cannot fall out of the end of {@code statements} into the next case. */
  private static boolean endsWithJump(List<? extends StatementTree> statements) {
    if (statements.isEmpty()) {
      return false;
    }
    StatementTree last = statements.get(statements.size() - 1);
    return switch (last.getKind()) {
      case BREAK, CONTINUE, RETURN, THROW, YIELD -> true;
      case BLOCK -> endsWithJump(((BlockTree) last).getStatements());
      default -> false;
    };
  }

  private static Group withoutClosingBreak(Group group) {
    List<StatementTree> statements = group.statements();
    if (!statements.isEmpty() && statements.get(statements.size() - 1) instanceof BreakTree jump
        && jump.getLabel() == null) {
      statements = statements.subList(0, statements.size() - 1);
    }
    return new Group(group.labels(), group.isDefault(), statements, group.value());
  }

  /** {@code if (k == 1 || k == 2) {...} else if (k == 3) {...} else {default}}. */
  private void chain(Expr selector, List<Group> groups) {
    List<List<Stmt>> translated = new ArrayList<>();
    for (Group group : groups) {
      translated.add(translate(group));
    }
    List<Stmt> otherwise = List.of();
    for (int g = groups.size() - 1; g >= 0; g--) {
      if (groups.get(g).isDefault()) {
        otherwise = translated.get(g);
      }
    }
    for (int g = groups.size() - 1; g >= 0; g--) {
      Group group = groups.get(g);
      if (!group.isDefault()) {
        otherwise = List.of(new Stmt.If(matches(selector, group.labels()), translated.get(g),
            otherwise));
      }
    }
    otherwise.forEach(body::emit);
  }

  /**
   * {@code int entry = ...;} then {@code if (entry <= g && !broke) {...}} per case: execution
   * enters at the matching case (or default) and falls through the cases after it.
   */
  private void fallThrough(Expr selector, List<Group> groups) {
    int none = groups.size();
    Expr entryValue = Expr.Literal.ofInt(none);
    for (int g = groups.size() - 1; g >= 0; g--) {
      if (groups.get(g).isDefault()) {
        entryValue = Expr.Literal.ofInt(g);
      }
    }
    for (int g = groups.size() - 1; g >= 0; g--) {
      Group group = groups.get(g);
      if (!group.labels().isEmpty()) {
        entryValue = new Expr.Conditional(matches(selector, group.labels()), Expr.Literal.ofInt(g),
            entryValue, Type.INT);
      }
    }
    Variable entry = new Variable(names.fresh("entry"), Type.INT, Variable.Kind.LOCAL);
    body.emit(new Stmt.Assign(entry, entryValue, true));
    Set<Exits> before = new HashSet<>();
    for (int g = 0; g < groups.size(); g++) {
      Expr guard = new Expr.Binary(BinaryOperator.LESS_EQUAL, new Expr.Ref(entry),
          Expr.Literal.ofInt(g), Type.BOOLEAN);
      Expr notExited = body.jumps().notExited(before);
      if (notExited != null) {
        guard = new Expr.Binary(BinaryOperator.AND, guard, notExited, Type.BOOLEAN);
      }
      List<StatementTree> statements = groups.get(g).statements();
      List<Stmt> translated = translate(groups.get(g));
      if (!translated.isEmpty()) {
        body.emit(new Stmt.If(guard, translated, List.of()));
      }
      statements.forEach(s -> before.addAll(Exits.of(s)));
    }
  }

  /** A case's statements, or its value assigned to the switch expression's variable. */
  private List<Stmt> translate(Group group) {
    if (group.value() == null) {
      return body.translateNested(group.statements());
    }
    Variable variable = results.peek().variable();
    return body.nestedBlock(() -> body.emit(new Stmt.Assign(variable,
        value(group.value(), variable), false)));
  }

  /**
   * A value of the switch expression whose result is {@code variable}: of an array type, a table
   * held in a field (an alias of a parameter or local array chosen by a case would need an
   * adjoint that follows the choice).
   */
  private Expr value(ExpressionTree tree, Variable variable) {
    Expr value = body.value(tree, variable.type());
    Local local = expressions.local(Unsupported.core(tree));
    boolean choice = local != null && local.isTableChoice();
    if (variable.type().isArray() && !isTable.test(value) && !choice) {
      throw new Unsupported(tree, "this switch expression chooses among arrays, which flatgrad"
          + " supports only for tables held in fields (static arrays), not for " + tree
          + "; index the arrays in each case instead");
    }
    return value;
  }

  /** {@code k == 1 || k == 2}; {@code Objects.equals(s, "a")} for strings. */
  private static Expr matches(Expr selector, List<Expr> labels) {
    Expr any = null;
    for (Expr label : labels) {
      Expr equal = selector.type() == Type.STRING
          ? new Expr.StaticCall(Equality.EQUALS, List.of(selector, label), Type.BOOLEAN, null)
          : new Expr.Binary(BinaryOperator.EQUAL, selector, label, Type.BOOLEAN);
      any = any == null ? equal : new Expr.Binary(BinaryOperator.OR, any, equal, Type.BOOLEAN);
    }
    return any;
  }

}
