package dev.flatgrad.processor.ir;

import java.util.List;

/**
 * A {@code @Differentiable} method that a differentiated method calls. The reverse pass calls
 * its pullback, {@code <gradClass>.<name>Pullback}, which exists whether the callee was compiled
 * with the caller or comes from a jar.
 *
 * @param owner the class declaring the callee
 * @param name the callee's name
 * @param parameterNames its parameters' names
 * @param parameterTypes its parameters' types
 * @param differentiated for each parameter, whether the pullback gives its gradient
 * @param specialized whether the pullback is a variant for fewer parameters than the callee's
 *     own differentiated ones, generated for callers compiled with it
 * @param result what the callee returns: double, or double[] for a vector-valued one
 * @param primalGenerated whether generated code computes the callee's value with the copy in
 *     its generated class, {@code <gradClass>.<name>}: for a helper the generated code cannot
 *     call, such as a private one
 * @param fields for each parameter, where it sits if it is one value inside a record parameter
 *     of the callee (null for a plain parameter): the IR passes a record argument as its values,
 *     one parameter each, as it reads its own record parameters, and generated code builds the
 *     record around them where it calls the callee
 */
public record Callee(ClassId owner, String name, List<String> parameterNames,
    List<Type> parameterTypes, List<Boolean> differentiated, boolean specialized,
    Type result, boolean primalGenerated, List<Parameter.Field> fields) {

  public Callee {
    parameterNames = List.copyOf(parameterNames);
    parameterTypes = List.copyOf(parameterTypes);
    differentiated = List.copyOf(differentiated);
    fields = fields == null
        ? java.util.Collections.nCopies(parameterNames.size(), null)
        : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(fields));
  }

  /** A callee without record parameters. */
  public Callee(ClassId owner, String name, List<String> parameterNames,
      List<Type> parameterTypes, List<Boolean> differentiated, boolean specialized,
      Type result, boolean primalGenerated) {
    this(owner, name, parameterNames, parameterTypes, differentiated, specialized, result,
        primalGenerated, null);
  }

  /** A callee that generated code calls in the user's class for its value. */
  public Callee(ClassId owner, String name, List<String> parameterNames,
      List<Type> parameterTypes, List<Boolean> differentiated, boolean specialized,
      Type result) {
    this(owner, name, parameterNames, parameterTypes, differentiated, specialized, result, false);
  }

  /** A callee returning {@code double}, called in the user's class for its value. */
  public Callee(ClassId owner, String name, List<String> parameterNames,
      List<Type> parameterTypes, List<Boolean> differentiated, boolean specialized) {
    this(owner, name, parameterNames, parameterTypes, differentiated, specialized, Type.DOUBLE);
  }

  /** Whether the callee is an instance method, whose first parameter is its receiver. */
  public boolean hasReceiver() {
    return !parameterTypes.isEmpty() && parameterTypes.get(0) == Type.RECEIVER;
  }

  /** Whether a parameter is a value inside one of the callee's record parameters. */
  public boolean hasRecords() {
    return fields.stream().anyMatch(java.util.Objects::nonNull);
  }

  /**
   * The parameter as the callee declares it, for messages: {@code x}, or for a value inside a
   * record parameter, the record's name.
   */
  public String declaredName(int parameter) {
    Parameter.Field field = fields.get(parameter);
    return field == null ? parameterNames.get(parameter) : field.record().name();
  }

  /** The callee's parameters as it declares them, records whole: the result's components. */
  public List<String> declaredNames() {
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < parameterNames.size(); i++) {
      if (i == 0 || fields.get(i) == null || fields.get(i - 1) == null
          || !fields.get(i).record().equals(fields.get(i - 1).record())) {
        names.add(declaredName(i));
      }
    }
    return names;
  }

  /**
   * The accessors that read parameter {@code i}'s scalar gradient out of the record the
   * pullback returns: its component ({@code x}), or for a value inside a record parameter, the
   * record's component and then the record accessors that lead to the value ({@code m},
   * {@code hidden}, {@code scale}); with {@code tangent}, where the pullback tangent's record
   * holds its tangent ({@code dot_m}, then the same accessors).
   */
  public List<String> resultPath(int parameter, boolean tangent) {
    List<String> declared = declaredNames();
    String first = declaredName(parameter);
    List<String> path = new java.util.ArrayList<>();
    path.add(tangent ? RecordComponents.tangentOf(first, declared)
        : RecordComponents.of(first, declared));
    Parameter.Field field = fields.get(parameter);
    if (field != null) {
      path.addAll(field.path());
    }
    return path;
  }

  /** Whether the pullback returns a record of scalar gradients rather than just the value. */
  public boolean hasScalarGradients() {
    if (hasRecords()) {
      return true; // a differentiated record comes back whole, array values and all
    }
    for (int i = 0; i < parameterTypes.size(); i++) {
      if (differentiated.get(i) && parameterTypes.get(i).isReal()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The pullback's name: {@code fPullback}, or for a specialized variant {@code fPullback_a_b},
   * naming the parameters it differentiates.
   */
  public String pullbackName() {
    if (!specialized) {
      return name + "Pullback";
    }
    StringBuilder variant = new StringBuilder(name).append("Pullback");
    List<String> kept = new java.util.ArrayList<>();
    long hash = 0xcbf29ce484222325L; // FNV-1a over the mask
    for (int i = 0; i < parameterNames.size(); i++) {
      hash = (hash ^ (differentiated.get(i) ? 1 : 0)) * 0x100000001b3L;
      if (differentiated.get(i)) {
        kept.add(parameterNames.get(i));
      }
    }
    kept.forEach(parameter -> variant.append('_').append(parameter));
    if (variant.length() <= MAX_VARIANT_NAME) {
      return variant.toString();
    }
    // Too long for a class file's name (its record is named alike): the first few parameters,
    // how many more, and a hash of which.
    StringBuilder shortened = new StringBuilder(name).append("Pullback");
    int shown = Math.min(3, kept.size());
    kept.subList(0, shown).forEach(parameter -> shortened.append('_').append(parameter));
    return shortened.append("_and").append(kept.size() - shown).append("More_")
        .append(String.format("%016x", hash), 0, 8).toString();
  }

  /** The longest variant name written out in full: class file names have a limit. */
  private static final int MAX_VARIANT_NAME = 96;

  /**
   * The tangent of the full pullback, {@code fPullbackTangent}: what a caller's second-order
   * code calls (there are no specialized variants of it).
   */
  public String pullbackTangentName() {
    return name + "PullbackTangent";
  }

  /** The same callee, differentiated with respect to the parameters {@code mask} marks only. */
  public Callee specialize(List<Boolean> mask) {
    return mask.equals(differentiated)
        ? this
        : new Callee(owner, name, parameterNames, parameterTypes, mask, true, result,
            primalGenerated, fields);
  }

  /** Identifies the method itself, whatever variant: its class, name and parameter types. */
  public String key() {
    return owner.canonicalName() + "#" + name + parameterTypes + recordTypes();
  }

  /** The record parameters' types, which the key needs beside the types of their values. */
  private String recordTypes() {
    return hasRecords() ? declaredRecordTypes(fields) : "";
  }

  /** The record types among {@code fields}, in order, as a key's suffix. */
  public static String declaredRecordTypes(List<Parameter.Field> fields) {
    StringBuilder types = new StringBuilder();
    Parameter.Field previous = null;
    for (Parameter.Field field : fields) {
      if (field != null && (previous == null || !field.record().equals(previous.record()))) {
        types.append('/').append(field.record().type().type().canonicalName());
      }
      previous = field;
    }
    return types.toString();
  }
}
