package org.apicflow.machine;

import java.util.ArrayList;
import java.util.List;
import org.apicflow.apic.DeliveryMode;
import org.apicflow.apic.IcrCommand;
import org.apicflow.apic.LocalApic;
import org.apicflow.machine.Cpu.RunState;
import org.apicflow.machine.EventKind.Delivery;

/**
 * The APIC bus and the receiving side of each local APIC (SDM Vol. 3 ch. 10): what a register write
 * sets off, destination matching, lowest-priority arbitration, message delivery and the acceptance
 * of fixed, NMI, INIT and start-up messages, the error interrupt. State lives in the {@link
 * Machine}.
 */
final class ApicBus {

  private final Machine machine;

  ApicBus(Machine machine) {
    this.machine = machine;
  }

  /** The latch is free again: an NMI message waiting at this CPU enters it now. */
  void admitWaitingNmi(Cpu cpu) {
    if (!cpu.waitingNmis.isEmpty()) {
      int id = cpu.waitingNmis.remove(0);
      IpiMessage m = machine.live.get(id);
      boolean blocked = cpu.state == RunState.WAIT_SIPI;
      cpu.nmiPending = !blocked;
      settle(m, m.slot(cpu.index), IpiMessage.Status.ACCEPTED);
      Delivery d = blocked ? Delivery.NMI_BLOCKED : Delivery.NMI_ACCEPTED_LATE;
      machine.emit(cpu, EventKind.IPI_DELIVER, id, d.ordinal());
    }
  }

  /** A register write from software, with everything it sets off. Emits the write's event. */
  void apicWrite(Cpu cpu, int reg, int value) {
    LocalApic.WriteEffect effect = cpu.apic.write(reg, value, machine.now);
    if (effect instanceof LocalApic.WriteEffect.Eoi e) {
      machine.emit(cpu, EventKind.EOI, e.vector(), 0);
      if (e.vector() >= 0 && cpu.apic.tmr().get(e.vector())) {
        // SDM "EOI Register": for a level-triggered interrupt (TMR bit set) the EOI is also
        // broadcast to the IO-APICs, which clear the remote IRR of the entries with that vector.
        machine.devices.eoiBroadcast(cpu, e.vector());
      }
      return;
    }
    if (effect instanceof LocalApic.WriteEffect.Fault f) {
      machine.interpreter.generalProtection(cpu, f.reason());
      return;
    }
    machine.emit(cpu, EventKind.APIC_WRITE, reg, value & 0xFFFF_FFFFL);
    if (effect instanceof LocalApic.WriteEffect.Illegal) {
      errorInterrupt(cpu);
    } else if (effect instanceof LocalApic.WriteEffect.Send s) {
      send(cpu, s.command());
    } else if (effect instanceof LocalApic.WriteEffect.TimerChanged) {
      machine.devices.armTimer(cpu);
    }
  }

  /**
   * The APIC detected an error (ESR): with the LVT Error entry unmasked, its vector is raised as a
   * fixed interrupt on this CPU (SDM "Error Handling").
   */
  void errorInterrupt(Cpu cpu) {
    int bits = cpu.apic.takeNewErrors();
    if (bits == 0) {
      return;
    }
    Delivery d = Delivery.MASKED;
    if (!cpu.apic.errorMasked() && cpu.apic.softwareEnabled()) {
      d = fixed(cpu, cpu.apic.errorVector(), false);
      // An illegal vector in the LVT Error entry is one more error; it raises nothing further.
      cpu.apic.takeNewErrors();
    }
    machine.emit(cpu, EventKind.APIC_ERROR, bits, d.ordinal());
  }

  private void send(Cpu sender, IcrCommand cmd) {
    // MP spec B-3: rewriting ICR low while busy abandons the message where it waits at a target
    // that could not accept it. Messages still in transit arrive as usual.
    abandonWaiting(sender.index);
    DeliveryMode mode = cmd.mode().orElse(null);
    int[] targets = targets(sender, cmd);
    if (mode != null && mode.usesIrr() && cmd.vector() < 16) {
      sender.apic.flagSendIllegalVector();
      errorInterrupt(sender);
    }
    int id = machine.nextMessageId++;
    long arrives = machine.now + machine.config.ipiLatencyNs();
    IpiMessage m = new IpiMessage(id, sender.index, cmd, machine.now, arrives, targets);
    if (targets.length > 0) {
      machine.live.put(id, m);
      sender.apic.sendPending(targets.length);
      for (int t : targets) {
        machine.scheduler.push(arrives, Scheduler.DELIVER, id, t, 0);
      }
    }
    machine.emit(
        sender,
        EventKind.IPI_SEND,
        id,
        ((long) cmd.destination() << 32) | (sender.apic.icrLow() & 0xFFFF_FFFFL));
  }

  void abandonWaiting(int sender) {
    List<Integer> done = new ArrayList<>();
    for (IpiMessage m : machine.live.values()) {
      if (m.sender != sender) {
        continue;
      }
      for (int i = 0; i < m.targets.length; i++) {
        if (m.status[i] == IpiMessage.Status.WAITING) {
          Cpu t = machine.cpus[m.targets[i]];
          t.waitingNmis.remove(Integer.valueOf(m.id));
          m.status[i] = IpiMessage.Status.ABANDONED;
          machine.cpus[sender].apic.sendPending(-1);
          machine.emit(t, EventKind.IPI_ABANDON, m.id, 0);
        }
      }
      if (m.settled()) {
        done.add(m.id);
      }
    }
    done.forEach(machine.live::remove);
  }

  /** The CPUs a message reaches: shorthand, then physical or logical destination matching. */
  private int[] targets(Cpu sender, IcrCommand cmd) {
    List<Integer> out = new ArrayList<>();
    for (Cpu c : machine.cpus) {
      boolean match =
          switch (cmd.shorthand()) {
            case SELF -> c == sender;
            case ALL -> true;
            case OTHERS -> c != sender;
            case NONE -> c.apic.matches(cmd.destination(), cmd.logical());
          };
      if (match) {
        out.add(c.index);
      }
    }
    if (cmd.mode().orElse(null) == DeliveryMode.LOWEST && out.size() > 1) {
      return lowestPriority(out);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * SDM "Lowest Priority Delivery Mode": of the destinations, the processor with the lowest
   * processor priority (PPR) takes the interrupt. A software-disabled APIC and a CPU waiting for a
   * start-up IPI cannot take a fixed interrupt, so they are not candidates (unless no destination
   * can, and then the lowest-priority rule picks among all of them). Ties: quirk
   * lowest-priority-tie, lowest APIC ID (QEMU) or highest (P6 bus arbitration).
   */
  int[] lowestPriority(List<Integer> destinations) {
    List<Integer> able = new ArrayList<>();
    for (int c : destinations) {
      if (machine.cpus[c].apic.softwareEnabled() && machine.cpus[c].state != RunState.WAIT_SIPI) {
        able.add(c);
      }
    }
    List<Integer> candidates = able.isEmpty() ? destinations : able;
    boolean highestId = machine.config.quirks().lowestPriorityTieToHighestId();
    int best = candidates.get(0);
    for (int c : candidates) {
      int p = machine.cpus[c].apic.ppr();
      int bp = machine.cpus[best].apic.ppr();
      int id = machine.cpus[c].apic.id();
      int bid = machine.cpus[best].apic.id();
      if (p < bp || (p == bp && (highestId ? id > bid : id < bid))) {
        best = c;
      }
    }
    return new int[] {best};
  }

  void deliver(int messageId, int target) {
    IpiMessage m = machine.live.get(messageId);
    if (m == null) {
      return;
    }
    int slot = m.slot(target);
    if (m.status[slot] != IpiMessage.Status.IN_TRANSIT) {
      return;
    }
    Cpu cpu = machine.cpus[target];
    Delivery d = accept(cpu, m.command, true, m.sender);
    if (d == Delivery.NMI_WAITING) {
      m.status[slot] = IpiMessage.Status.WAITING;
      cpu.waitingNmis.add(m.id);
    } else {
      settle(m, slot, IpiMessage.Status.ACCEPTED);
    }
    machine.emit(cpu, EventKind.IPI_DELIVER, m.id, d.ordinal());
    if (d == Delivery.ILLEGAL) {
      errorInterrupt(cpu);
    }
  }

  private void settle(IpiMessage m, int slot, IpiMessage.Status status) {
    m.status[slot] = status;
    machine.cpus[m.sender].apic.sendPending(-1);
    if (m.settled()) {
      machine.live.remove(m.id);
    }
  }

  /** The target side of delivery (SDM "Interrupt Acceptance"; DOMAIN.md 1). */
  private Delivery accept(Cpu cpu, IcrCommand cmd, boolean fromMessage, int sender) {
    DeliveryMode mode = cmd.mode().orElse(null);
    if (mode == null) {
      return Delivery.RESERVED;
    }
    return switch (mode) {
      // Quirk level-ipi-tmr: the P4 and Xeon ignore an IPI's trigger mode; QEMU and KVM keep it.
      case FIXED, LOWEST ->
          fixed(
              cpu, cmd.vector(), cmd.levelTriggered() && machine.config.quirks().levelIpiSetsTmr());
      case NMI -> nmi(cpu, fromMessage, sender);
      case SMI -> Delivery.SMI;
      case INIT -> {
        if (cmd.isInitDeassert()) {
          yield Delivery.INIT_DEASSERT;
        }
        cpu.initPending = true;
        yield Delivery.INIT;
      }
      case STARTUP -> {
        if (cpu.state == RunState.WAIT_SIPI && !cpu.initPending) {
          // The start-up IPI starts the CPU in the kernel that sent it.
          cpu.kernel = machine.cpus[sender].kernel;
          cpu.sipiPending = cmd.vector();
          yield Delivery.STARTUP;
        }
        yield Delivery.STARTUP_IGNORED;
      }
    };
  }

  static Delivery fixed(Cpu cpu, int vector, boolean level) {
    return switch (cpu.apic.acceptFixed(vector, level)) {
      case SET -> Delivery.IRR_SET;
      case COLLAPSED -> Delivery.COLLAPSED;
      case DROPPED -> Delivery.DROPPED;
      case ILLEGAL -> Delivery.ILLEGAL;
    };
  }

  /**
   * An NMI is accepted when the CPU can take it or latch it. With the latch full, a message waits
   * at the target in the busy model (replacing an earlier one from the same sender, since the
   * sender's ICR holds one command); otherwise, and always for a device, it collapses.
   */
  Delivery nmi(Cpu cpu, boolean fromMessage, int sender) {
    if (cpu.state == RunState.WAIT_SIPI && !cpu.initPending) {
      // SDM Vol. 3 "Blocking of Events in Activity States": the wait-for-SIPI state blocks NMIs.
      // The APIC accepts the message (the sender's ICR goes idle); the core keeps nothing.
      return Delivery.NMI_BLOCKED;
    }
    if (!cpu.nmiPending) {
      cpu.nmiPending = true;
      return cpu.nmiBlocked ? Delivery.NMI_LATCHED : Delivery.NMI_PENDING;
    }
    if (machine.busyModel && fromMessage) {
      for (int id : List.copyOf(cpu.waitingNmis)) {
        IpiMessage earlier = machine.live.get(id);
        if (earlier.sender == sender) {
          cpu.waitingNmis.remove(Integer.valueOf(id));
          settle(earlier, earlier.slot(cpu.index), IpiMessage.Status.ABANDONED);
          machine.emit(cpu, EventKind.IPI_ABANDON, id, 0);
        }
      }
      return Delivery.NMI_WAITING;
    }
    return Delivery.NMI_COLLAPSED;
  }
}
