package org.apicflow.ui.editor;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * Colours of a scenario file: comments, keys, op names, quoted strings, numbers (hex, decimal,
 * times), and YAML's punctuation. A plain lexical pass, line by line; it never fails on bad text.
 */
final class YamlHighlighter {
  private YamlHighlighter() {}

  private static final Pattern PATTERN =
      Pattern.compile(
          "(?<COMMENT>(?<=^|[\\s,{\\[])#[^\\n]*)"
              + "|(?<OPNAME>(?<=\\bop:[ \\t]{0,8})[a-z][a-z0-9-]*)"
              + "|(?<STRING>\"(?:[^\"\\\\\\n]|\\\\.)*\"?|'[^'\\n]*'?)"
              + "|(?<KEY>[A-Za-z_][\\w.-]*(?=[ \\t]*:(?:[ \\t]|$|\\n)))"
              + "|(?<NUMBER>\\b(?:0[xX][0-9a-fA-F]+|\\d+(?:\\.\\d+)?(?:ns|us|ms|s)?)\\b)"
              + "|(?<PUNCT>[{}\\[\\],]|^[ \\t]*-(?=[ \\t]))",
          Pattern.MULTILINE);

  private static final List<String> GROUPS =
      List.of("COMMENT", "OPNAME", "STRING", "KEY", "NUMBER", "PUNCT");

  static StyleSpans<Collection<String>> highlight(String text) {
    Matcher m = PATTERN.matcher(text);
    StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
    int last = 0;
    while (m.find()) {
      String style = null;
      for (String g : GROUPS) {
        if (m.group(g) != null) {
          style = "yaml-" + g.toLowerCase(java.util.Locale.ROOT);
          break;
        }
      }
      b.add(List.of(), m.start() - last);
      b.add(List.of(style), m.end() - m.start());
      last = m.end();
    }
    b.add(List.of(), text.length() - last);
    return b.create();
  }
}
