package org.apicflow.ui.code;

import java.util.List;

/**
 * What the code pane shows at a frame: the shown CPU's function as pseudo-C with its lit line, and
 * the narration of the step.
 *
 * @param lit index into {@code lines} of the current line, or -1
 * @param patchedBy the fix that replaced this function, or empty
 */
public record CodeState(
    String header,
    String location,
    String patchedBy,
    List<CodeLine> lines,
    int lit,
    String stepTitle,
    String narration,
    String note,
    String why,
    boolean whyBlocked) {
  public CodeState {
    lines = List.copyOf(lines);
  }

  public static final CodeState EMPTY =
      new CodeState("Code", "", "", List.of(), -1, "", "", "", "", false);
}
