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

  /**
   * The CSS property the views drawn on a canvas (the strip's chips, the compact cards) take this
   * badge's colour from; halted and offline share one.
   */
  String colourProperty() {
    return this == OFFLINE ? HALTED.colourProperty() : "-chip-" + styleClass().substring(6);
  }

  /** That colour on the light theme, until the style sheet gives one. */
  String defaultColour() {
    return switch (this) {
      case RUNNING -> "#2da44e";
      case IF_OFF -> "#f0a020";
      case HANDLER -> "#8250df";
      case NMI -> "#c2185b";
      case SPINNING -> "#e4572e";
      case HALTED, OFFLINE -> "#8c959f";
      case DONE -> "#1a7f37";
      case OOPS -> "#b3261e";
    };
  }
}
