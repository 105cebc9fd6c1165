package org.apicflow.machine;

import java.util.List;

/**
 * Everything a machine runs: its configuration and the compiled kernels of one scenario with one
 * fix applied. Immutable and shared by every snapshot of a run.
 *
 * @param fix the fix applied, "none" for the unpatched run
 * @param success the mark that means the dump was taken, or empty
 */
public record Program(
    MachineConfig config, List<Kernel> kernels, String fix, String success, List<String> marks) {
  public Program {
    kernels = List.copyOf(kernels);
    marks = List.copyOf(marks);
  }

  public Kernel kernel(int index) {
    return kernels.get(index);
  }

  public int kernelIndex(String name) {
    for (int i = 0; i < kernels.size(); i++) {
      if (kernels.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The op at a program position. */
  public Op op(int kernel, int fn, int pc) {
    return kernels.get(kernel).function(fn).ops().get(pc);
  }
}
