package org.apicflow.machine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compiled kernel: its variables (kernel memory), interrupt handlers, start functions and
 * functions. Indices into {@code functions} and {@code varNames} are what ops carry.
 *
 * @param handlers vector (0..255, 256 for NMI) to function index
 * @param start CPU index to start function index
 * @param apEntry the function a start-up IPI starts, or -1
 * @param defaultIrq the built-in handler for vectors with none (mark, EOI, IRET)
 * @param defaultNmi the built-in NMI handler (mark, IRET)
 */
public record Kernel(
    String name,
    List<String> varNames,
    long[] varInit,
    Map<Integer, Integer> handlers,
    Map<Integer, Integer> start,
    int apEntry,
    List<KernelFunction> functions,
    int defaultIrq,
    int defaultNmi) {

  public static final int NMI_SLOT = 256;

  public Kernel {
    varNames = List.copyOf(varNames);
    varInit = varInit.clone();
    handlers = Map.copyOf(handlers);
    start = Map.copyOf(start);
    functions = List.copyOf(functions);
  }

  public KernelFunction function(int index) {
    return functions.get(index);
  }

  public Optional<Integer> functionIndex(String fn) {
    for (int i = 0; i < functions.size(); i++) {
      if (functions.get(i).name().equals(fn)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  public int varIndex(String var) {
    return varNames.indexOf(var);
  }
}
