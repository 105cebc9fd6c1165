package org.apicflow.ui.code;

/**
 * One line of the code pane.
 *
 * @param pc the op index in the shown function, or -1 for a line only the base version has
 * @param diff ' ' unchanged, '+' added by the fix, '-' removed by the fix
 */
public record CodeLine(String text, int depth, int pc, char diff, int sourceLine) {
  /** The same line with another diff mark. */
  public CodeLine marked(char mark) {
    return new CodeLine(text, depth, pc, mark, sourceLine);
  }
}
