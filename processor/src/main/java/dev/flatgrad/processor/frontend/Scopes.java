package dev.flatgrad.processor.frontend;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.flatgrad.processor.ir.ClassId;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Names;
import dev.flatgrad.processor.ir.Stmt;
import dev.flatgrad.processor.ir.Type;
import dev.flatgrad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The user's locals while a body is translated: which are visible where (nested blocks, and an
 * inlined helper's body, which does not see its caller's), what each is named in generated code,
 * and which IR variable holds its value now. {@link BodyTranslator} opens and closes the scopes;
 * the parts that declare or assign locals share this one instance, so that they all agree on
 * names and versions.
 */
final class Scopes {

  private final Blocks blocks;
  private final Names names;
  /** Whether an inlined helper's body is being translated. */
  private final BooleanSupplier inHelper;
  /** Marks where an inlined helper's scopes begin: the caller's locals are not visible. */
  private final Map<String, Local> helperBoundary = Collections.unmodifiableMap(new HashMap<>());
  private final Deque<Map<String, Local>> scopes = new ArrayDeque<>();
  /**
   * Per scope, the names of the local classes (and records, enums, interfaces) declared there:
   * each was reported, so its uses are not reported again.
   */
  private final Deque<Set<String>> reportedTypes = new ArrayDeque<>();
  /** User names already given to a declared variable; a second declaration gets a fresh one. */
  private final Set<String> declaredNames = new HashSet<>();
  /** The names of the method's own parameters and locals. */
  private final Set<String> methodLocalNames = new HashSet<>();
  /** The arrays reassigned among each other in the body being translated. */
  private SwappedArrays swapped;
  private ReallocatedArrays reallocated;
  private ChosenTables chosenTables;
  /** The statement being translated and those after it in its block: a local's scope. */
  private StatementTree currentStatement;
  private List<? extends StatementTree> following;

  Scopes(Blocks blocks, Names names, BooleanSupplier inHelper) {
    this.blocks = blocks;
    this.names = names;
    this.inHelper = inHelper;
    scopes.push(new HashMap<>());
    reportedTypes.push(new HashSet<>());
  }

  /** Declares {@code local} under {@code userName} in the innermost scope. */
  void declare(String userName, Local local) {
    scopes.peek().put(userName, local);
  }

  /** The local {@code userName} declared in the innermost scope; null if none is. */
  Local declaredHere(String userName) {
    return scopes.peek().get(userName);
  }

  /** Keeps {@code userName} from any other variable: a parameter's, or a record parameter's. */
  void reserveName(String userName) {
    declaredNames.add(userName);
  }

  /** Marks {@code name}, a local class declared here, as reported. */
  void reportType(String name) {
    reportedTypes.peek().add(name);
  }

  /** Before the method's {@code body}: its reassigned arrays, and the names of its locals. */
  void enterMethodBody(BlockTree body) {
    chosenTables = ChosenTables.of(body);
    Handovers handovers = Handovers.of(body);
    reallocated = ReallocatedArrays.of(body, handovers);
    swapped = SwappedArrays.of(body, reallocated, chosenTables, handovers);
    methodLocalNames.addAll(declaredNames);
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        methodLocalNames.add(variable.getName().toString());
        return super.visitVariable(variable, unused);
      }
    }.scan(body, null);
  }

  /** The arrays reassigned among each other in the body being translated. */
  SwappedArrays swapped() {
    return swapped;
  }

  /** The arrays that choose among tables held in fields, in the body being translated. */
  ChosenTables chosenTables() {
    return chosenTables;
  }

  /** The arrays reallocated with new arrays in the body being translated. */
  ReallocatedArrays reallocated() {
    return reallocated;
  }

  /** Runs {@code body} in a scope of its own. */
  void inScope(Runnable body) {
    scopes.push(new HashMap<>());
    reportedTypes.push(new HashSet<>());
    try {
      body.run();
    } finally {
      scopes.pop();
      reportedTypes.pop();
    }
  }

  /**
   * Runs {@code body}, which translates an inlined helper's {@code helperBody}, in scopes that
   * hide the caller's locals.
   */
  void inHelperBody(BlockTree helperBody, Runnable body) {
    SwappedArrays callerSwapped = swapped;
    ChosenTables callerChosenTables = chosenTables;
    ReallocatedArrays callerReallocated = reallocated;
    scopes.push(helperBoundary);
    reportedTypes.push(new HashSet<>());
    try {
      inScope(() -> {
        if (helperBody != null) { // null: an expression lambda, which declares no arrays
          chosenTables = ChosenTables.of(helperBody);
          Handovers handovers = Handovers.of(helperBody);
          reallocated = ReallocatedArrays.of(helperBody, handovers);
          swapped = SwappedArrays.of(helperBody, reallocated, chosenTables, handovers);
        }
        body.run();
      });
    } finally {
      swapped = callerSwapped;
      chosenTables = callerChosenTables;
      reallocated = callerReallocated;
      scopes.pop();
      reportedTypes.pop();
    }
  }

  /** {@code statement} is translated now; {@code following} come after it in its block. */
  void at(StatementTree statement, List<? extends StatementTree> following) {
    this.currentStatement = statement;
    this.following = following;
  }

  /** The statements after {@code declaration} while it is translated; else null. */
  List<? extends StatementTree> following(VariableTree declaration) {
    return currentStatement == declaration ? following : null;
  }

  /** The statements after the declaration {@code initializer} initializes, if it is translated. */
  List<? extends StatementTree> followingInitializer(ExpressionTree initializer) {
    boolean declaration = currentStatement instanceof VariableTree variable
        && variable.getInitializer() == initializer;
    return declaration ? following : null;
  }

  /** The local {@code name} refers to here; null if none is visible. */
  Local lookup(String name) {
    for (Map<String, Local> scope : scopes) {
      if (scope == helperBoundary) {
        return null; // an inlined helper sees its own locals and parameters only
      }
      Local local = scope.get(name);
      if (local != null) {
        return local;
      }
    }
    return null;
  }

  /** Whether {@code name} is a local class declared in scope, which was reported. */
  boolean isReportedType(String name) {
    for (Set<String> scope : reportedTypes) {
      if (scope.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** Declares {@code userName} in the current scope as the local now held by {@code variable}. */
  void bindLocal(String userName, Variable variable) {
    Local local = new Local(userName, variable.type(), blocks.current(), false,
        variable.enumClass());
    local.assign(variable);
    scopes.peek().put(userName, local);
  }

  /** A new variable for the user's name {@code userName}: the name itself while it is free. */
  Variable freshLocal(String userName, Type type) {
    return freshLocal(userName, type, null);
  }

  /** Like {@link #freshLocal(String, Type)}, for an enum value of {@code enumClass} too. */
  Variable freshLocal(String userName, Type type, ClassId enumClass) {
    String name = keepsUserName(userName)
        ? userName
        : names.fresh(userName);
    return new Variable(name, type, Variable.Kind.LOCAL, enumClass);
  }

  /**
   * Whether a variable first declared for {@code userName} is named so: no earlier one was, and
   * in an inlined helper, no local of the method itself is (the user's own names come first).
   */
  private boolean keepsUserName(String userName) {
    boolean keeps = !names.isQualifier(userName)
        && !(inHelper.getAsBoolean() && methodLocalNames.contains(userName))
        && declaredNames.add(userName);
    if (keeps) {
      names.reserve(userName); // no fresh name may be this one now
    }
    return keeps;
  }

  /**
   * Declares {@code userName} as a reference to the array or row {@code target} (a {@link
   * Expr.Ref} or a row {@link Expr.Element} whose indices do not change while it is in scope).
   */
  void declareView(String userName, Expr target) {
    Local local = new Local(userName, target.type(), blocks.current(), false);
    local.bindView(target);
    scopes.peek().put(userName, local);
  }

  /**
   * A local whose declaration failed: its uses are not reported again. Its type does not matter,
   * since nothing reads it.
   */
  void declareBroken(String userName) {
    Local broken = new Local(userName, Type.DOUBLE, blocks.current(), false);
    broken.markBroken();
    scopes.peek().put(userName, broken);
  }

  /**
   * The locals in scope that view {@code matrix}, each mapped to whether it views one row
   * ({@code double[] r = m[i];}) rather than the whole matrix ({@code double[][] a = m;}).
   */
  Map<String, Boolean> viewsOf(Variable matrix) {
    Map<String, Boolean> views = new HashMap<>();
    for (Map<String, Local> scope : scopes) {
      scope.forEach((name, local) -> {
        if (local.view() instanceof Expr.Element row && row.array() == matrix) {
          views.put(name, true);
        } else if (local.view() instanceof Expr.Ref ref && ref.variable() == matrix) {
          views.put(name, false);
        }
      });
    }
    return views;
  }

  /**
   * Gives {@code target} the value {@code value}: a new version when in the declaring block,
   * else an overwrite of the current variable (a branch or a loop may or may not run it).
   */
  void define(Local target, Expr value) {
    Variable current = target.current();
    if (target.declaringBlock() == blocks.current()) {
      Variable next = newVariable(target, current == null);
      blocks.emit(new Stmt.Assign(next, value, true));
      target.assign(next);
    } else if (current == null) {
      // First assigned in a branch: declare it where the user did, before the branch. With a
      // zero: javac proved the user's code assigns it before reading it, but the flags that
      // replace jumps (continue, break, return) hide that proof from javac in generated code.
      Variable variable = newVariable(target, true);
      target.declaringBlock().add(
          new Stmt.Assign(variable, Expr.defaultValue(variable.type()), true));
      blocks.emit(new Stmt.Assign(variable, value, false));
      target.assign(variable);
    } else {
      blocks.emit(new Stmt.Assign(current, value, false));
    }
  }

  /** The variable for {@code target}'s next value; {@code first} if it has none yet. */
  Variable newVariable(Local target, boolean first) {
    String name = first && keepsUserName(target.userName())
        ? target.userName()
        : target.current() == null
            ? names.fresh(target.userName())
            : names.version(target.userName(), target.nextVersion());
    return new Variable(name, target.type(), Variable.Kind.LOCAL, target.enumClass());
  }
}
