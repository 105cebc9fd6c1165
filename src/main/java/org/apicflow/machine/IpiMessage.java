package org.apicflow.machine;

import java.util.Arrays;
import org.apicflow.apic.IcrCommand;

/** One interrupt message on the APIC bus, with the fate of each of its targets. */
public final class IpiMessage {
  /** Where the message stands at one target. */
  public enum Status {
    IN_TRANSIT,
    /** An NMI that found the target's latch full; the sender's ICR stays busy. */
    WAITING,
    ACCEPTED,
    ABANDONED
  }

  final int id;
  final int sender;
  final IcrCommand command;
  final long sentAt;
  final long arrivesAt;
  final int[] targets;
  final Status[] status;

  IpiMessage(int id, int sender, IcrCommand command, long sentAt, long arrivesAt, int[] targets) {
    this.id = id;
    this.sender = sender;
    this.command = command;
    this.sentAt = sentAt;
    this.arrivesAt = arrivesAt;
    this.targets = targets;
    this.status = new Status[targets.length];
    Arrays.fill(status, Status.IN_TRANSIT);
  }

  IpiMessage(IpiMessage o) {
    this.id = o.id;
    this.sender = o.sender;
    this.command = o.command;
    this.sentAt = o.sentAt;
    this.arrivesAt = o.arrivesAt;
    this.targets = o.targets;
    this.status = o.status.clone();
  }

  int slot(int cpu) {
    for (int i = 0; i < targets.length; i++) {
      if (targets[i] == cpu) {
        return i;
      }
    }
    return -1;
  }

  boolean settled() {
    for (Status s : status) {
      if (s == Status.IN_TRANSIT || s == Status.WAITING) {
        return false;
      }
    }
    return true;
  }

  public int id() {
    return id;
  }

  public int sender() {
    return sender;
  }

  public IcrCommand command() {
    return command;
  }

  public long sentAt() {
    return sentAt;
  }

  public long arrivesAt() {
    return arrivesAt;
  }

  public int targetCount() {
    return targets.length;
  }

  public int target(int i) {
    return targets[i];
  }

  public Status status(int i) {
    return status[i];
  }

  boolean sameAs(IpiMessage o) {
    return id == o.id
        && sender == o.sender
        && command.equals(o.command)
        && sentAt == o.sentAt
        && arrivesAt == o.arrivesAt
        && Arrays.equals(targets, o.targets)
        && Arrays.equals(status, o.status);
  }
}
