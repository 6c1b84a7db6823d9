package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.TypeCastTree;
import dev.flatgrad.processor.ir.Primitive;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/** Decides which primitive a method call in a body means, or why it cannot be differentiated. */
final class CallResolver {

  private final Symbols symbols;

  CallResolver(Symbols symbols) {
    this.symbols = symbols;
  }

  Primitive primitive(MethodInvocationTree call) {
    ExpressionTree select = call.getMethodSelect();
    String name;
    TypeElement owner;
    if (select instanceof IdentifierTree identifier) {
      name = identifier.getName().toString();
      List<ExecutableElement> own = symbols.ownMethods(name);
      if (!own.isEmpty()) {
        throw new Unsupported(call, ownMethodCall(name, own));
      }
      owner = symbols.staticallyImportedMethodOwner(name).orElseThrow(() ->
          new Unsupported(call, "cannot find symbol: method " + name));
    } else if (select instanceof MemberSelectTree member) {
      name = member.getIdentifier().toString();
      String qualifier = member.getExpression().toString();
      owner = symbols.type(qualifier).orElseThrow(() -> receiverNotAType(member.getExpression()));
    } else {
      throw new Unsupported(call, "this method call is not supported");
    }
    Primitive.Owner library = library(owner).orElseThrow(() -> new Unsupported(call,
        "calls to " + owner.getSimpleName() + "." + name + " are not supported: flatgrad"
            + " differentiates calls to Math and Activations functions only"));
    Primitive primitive = Primitive.find(library, name);
    if (primitive == null) {
      throw new Unsupported(call, unsupportedFunction(library, name));
    }
    return primitive;
  }

  /** A call to a method of the user's own classes: annotating it is what will make it work. */
  private static String ownMethodCall(String name, List<ExecutableElement> candidates) {
    boolean differentiable = candidates.stream().anyMatch(method -> method.getAnnotationMirrors()
        .stream()
        .anyMatch(mirror -> mirror.getAnnotationType().toString()
            .equals(SignatureReader.ANNOTATION)));
    if (differentiable) {
      return "calls to the @Differentiable method " + name + " are not supported yet; inline"
          + " its body here for now";
    }
    return "calls to " + name + "(...) are not supported: " + name + " is not @Differentiable,"
        + " so flatgrad knows no derivative for it; annotate " + name + " with @Differentiable,"
        + " or inline its body here";
  }

  /**
   * A call on something that is not a class name: an object. Name what the object is made of when
   * that is the problem (a lambda, {@code new}, a string), since that is what the user must change.
   */
  private static Unsupported receiverNotAType(ExpressionTree receiver) {
    ExpressionTree core = receiver;
    while (core instanceof ParenthesizedTree || core instanceof TypeCastTree) {
      core = core instanceof ParenthesizedTree parenthesized
          ? parenthesized.getExpression()
          : ((TypeCastTree) core).getExpression();
    }
    return switch (core.getKind()) {
      case LAMBDA_EXPRESSION, MEMBER_REFERENCE -> new Unsupported(core, Describe.expression(core)
          + " is not supported in a @Differentiable method: write its computation out here");
      case NEW_CLASS, STRING_LITERAL -> new Unsupported(core, Describe.expression(core)
          + " is not supported in a @Differentiable method: it computes with double and int"
          + " values only");
      default -> new Unsupported(receiver, "calls to methods of '" + receiver + "' are not"
          + " supported: flatgrad differentiates calls to static Math and Activations functions");
    };
  }

  private static java.util.Optional<Primitive.Owner> library(TypeElement type) {
    String name = type.getQualifiedName().toString();
    return Arrays.stream(Primitive.Owner.values())
        .filter(owner -> owner.qualifiedName().equals(name))
        .findFirst();
  }

  private static String unsupportedFunction(Primitive.Owner library, String name) {
    String owner = library == Primitive.Owner.MATH ? "Math" : "Activations";
    if (name.equals("random")) {
      return "Math.random is not deterministic, so it has no derivative; pass random numbers"
          + " in as a data parameter";
    }
    String supported = Arrays.stream(Primitive.values())
        .filter(primitive -> primitive.owner() == library)
        .map(Primitive::methodName)
        .collect(Collectors.joining(", "));
    return owner + "." + name + " is not supported; the supported " + owner + " functions are "
        + supported;
  }
}
