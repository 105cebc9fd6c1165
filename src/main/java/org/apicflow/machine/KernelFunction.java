package org.apicflow.machine;

import java.util.List;

/**
 * A compiled kernel function: its name, the real Linux file and function it stands for, and its
 * flat op list. {@code patchedBy} names the fix that replaced or added it, empty for the base.
 */
public record KernelFunction(String name, String src, List<Op> ops, String patchedBy) {
  public KernelFunction {
    ops = List.copyOf(ops);
  }

  public boolean isPatched() {
    return !patchedBy.isEmpty();
  }
}
