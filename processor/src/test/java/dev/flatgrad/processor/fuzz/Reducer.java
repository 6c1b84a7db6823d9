package dev.flatgrad.processor.fuzz;

import dev.flatgrad.processor.fuzz.Harness.Outcome;
import dev.flatgrad.processor.fuzz.Harness.Unit;
import dev.flatgrad.processor.fuzz.Model.ClassDecl;
import dev.flatgrad.processor.fuzz.Model.Compound;
import dev.flatgrad.processor.fuzz.Model.E;
import dev.flatgrad.processor.fuzz.Model.Line;
import dev.flatgrad.processor.fuzz.Model.Member;
import dev.flatgrad.processor.fuzz.Model.Method;
import dev.flatgrad.processor.fuzz.Model.Node;
import dev.flatgrad.processor.fuzz.Model.Program;
import dev.flatgrad.processor.fuzz.Model.Segment;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Shrinks a failing program while it keeps failing the same way: drops classes and members,
 * chunks of statements (halves, quarters, ... single ones), unwraps if/loop/block statements
 * into one of their blocks, drops else branches, and replaces expressions by one of their own
 * operands or a literal. Each candidate is compiled and checked from scratch, at the same points
 * (they derive from the program's seed and the method's signature, which reduction keeps).
 */
final class Reducer {

  private final java.util.function.Predicate<Program> failing;
  private final PrintStream log;
  private final long budgetMillis;
  private int tries;

  /**
   * Reduces while the program still fails the checks as {@code failure} did: a failure of its
   * kind and, for a rejection or an error in generated code, with the same message (else the
   * reduction drifts to an easier error, such as rows never assigned, and keeps that).
   */
  Reducer(Checker.Failure failure, PrintStream log) {
    this(program -> outcome(program).failures().stream().anyMatch(f -> same(f, failure)), log);
  }

  static boolean same(Checker.Failure found, Checker.Failure original) {
    if (found.kind() != original.kind()) {
      return false;
    }
    return switch (original.kind()) {
      case REJECTED, GENERATED_CODE_ERROR -> message(found).equals(message(original));
      default -> true;
    };
  }

  /** The first error's message without its place and numbers. */
  static String message(Checker.Failure failure) {
    for (String line : failure.detail().split("\n")) {
      int at = line.indexOf("error: ");
      if (at >= 0) {
        return line.substring(at + "error: ".length()).replaceAll("[0-9]+", "");
      }
    }
    return failure.detail().replaceAll("[0-9]+", "");
  }

  /** Reduces while {@code failing} holds. */
  Reducer(java.util.function.Predicate<Program> failing, PrintStream log) {
    this.failing = failing;
    this.log = log;
    this.budgetMillis = Long.getLong("flatgrad.fuzz.reduceSeconds", 300) * 1000;
  }

  static Outcome outcome(Program program) {
    return new Harness().run(List.of(Unit.of("reduction", program))).get(0);
  }

  private boolean fails(Program program) {
    tries++;
    return failing.test(program);
  }

  Program reduce(Program original) {
    long deadline = System.currentTimeMillis() + budgetMillis;
    Program best = original.copy();
    int before = best.render().length();
    boolean progress = true;
    while (progress && System.currentTimeMillis() < deadline) {
      progress = false;
      progress |= members(best, deadline);
      best = current;
      progress |= statements(best, deadline);
      best = current;
      progress |= compounds(best, deadline);
      best = current;
      progress |= expressions(best, deadline);
      best = current;
    }
    log.println("reduced " + before + " to " + best.render().length() + " characters in "
        + tries + " tries");
    return best;
  }

  /** The smallest failing program so far: each pass starts from it and updates it. */
  private Program current;

  /** Tries {@code edit} on a copy of {@code program}; keeps the copy if it still fails. */
  private boolean attempt(Program program, Consumer<Program> edit) {
    Program candidate = program.copy();
    try {
      edit.accept(candidate);
    } catch (RuntimeException e) {
      return false;
    }
    if (candidate.render().equals(program.render())) {
      return false;
    }
    if (fails(candidate)) {
      current = candidate;
      return true;
    }
    return false;
  }

  private boolean members(Program program, long deadline) {
    current = program;
    boolean progress = false;
    for (int c = current.classes.size() - 1; c >= 1 && before(deadline); c--) {
      int index = c;
      progress |= attempt(current, p -> p.classes.remove(index));
    }
    for (int k = memberSlots(current).size() - 1; k >= 0 && before(deadline); k--) {
      int index = k;
      progress |= attempt(current, p -> {
        MemberSlot slot = memberSlots(p).get(index);
        slot.owner.members.remove(slot.index);
      });
    }
    return progress;
  }

  private boolean statements(Program program, long deadline) {
    current = program;
    boolean progress = false;
    for (int k = 0; k < lists(current).size() && before(deadline); k++) {
      int list = k;
      int size = lists(current).get(list).size();
      for (int chunk = size; chunk >= 1 && before(deadline); chunk /= 2) {
        for (int from = lists(current).get(list).size() - chunk; from >= 0 && before(deadline);
            from -= chunk) {
          int start = from;
          int length = chunk;
          List<Node> nodes = lists(current).get(list);
          if (start + length > nodes.size() || pinned(nodes.subList(start, start + length))) {
            continue;
          }
          boolean removed = attempt(current, p -> {
            List<Node> target = lists(p).get(list);
            target.subList(start, start + length).clear();
          });
          progress |= removed;
        }
      }
    }
    return progress;
  }

  private static boolean pinned(List<Node> nodes) {
    for (Node node : nodes) {
      if (node instanceof Line line && line.pinned) {
        return true;
      }
    }
    return false;
  }

  private boolean compounds(Program program, long deadline) {
    current = program;
    boolean progress = false;
    for (int k = 0; k < compoundSlots(current).size() && before(deadline); k++) {
      int index = k;
      Compound compound = compoundSlots(current).get(index).compound();
      int segments = compound.segments.size();
      boolean done = false;
      for (int s = 0; s < segments && !done && before(deadline); s++) {
        int segment = s;
        done = attempt(current, p -> {
          NodeSlot slot = compoundSlots(p).get(index);
          List<Node> body = ((Compound) slot.list.get(slot.index)).segments.get(segment).body;
          for (Node node : body) {
            if (node instanceof Line line) {
              line.pinned = false; // out of its loop, an increment is an ordinary statement
            }
          }
          slot.list.remove(slot.index);
          slot.list.addAll(slot.index, body);
        });
        progress |= done;
      }
      if (!done && compound.kind.equals("if")) {
        for (int s = segments - 1; s >= 1 && before(deadline); s--) {
          int segment = s;
          progress |= attempt(current, p -> {
            NodeSlot slot = compoundSlots(p).get(index);
            Compound target = (Compound) slot.list.get(slot.index);
            target.segments.remove(segment);
          });
        }
      }
    }
    return progress;
  }

  private boolean expressions(Program program, long deadline) {
    current = program;
    boolean progress = false;
    for (int k = 0; k < exprSlots(current).size() && before(deadline); k++) {
      int index = k;
      E e = exprSlots(current).get(index).get();
      if (e.kids.isEmpty() && isSimpleLeaf(e)) {
        continue;
      }
      List<E> replacements = new ArrayList<>();
      for (E kid : e.kids) {
        if (kid.type.equals(e.type)) {
          replacements.add(kid);
        }
      }
      switch (e.type) {
        case "double" -> {
          replacements.add(E.leaf("double", "1.0", 1));
          replacements.add(E.leaf("double", "0.5", 0.5));
        }
        case "int" -> {
          replacements.add(E.leaf("int", "0", 0));
          replacements.add(E.leaf("int", "1", 1));
        }
        case "boolean" -> {
          replacements.add(E.leaf("boolean", "true", 0));
          replacements.add(E.leaf("boolean", "false", 0));
        }
        default -> { }
      }
      for (E replacement : replacements) {
        if (!before(deadline)) {
          break;
        }
        if (attempt(current, p -> exprSlots(p).get(index).set(replacement.copy()))) {
          progress = true;
          break;
        }
      }
    }
    return progress;
  }

  private static boolean isSimpleLeaf(E e) {
    String text = e.render();
    return text.matches("[A-Za-z_][A-Za-z_0-9]*|[0-9.]+");
  }

  private static boolean before(long deadline) {
    return System.currentTimeMillis() < deadline;
  }

  // ---- slots: the same traversal on a program and its copies finds corresponding places

  private record MemberSlot(ClassDecl owner, int index) {}

  private record NodeSlot(List<Node> list, int index) {
    Compound compound() {
      return (Compound) list.get(index);
    }
  }

  /** A place holding an expression: a part of a line or header, or an operand. */
  private record ExprSlot(List<Object> container, int index) {
    E get() {
      return (E) container.get(index);
    }

    void set(E e) {
      container.set(index, e);
    }
  }

  private static List<MemberSlot> memberSlots(Program program) {
    List<MemberSlot> slots = new ArrayList<>();
    for (ClassDecl decl : program.classes) {
      memberSlots(decl, slots);
    }
    return slots;
  }

  private static void memberSlots(ClassDecl decl, List<MemberSlot> slots) {
    for (int i = 0; i < decl.members.size(); i++) {
      slots.add(new MemberSlot(decl, i));
      if (decl.members.get(i) instanceof ClassDecl nested) {
        memberSlots(nested, slots);
      }
    }
  }

  private static List<Method> methods(Program program) {
    List<Method> methods = new ArrayList<>();
    for (MemberSlot slot : memberSlots(program)) {
      Member member = slot.owner.members.get(slot.index);
      if (member instanceof Method method) {
        methods.add(method);
      }
    }
    return methods;
  }

  static List<List<Node>> lists(Program program) {
    List<List<Node>> lists = new ArrayList<>();
    for (Method method : methods(program)) {
      lists(method.body, lists);
    }
    return lists;
  }

  private static void lists(List<Node> nodes, List<List<Node>> into) {
    into.add(nodes);
    for (Node node : nodes) {
      if (node instanceof Compound compound) {
        for (Segment segment : compound.segments) {
          lists(segment.body, into);
        }
      }
    }
  }

  private static List<NodeSlot> compoundSlots(Program program) {
    List<NodeSlot> slots = new ArrayList<>();
    for (List<Node> list : lists(program)) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof Compound) {
          slots.add(new NodeSlot(list, i));
        }
      }
    }
    return slots;
  }

  @SuppressWarnings("unchecked")
  private static List<ExprSlot> exprSlots(Program program) {
    List<ExprSlot> slots = new ArrayList<>();
    for (List<Node> list : lists(program)) {
      for (Node node : list) {
        if (node instanceof Line line) {
          parts(line.parts, slots);
        } else if (node instanceof Compound compound) {
          for (Segment segment : compound.segments) {
            parts(segment.header, slots);
          }
          parts(compound.end, slots);
        }
      }
    }
    return slots;
  }

  @SuppressWarnings("unchecked")
  private static void parts(List<Object> parts, List<ExprSlot> slots) {
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i) instanceof E e) {
        slots.add(new ExprSlot(parts, i));
        kids(e, slots);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void kids(E e, List<ExprSlot> slots) {
    List<Object> kids = (List<Object>) (List<?>) e.kids;
    for (int i = 0; i < kids.size(); i++) {
      slots.add(new ExprSlot(kids, i));
      kids(e.kids.get(i), slots);
    }
  }
}
