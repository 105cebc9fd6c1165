package org.apicflow.scenario;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The words of the apicflow/1 format, for completion in an editor: the keys of each section and the
 * op names with their keys. The op names come from the compiler itself, so a new op is offered as
 * soon as it is accepted.
 */
public final class FormatVocabulary {
  private FormatVocabulary() {}

  /** Keys at the top of a scenario file. */
  public static final List<String> TOP_KEYS =
      List.of(
          "format", "id", "title", "summary", "sources", "machine", "kernels", "fixes", "success",
          "expect");

  /** Keys of {@code machine}. */
  public static final List<String> MACHINE_KEYS =
      List.of("cpus", "apic-ids", "apic", "quirks", "timing", "apic-init", "horizon", "sources");

  /** Keys of a kernel, a function, a fix and an expectation. */
  public static final List<String> KERNEL_KEYS =
      List.of("vars", "handlers", "start", "ap-entry", "functions");

  public static final List<String> FUNCTION_KEYS = List.of("src", "ops");
  public static final List<String> FIX_KEYS = List.of("title", "summary", "source", "replace");
  public static final List<String> EXPECT_KEYS =
      List.of(
          "fix", "outcome", "cpu", "reg", "vector", "set", "equals", "at", "count", "var",
          "records");

  /** Every op name the compiler accepts, in its order. */
  public static List<String> opNames() {
    return List.copyOf(ProgramCompiler.OP_KEYS.keySet());
  }

  /** Every key a file may use anywhere, ops' keys included, each once. */
  public static List<String> allKeys() {
    Set<String> out = new LinkedHashSet<>();
    out.addAll(TOP_KEYS);
    out.addAll(MACHINE_KEYS);
    out.addAll(KERNEL_KEYS);
    out.addAll(FUNCTION_KEYS);
    out.addAll(FIX_KEYS);
    out.addAll(EXPECT_KEYS);
    out.add("op");
    ProgramCompiler.OP_KEYS.values().forEach(out::addAll);
    return new ArrayList<>(out);
  }
}
