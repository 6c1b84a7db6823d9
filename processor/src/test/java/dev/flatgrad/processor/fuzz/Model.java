package dev.flatgrad.processor.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated program as a small tree that renders to Java source and that the {@link Reducer}
 * can take apart: classes hold members, methods hold statements, statements hold expressions.
 * Everything is mutable and deep-copyable, so a reduction step is "copy, edit one node, render".
 */
final class Model {

  private Model() {}

  // ---- expressions

  /** Java operator precedence levels, loosest first, as the renderer needs them. */
  static final int TERNARY = 1;
  static final int OR = 2;
  static final int AND = 3;
  static final int EQUALITY = 4;
  static final int RELATIONAL = 5;
  static final int ADDITIVE = 6;
  static final int MULTIPLICATIVE = 7;
  static final int UNARY = 8;
  static final int PRIMARY = 9;

  /**
   * An expression: text parts interleaved with children, {@code parts.length == kids.size() + 1};
   * each child is rendered in parentheses if it binds less tightly than its slot requires.
   */
  static final class E {
    final String type; // double, int, boolean
    final int precedence;
    final String[] parts;
    final List<E> kids;
    final int[] slots;
    /** An estimate of the largest magnitude this expression takes (doubles and ints). */
    final double bound;

    E(String type, int precedence, String[] parts, List<E> kids, int[] slots, double bound) {
      this.type = type;
      this.precedence = precedence;
      this.parts = parts;
      this.kids = new ArrayList<>(kids);
      this.slots = slots;
      this.bound = bound;
    }

    static E leaf(String type, String text, double bound) {
      return new E(type, PRIMARY, new String[] {text}, List.of(), new int[0], bound);
    }

    /** A leaf that binds like a unary expression, such as {@code -1.5}. */
    static E negativeLeaf(String type, String text, double bound) {
      return new E(type, UNARY, new String[] {text}, List.of(), new int[0], bound);
    }

    static E binary(String type, String op, int precedence, E left, E right, double bound) {
      return new E(type, precedence, new String[] {"", " " + op + " ", ""}, List.of(left, right),
          new int[] {precedence, precedence + 1}, bound);
    }

    static E unary(String type, String op, E operand, double bound) {
      // "- -x" must not become "--x".
      String text = operand.render().startsWith(op.substring(op.length() - 1)) ? op + " " : op;
      return new E(type, UNARY, new String[] {text, ""}, List.of(operand), new int[] {UNARY},
          bound);
    }

    static E cast(String type, E operand, double bound) {
      return new E(type, UNARY, new String[] {"(" + type + ") ", ""}, List.of(operand),
          new int[] {UNARY}, bound);
    }

    /** {@code name(args)}: a call; arguments need no parentheses. */
    static E call(String type, String name, double bound, E... args) {
      String[] parts = new String[args.length + 1];
      parts[0] = name + "(";
      for (int i = 1; i < args.length; i++) {
        parts[i] = ", ";
      }
      parts[args.length] = ")";
      int[] slots = new int[args.length];
      return new E(type, PRIMARY, parts, List.of(args), slots, bound);
    }

    /**
     * A template with {@code {}} holes filled by {@code args}, each parenthesized unless primary;
     * {@code precedence} is how tightly the whole template binds, as in {@code 1 + {} * {}}.
     */
    static E template(String type, int precedence, String template, double bound, E... args) {
      String[] parts = template.split("\\{}", -1);
      if (parts.length != args.length + 1) {
        throw new IllegalArgumentException(template);
      }
      int[] slots = new int[args.length];
      java.util.Arrays.fill(slots, PRIMARY);
      return new E(type, precedence, parts, List.of(args), slots, bound);
    }

    static E ternary(String type, E condition, E whenTrue, E whenFalse, double bound) {
      return new E(type, TERNARY, new String[] {"", " ? ", " : ", ""},
          List.of(condition, whenTrue, whenFalse), new int[] {OR, TERNARY + 1, TERNARY}, bound);
    }

    String render() {
      StringBuilder out = new StringBuilder(parts[0]);
      for (int i = 0; i < kids.size(); i++) {
        E kid = kids.get(i);
        String text = kid.render();
        if (kid.precedence < slots[i]) {
          text = "(" + text + ")";
        }
        out.append(text).append(parts[i + 1]);
      }
      return out.toString();
    }

    E copy() {
      List<E> copies = new ArrayList<>();
      kids.forEach(kid -> copies.add(kid.copy()));
      return new E(type, precedence, parts, copies, slots, bound);
    }

    int size() {
      int size = 1;
      for (E kid : kids) {
        size += kid.size();
      }
      return size;
    }

    @Override
    public String toString() {
      return render();
    }
  }

  // ---- statements

  /** A statement. */
  sealed interface Node permits Line, Compound {
    Node copy();

    void render(StringBuilder out, String indent);
  }

  /** A simple statement: text and expressions, ending in its semicolon. */
  static final class Line implements Node {
    final List<Object> parts;
    /** Whether this statement is a jump (return, break, continue). */
    final boolean jump;
    /** Whether the reducer must keep it: a while loop's increment, without which it never ends. */
    boolean pinned;

    Line(boolean jump, Object... parts) {
      this.jump = jump;
      this.parts = new ArrayList<>(List.of(parts));
    }

    private Line(List<Object> parts, boolean jump, boolean pinned) {
      this.parts = parts;
      this.jump = jump;
      this.pinned = pinned;
    }

    static Line of(Object... parts) {
      return new Line(false, parts);
    }

    static Line jump(Object... parts) {
      return new Line(true, parts);
    }

    @Override
    public Line copy() {
      List<Object> copies = new ArrayList<>();
      for (Object part : parts) {
        copies.add(part instanceof E e ? e.copy() : part);
      }
      return new Line(copies, jump, pinned);
    }

    String text() {
      StringBuilder out = new StringBuilder();
      for (Object part : parts) {
        out.append(part instanceof E e ? e.render() : part);
      }
      return out.toString();
    }

    @Override
    public void render(StringBuilder out, String indent) {
      out.append(indent).append(text()).append('\n');
    }
  }

  /** One part of a compound statement: a header line (say {@code if (c) {}) and a block. */
  static final class Segment {
    final List<Object> header;
    final List<Node> body;

    Segment(List<Object> header, List<Node> body) {
      this.header = new ArrayList<>(header);
      this.body = new ArrayList<>(body);
    }

    Segment copy() {
      List<Object> headerCopy = new ArrayList<>();
      for (Object part : header) {
        headerCopy.add(part instanceof E e ? e.copy() : part);
      }
      List<Node> bodyCopy = new ArrayList<>();
      body.forEach(node -> bodyCopy.add(node.copy()));
      return new Segment(headerCopy, bodyCopy);
    }
  }

  /**
   * A statement with blocks: {@code if/else}, loops, nested blocks. {@code prelude} is emitted
   * before it (a while loop's counter), {@code end} closes it ({@code }} or {@code } while (c);}).
   * {@code unwrappable} says whether replacing it by one block's statements keeps the program
   * meaningful.
   */
  static final class Compound implements Node {
    final String kind;
    final List<Segment> segments;
    final List<Object> end;

    Compound(String kind, List<Segment> segments, List<Object> end) {
      this.kind = kind;
      this.segments = new ArrayList<>(segments);
      this.end = new ArrayList<>(end);
    }

    @Override
    public Compound copy() {
      List<Segment> copies = new ArrayList<>();
      segments.forEach(segment -> copies.add(segment.copy()));
      List<Object> endCopy = new ArrayList<>();
      for (Object part : end) {
        endCopy.add(part instanceof E e ? e.copy() : part);
      }
      return new Compound(kind, copies, endCopy);
    }

    @Override
    public void render(StringBuilder out, String indent) {
      for (Segment segment : segments) {
        out.append(indent);
        for (Object part : segment.header) {
          out.append(part instanceof E e ? e.render() : part);
        }
        out.append('\n');
        for (Node node : segment.body) {
          node.render(out, indent + "  ");
        }
      }
      out.append(indent);
      for (Object part : end) {
        out.append(part instanceof E e ? e.render() : part);
      }
      out.append('\n');
    }
  }

  // ---- declarations

  /** A class member: a field, a method, a record or a nested class. */
  sealed interface Member permits Raw, Method, ClassDecl {
    Member copy();

    void render(StringBuilder out, String indent);

    /** A name for the reducer's messages. */
    String name();
  }

  /** A member written out as text, such as a constant or a custom pullback. */
  record Raw(String name, String text) implements Member {
    @Override
    public Raw copy() {
      return this;
    }

    @Override
    public void render(StringBuilder out, String indent) {
      for (String line : text.split("\n", -1)) {
        out.append(line.isEmpty() ? "" : indent + line).append('\n');
      }
    }
  }

  /** A method: its annotation and signature, and its body. */
  static final class Method implements Member {
    final String name;
    final String header; // annotations, modifiers, signature, without the brace
    final List<Node> body;

    Method(String name, String header, List<Node> body) {
      this.name = name;
      this.header = header;
      this.body = new ArrayList<>(body);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Method copy() {
      List<Node> copies = new ArrayList<>();
      body.forEach(node -> copies.add(node.copy()));
      return new Method(name, header, copies);
    }

    @Override
    public void render(StringBuilder out, String indent) {
      for (String line : header.split("\n")) {
        out.append(indent).append(line).append('\n');
      }
      out.setLength(out.length() - 1);
      out.append(" {\n");
      for (Node node : body) {
        node.render(out, indent + "  ");
      }
      out.append(indent).append("}\n");
    }
  }

  /**
   * A class: top-level (package-private) or a static nested class of another; or a record, whose
   * {@code components} (such as {@code "(double x, double y)"}) follow its name.
   */
  static final class ClassDecl implements Member {
    final String name;
    final String modifiers;
    final List<Member> members;
    /** {@code class} or {@code record}. */
    final String keyword;
    /** A record's components in parentheses, or empty. */
    final String components;

    ClassDecl(String name, String modifiers, List<Member> members) {
      this(name, modifiers, "class", "", members);
    }

    ClassDecl(String name, String modifiers, String keyword, String components,
        List<Member> members) {
      this.name = name;
      this.modifiers = modifiers;
      this.keyword = keyword;
      this.components = components;
      this.members = new ArrayList<>(members);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public ClassDecl copy() {
      List<Member> copies = new ArrayList<>();
      members.forEach(member -> copies.add(member.copy()));
      return new ClassDecl(name, modifiers, keyword, components, copies);
    }

    @Override
    public void render(StringBuilder out, String indent) {
      out.append(indent).append(modifiers.isEmpty() ? "" : modifiers + " ").append(keyword)
          .append(' ').append(name).append(components).append(" {\n");
      for (int i = 0; i < members.size(); i++) {
        if (i > 0) {
          out.append('\n');
        }
        members.get(i).render(out, indent + "  ");
      }
      out.append(indent).append("}\n");
    }
  }

  /**
   * One compilation unit: the package, imports and top-level classes; the first class names the
   * file. {@code n} and {@code m} are the array sizes the program is meant for: every vector has
   * length {@code n}, every matrix is {@code n} by {@code m}.
   */
  static final class Program {
    final String packageName;
    final List<String> imports;
    final List<ClassDecl> classes;
    final int n;
    final int m;
    final long seed;

    Program(String packageName, List<String> imports, List<ClassDecl> classes, int n, int m,
        long seed) {
      this.packageName = packageName;
      this.imports = new ArrayList<>(imports);
      this.classes = new ArrayList<>(classes);
      this.n = n;
      this.m = m;
      this.seed = seed;
    }

    Program copy() {
      List<ClassDecl> copies = new ArrayList<>();
      classes.forEach(c -> copies.add(c.copy()));
      return new Program(packageName, imports, copies, n, m, seed);
    }

    String mainClass() {
      return packageName + "." + classes.get(0).name;
    }

    String render() {
      StringBuilder out = new StringBuilder();
      out.append("package ").append(packageName).append(";\n\n");
      for (String imported : imports) {
        out.append("import ").append(imported).append(";\n");
      }
      for (ClassDecl decl : classes) {
        out.append('\n');
        decl.render(out, "");
      }
      return out.toString();
    }
  }
}
