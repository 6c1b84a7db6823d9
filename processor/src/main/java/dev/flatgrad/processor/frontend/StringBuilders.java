package dev.flatgrad.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import dev.flatgrad.processor.ir.Expr;
import dev.flatgrad.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code StringBuilder} and {@code StringBuffer} locals, as library code builds an exception's
 * message: each is a {@code String} local holding what the builder has built so far. {@code
 * StringBuilder sb = new StringBuilder("got ");} declares {@code String sb = "got ";}, the
 * statement {@code sb.append(n).append(" states");} is {@code sb = sb + n + " states";} (append
 * converts a value to text exactly as {@code +} does), and {@code sb.setLength(0);} is {@code sb =
 * "";}. {@link BuilderValues} reads them in expressions.
 */
final class StringBuilders {

  private final Blocks blocks;
  private final Scopes scopes;
  private final SideEffects sideEffects;
  private final BuilderValues values;

  StringBuilders(BodyContext context) {
    this.blocks = context.blocks();
    this.scopes = context.scopes();
    this.sideEffects = context.sideEffects();
    this.values = context.expressions().builders();
  }

  /** Whether {@code declaration} declares a builder, by its type or its {@code var} value. */
  boolean declares(VariableTree declaration) {
    Tree type = declaration.getType();
    boolean inferred = type == null || type.toString().equals("var");
    return inferred
        ? declaration.getInitializer() != null && values.isBuilder(declaration.getInitializer())
        : BuilderValues.isBuilderType(type);
  }

  /** The declaration of a builder local: a String local, with the text it starts with. */
  void declare(VariableTree declaration) {
    String userName = declaration.getName().toString();
    Local local = new Local(userName, Type.STRING, blocks.current(), false);
    local.markBuilder();
    if (declaration.getInitializer() != null) {
      scopes.define(local, created(declaration.getInitializer()));
    }
    scopes.declare(userName, local);
  }

  /**
   * Translates the statement {@code expression} if it changes a builder local: appends, {@code
   * setLength(0)} or a new builder assigned to it. False, with nothing translated, if it does
   * not.
   */
  boolean statement(ExpressionTree expression) {
    if (expression instanceof AssignmentTree assignment) {
      Local target = values.local(assignment.getVariable());
      if (target == null) {
        return false;
      }
      scopes.define(target, created(assignment.getExpression())); // sb = new StringBuilder();
      return true;
    }
    if (!(expression instanceof MethodInvocationTree call)
        || !(call.getMethodSelect() instanceof MemberSelectTree select)
        || !values.isBuilder(select.getExpression())) {
      return false;
    }
    Local local = values.root(call);
    if (local == null) {
      throw new Unsupported(call, "this new StringBuilder is dropped at once; declare it as a"
          + " local, StringBuilder sb = new StringBuilder(...);");
    }
    if (select.getIdentifier().contentEquals("setLength")) {
      setLength(local, call);
      return true;
    }
    List<MethodInvocationTree> appends = new ArrayList<>();
    ExpressionTree link = call;
    while (values.local(link) == null) {
      MethodInvocationTree append = (MethodInvocationTree) Unsupported.core(link);
      MemberSelectTree method = (MemberSelectTree) append.getMethodSelect();
      if (!method.getIdentifier().contentEquals("append")) {
        throw BuilderValues.unsupported(append, method.getIdentifier().toString());
      }
      appends.add(0, append);
      link = method.getExpression();
    }
    for (MethodInvocationTree append : appends) {
      for (ExpressionTree argument : append.getArguments()) {
        if (reads(argument, local)) {
          throw new Unsupported(argument, "this append reads " + local.userName() + ", the"
              + " builder it changes; use a String computed in a statement before");
        }
      }
    }
    prepare(call);
    Expr built = values.string(link);
    for (MethodInvocationTree append : appends) {
      built = values.appended(built, append);
    }
    scopes.define(local, built);
    return true;
  }

  /** {@code sb.setLength(0)}: empty again. Other lengths would cut or pad the text. */
  private void setLength(Local local, MethodInvocationTree call) {
    List<? extends ExpressionTree> arguments = call.getArguments();
    if (values.local(((MemberSelectTree) call.getMethodSelect()).getExpression()) == null
        || arguments.size() != 1 || !Unsupported.core(arguments.get(0)).toString().equals("0")) {
      throw new Unsupported(call, "only " + local.userName() + ".setLength(0); is supported on"
          + " a StringBuilder, in a statement of its own");
    }
    scopes.define(local, new Expr.Text(""));
  }

  /** The text a new builder starts with: {@code value} must create one. */
  private Expr created(ExpressionTree value) {
    if (values.root(value) != null || !values.isBuilder(value)) {
      throw new Unsupported(value, "a StringBuilder local must get a new StringBuilder(...):"
          + " another builder would be shared, which flatgrad does not follow; use toString()");
    }
    prepare(value);
    return values.string(value);
  }

  /**
   * Emits what the calls in {@code chain}'s arguments translated in place compute ({@code
   * z.abs()} of a record), as a throw's message does. An argument that changes a variable is
   * reported: the String would be built after the change.
   */
  private void prepare(ExpressionTree chain) {
    if (SideEffects.has(chain)) {
      throw new Unsupported(chain, "what is appended to a StringBuilder must not change"
          + " variables; compute it in a statement before");
    }
    sideEffects.prepare(chain, null);
  }

  /**
   * Whether {@code tree} reads {@code local} as a value. Names in type positions are skipped: a
   * builder named {@code java} does not hide the package of {@code new
   * java.util.function.DoubleUnaryOperator() {...}} (JLS 6.5.1).
   */
  private boolean reads(ExpressionTree tree, Local local) {
    boolean[] reads = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        reads[0] |= values.local(identifier) == local;
        return null;
      }

      @Override
      public Void visitNewClass(NewClassTree creation, Void unused) {
        scan(creation.getEnclosingExpression(), null);
        scan(creation.getArguments(), null);
        return scan(creation.getClassBody(), null);
      }

      @Override
      public Void visitTypeCast(TypeCastTree cast, Void unused) {
        return scan(cast.getExpression(), null);
      }

      @Override
      public Void visitInstanceOf(InstanceOfTree test, Void unused) {
        return scan(test.getExpression(), null);
      }

      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        return scan(variable.getInitializer(), null);
      }

      @Override
      public Void visitClass(ClassTree body, Void unused) {
        return scan(body.getMembers(), null); // not the class it extends or implements
      }

      @Override
      public Void visitMethod(MethodTree method, Void unused) {
        return scan(method.getBody(), null);
      }

      @Override
      public Void visitNewArray(NewArrayTree array, Void unused) {
        scan(array.getDimensions(), null);
        return scan(array.getInitializers(), null);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        scan(call.getMethodSelect(), null);
        return scan(call.getArguments(), null);
      }
    }.scan(tree, null);
    return reads[0];
  }
}
