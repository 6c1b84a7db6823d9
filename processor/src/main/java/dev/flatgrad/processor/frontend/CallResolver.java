package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import dev.flatgrad.processor.ir.Primitive;
import java.util.Arrays;
import java.util.stream.Collectors;
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
      if (symbols.isOwnMethod(name)) {
        throw new Unsupported(call, "calls to " + name + "(...) are not supported yet:"
            + " flatgrad differentiates calls to Math and Activations functions only");
      }
      owner = symbols.staticallyImportedMethodOwner(name).orElseThrow(() ->
          new Unsupported(call, "cannot find symbol: method " + name));
    } else if (select instanceof MemberSelectTree member) {
      name = member.getIdentifier().toString();
      String qualifier = member.getExpression().toString();
      owner = symbols.type(qualifier).orElseThrow(() -> new Unsupported(call,
          "calls to methods of '" + qualifier + "' are not supported: flatgrad differentiates"
              + " calls to static Math and Activations functions"));
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
