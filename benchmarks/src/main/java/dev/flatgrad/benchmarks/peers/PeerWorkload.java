package dev.flatgrad.benchmarks.peers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One workload as the peers get it: the arguments of the benchmark's {@code @Differentiable}
 * method (in parameter order), the parameters it is differentiated with respect to, and flatgrad's
 * value and gradient there. {@code jmh} names the JMH class whose {@code primal} and {@code
 * flatgrad} benchmarks time the same call on the same arguments; {@code null} for an instance that
 * is only checked, not timed.
 */
record PeerWorkload(String name, String size, String jmh, Map<String, Object> args,
    List<String> wrt, double value, Map<String, Object> gradient) {

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("size", size);
    if (jmh != null) {
      json.put("jmh", jmh);
    }
    json.put("args", args);
    json.put("wrt", List.copyOf(wrt));
    json.put("value", value);
    json.put("gradient", gradient);
    return json;
  }

  /** Builds an ordered name-to-value map from alternating names and values. */
  static Map<String, Object> named(Object... namesAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return map;
  }
}
