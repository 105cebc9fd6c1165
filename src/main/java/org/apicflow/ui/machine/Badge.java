package org.apicflow.ui.machine;

/** The kinds of CPU state badge; each has a CSS style class {@code badge-<name>}. */
public enum Badge {
  RUNNING,
  IF_OFF,
  HANDLER,
  NMI,
  SPINNING,
  HALTED,
  OFFLINE,
  DONE,
  OOPS;

  public String styleClass() {
    return "badge-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
