package org.apicflow.ui.machine;

import org.apicflow.machine.Kernel;
import org.apicflow.machine.KernelFunction;
import org.apicflow.machine.Op;
import org.apicflow.machine.Program;

/** Whether a scenario uses the IO-APIC or the 8259s: a wired source, or an op that reaches them. */
final class DeviceUse {
  private DeviceUse() {}

  static boolean of(Program p) {
    if (p.config().sources().stream().anyMatch(s -> s.wired())) {
      return true;
    }
    for (Kernel k : p.kernels()) {
      for (int f = 0; f < k.functions().size(); f++) {
        KernelFunction fn = k.function(f);
        for (Op op : fn.ops()) {
          if (op instanceof Op.Outb
              || op instanceof Op.Inb
              || op instanceof Op.IoApicWrite
              || op instanceof Op.IoApicRead
              || op instanceof Op.IrqLine) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
