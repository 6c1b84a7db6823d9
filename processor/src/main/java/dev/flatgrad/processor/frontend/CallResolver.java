package dev.flatgrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import dev.flatgrad.processor.ir.Primitive;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Decides what a method call in a body means: a primitive such as {@code Math.exp}, another
 * {@code @Differentiable} method, or something flatgrad cannot differentiate, and then why.
 */
final class CallResolver {

  /**
   * What a call resolves to: exactly one of {@code primitive} and {@code method} is set; {@code
   * strict} says a primitive was called on {@code StrictMath}.
   */
  record Target(Primitive primitive, ExecutableElement method, boolean strict) {
    Target(Primitive primitive, ExecutableElement method) {
      this(primitive, method, false);
    }
  }

  private final Symbols symbols;
  private final Elements elements;
  /** Whether the method is an instance method, which may call others on {@code this}. */
  private final boolean hasReceiver;
  private final GradClasses gradClasses;
  /** Helpers without {@code @Differentiable}; null where none may be called (initializers). */
  private final ImplicitHelpers helpers;
  /** Derivatives for foreign methods; null where none apply (field initializers). */
  private final ForeignRules rules;
  /** The method whose body is read, or null. */
  private final ExecutableElement reading;

  /** For expressions outside a method body, such as a static field's initializer. */
  CallResolver(Symbols symbols, Elements elements) {
    this(symbols, elements, false, GradClasses.ANY, null, null, null);
  }

  CallResolver(Symbols symbols, Elements elements, boolean hasReceiver,
      GradClasses gradClasses, ImplicitHelpers helpers, ForeignRules rules,
      ExecutableElement reading) {
    this.symbols = symbols;
    this.elements = elements;
    this.hasReceiver = hasReceiver;
    this.gradClasses = gradClasses;
    this.helpers = helpers;
    this.rules = rules;
    this.reading = reading;
  }

  /**
   * Whether flatgrad differentiates {@code call} rather than running it as a passive call: a
   * foreign method with a derivative declared by {@code @Differentiable(of = ...)}, or a helper
   * returning double in the caller's own top-level class.
   */
  boolean differentiates(MethodInvocationTree call) {
    ExpressionTree select = call.getMethodSelect();
    String name;
    Optional<TypeElement> owner;
    if (select instanceof IdentifierTree identifier) {
      name = identifier.getName().toString();
      owner = symbols.isOwnMethod(name)
          ? Optional.of((TypeElement) symbols.ownMethods(name).get(0).getEnclosingElement())
          : symbols.staticallyImportedMethodOwner(name);
    } else if (select instanceof MemberSelectTree member) {
      name = member.getIdentifier().toString();
      owner = symbols.type(member.getExpression().toString());
    } else {
      return false;
    }
    int arity = call.getArguments().size();
    return owner.isPresent()
        && (rules != null && rules.standIn(owner.get(), name, arity).isPresent()
            || helpers != null && helpers.isHelper(owner.get(), name, arity, callsOnThis(call)));
  }

  Target resolve(MethodInvocationTree call) {
    ExpressionTree select = call.getMethodSelect();
    String name;
    TypeElement owner;
    if (select instanceof IdentifierTree identifier) {
      name = identifier.getName().toString();
      if (symbols.isOwnMethod(name)) {
        return new Target(null, differentiable(call, symbols.ownMethods(name), name));
      }
      owner = symbols.staticallyImportedMethodOwner(name).orElseThrow(() ->
          new Unsupported(call, "cannot find symbol: method " + name));
    } else if (select instanceof MemberSelectTree member
        && member.getExpression().toString().equals("this") && hasReceiver) {
      name = member.getIdentifier().toString();
      return new Target(null, differentiable(call, symbols.ownMethods(name), "this." + name));
    } else if (select instanceof MemberSelectTree member) {
      name = member.getIdentifier().toString();
      String qualifier = member.getExpression().toString();
      owner = symbols.type(qualifier).orElseThrow(() -> receiverNotAType(member.getExpression()));
    } else {
      throw new Unsupported(call, "this method call is not supported");
    }
    Optional<ExecutableElement> standIn = rules == null
        ? Optional.empty()
        : rules.standIn(owner, name, call.getArguments().size());
    if (standIn.isPresent()) {
      if (standIn.get().equals(reading)) {
        throw new Unsupported(call, reading.getSimpleName() + " gives the derivative of "
            + owner.getSimpleName() + "." + name + ", so flatgrad cannot differentiate its call"
            + " of that method: give it a custom derivative with pullback = ..., or compute the"
            + " function in its body");
      }
      if (!ForeignRules.reachableFrom(standIn.get(), elements.getPackageOf(reading))) {
        throw new Unsupported(call, "the derivative of " + owner.getSimpleName() + "." + name
            + " is " + standIn.get().getEnclosingElement().getSimpleName() + "." + name
            + ", which generated code in another package cannot call; make it and its class"
            + " public");
      }
      return new Target(null, standIn.get());
    }
    Optional<Primitive.Owner> library = library(owner);
    if (library.isPresent()) {
      Primitive primitive = Primitive.find(library.get(), name);
      if (primitive == null) {
        throw new Unsupported(call, unsupportedFunction(library.get(), name));
      }
      return new Target(primitive, null, library.get() == Primitive.Owner.STRICT_MATH);
    }
    List<ExecutableElement> methods = symbols.methods(owner, name);
    if (methods.isEmpty()) {
      throw new Unsupported(call, "cannot find symbol: method " + name + " in "
          + owner.getSimpleName());
    }
    return new Target(null, differentiable(call, methods, owner.getSimpleName() + "." + name));
  }

  /** The one {@code @Differentiable} method among {@code candidates} that fits the call. */
  private ExecutableElement differentiable(MethodInvocationTree call,
      List<ExecutableElement> candidates, String shownName) {
    List<ExecutableElement> annotated = candidates.stream()
        .filter(method -> SignatureReader.annotation(method) != null)
        .filter(method -> method.getParameters().size() == call.getArguments().size())
        .toList();
    if (annotated.isEmpty()) {
      boolean library = candidates.stream().anyMatch(method ->
          !elements.getPackageOf(method).getQualifiedName().toString().startsWith("java."));
      if (library && helpers != null) {
        return helpers.helper(call, candidates, shownName, callsOnThis(call));
      }
      throw new Unsupported(call, "calls to " + shownName + "(...) are not supported:"
          + " flatgrad differentiates calls to Math, Activations and @Differentiable methods,"
          + " and static helpers of the caller's own top-level class");
    }
    if (annotated.size() > 1) {
      throw new Unsupported(call, "the call to " + shownName + " matches several"
          + " @Differentiable overloads; give them different names");
    }
    ExecutableElement method = annotated.get(0);
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      throw new Unsupported(call, shownName + " is private, but the generated code must call"
          + " it; make it package-private");
    }
    if (!method.getModifiers().contains(Modifier.STATIC) && !callsOnThis(call)) {
      throw new Unsupported(call, shownName + " is an instance method; a @Differentiable"
          + " method may call instance methods only on this, from an instance method");
    }
    if (!method.getModifiers().contains(Modifier.STATIC) && isOverridable(method)) {
      // The value call dispatches to an override, but the derivative would be this body's.
      TypeElement owner = (TypeElement) method.getEnclosingElement();
      throw new Unsupported(call, shownName + " may be overridden in a subclass of "
          + owner.getSimpleName() + ", whose derivative flatgrad cannot see from here; make "
          + method.getSimpleName() + " final (or " + owner.getSimpleName() + " final)");
    }
    TypeElement declaring = (TypeElement) method.getEnclosingElement();
    privateEnclosingClass(declaring).ifPresent(hidden -> {
      // The generated class is a top-level class: Java lets no other class reach inside a
      // private one.
      throw new Unsupported(call, "the generated code cannot call " + shownName + ": the class "
          + hidden.getSimpleName() + " is private; make it package-private");
    });
    if (helpers != null) {
      helpers.checkArraysUnchanged(call, method, shownName);
    }
    if (!gradClasses.exists(declaring)) {
      // Compiled without flatgrad (a jar, or a class javac read through -sourcepath): the
      // generated code would call a pullback that does not exist.
      String library = elements.getPackageOf(declaring).getQualifiedName().toString();
      throw new Unsupported(call, gradClasses.name(declaring) + " not found: was "
          + (library.isEmpty() ? declaring.getQualifiedName() : library)
          + " built with the flatgrad processor?");
    }
    return method;
  }

  /** The outermost private class among {@code type} and the classes enclosing it. */
  static Optional<TypeElement> privateEnclosingClass(TypeElement type) {
    TypeElement hidden = null;
    for (Element element = type; element instanceof TypeElement enclosing;
        element = element.getEnclosingElement()) {
      if (enclosing.getModifiers().contains(Modifier.PRIVATE)) {
        hidden = enclosing;
      }
    }
    return Optional.ofNullable(hidden);
  }

  /** Whether a subclass may override {@code method}: neither it nor its class is final. */
  private static boolean isOverridable(ExecutableElement method) {
    return !method.getModifiers().contains(Modifier.FINAL)
        && !method.getEnclosingElement().getModifiers().contains(Modifier.FINAL);
  }

  /** Whether {@code call} is unqualified or on {@code this}, in an instance method. */
  private boolean callsOnThis(MethodInvocationTree call) {
    return hasReceiver && (call.getMethodSelect() instanceof IdentifierTree
        || call.getMethodSelect() instanceof MemberSelectTree member
            && member.getExpression().toString().equals("this"));
  }

  /**
   * A call on something that is not a class name: an object. Name what the object is made of when
   * that is the problem (a lambda, {@code new}, a string), since that is what the user must change.
   */
  private static Unsupported receiverNotAType(ExpressionTree receiver) {
    ExpressionTree core = Unsupported.core(receiver);
    return switch (core.getKind()) {
      case LAMBDA_EXPRESSION, MEMBER_REFERENCE -> Unsupported.writeItsComputationOut(core);
      case NEW_CLASS -> new Unsupported(core, Describe.expression(core)
          + " is not supported in a @Differentiable method: it computes with numbers and arrays"
          + " only");
      // "call".equalsIgnoreCase(kind): the string is fine, its method is not.
      case STRING_LITERAL -> new Unsupported(receiver, "calls to methods of the string " + core
          + " are not supported: a @Differentiable method calls only the string methods that"
          + " answer with data, such as equalsIgnoreCase, startsWith, length and charAt");
      default -> new Unsupported(receiver, "calls to methods of '" + receiver + "' are not"
          + " supported: flatgrad differentiates calls to static Math, Activations and"
          + " @Differentiable methods");
    };
  }

  private static Optional<Primitive.Owner> library(TypeElement type) {
    String name = type.getQualifiedName().toString();
    return Arrays.stream(Primitive.Owner.values())
        .filter(owner -> owner.qualifiedName().equals(name))
        .findFirst();
  }

  private static String unsupportedFunction(Primitive.Owner library, String name) {
    String owner = switch (library) {
      case MATH -> "Math";
      case STRICT_MATH -> "StrictMath";
      case ACTIVATIONS -> "Activations";
    };
    if (name.equals("random")) {
      return owner + ".random is not deterministic, so it has no derivative; pass random numbers"
          + " in as a data parameter";
    }
    Primitive.Owner declaring =
        library == Primitive.Owner.STRICT_MATH ? Primitive.Owner.MATH : library;
    String supported = Arrays.stream(Primitive.values())
        .filter(primitive -> primitive.owner() == declaring)
        .map(Primitive::methodName)
        .collect(Collectors.joining(", "));
    return owner + "." + name + " is not supported; the supported " + owner + " functions are "
        + supported;
  }
}
