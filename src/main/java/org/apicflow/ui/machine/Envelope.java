package org.apicflow.ui.machine;

import java.util.List;
import org.apicflow.apic.DeliveryMode;

/**
 * An interrupt message on the APIC bus, as drawn: who sent it, to whom, how far it has come.
 *
 * @param progress 0 at the sender, 1 at the target(s), for a message in transit
 * @param waiting true when it sits at a target that cannot accept it (an NMI behind a full latch)
 * @param focus true when it carries the vector of interest
 */
public record Envelope(
    int id,
    int sender,
    List<Integer> targets,
    String label,
    DeliveryMode mode,
    String status,
    double progress,
    boolean waiting,
    boolean focus) {

  public Envelope {
    targets = List.copyOf(targets);
  }

  /** The CSS style class for the delivery mode: {@code mode-fixed}, {@code mode-nmi}, ... */
  public String modeClass() {
    return "mode-" + (mode == null ? "reserved" : mode.yamlName);
  }
}
