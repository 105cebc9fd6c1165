package org.apicflow.ui.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apicflow.scenario.FormatVocabulary;

/**
 * What to offer at the caret: op names after {@code op:}, the format's keys where a key goes, both
 * elsewhere; those starting with the word typed so far (case-insensitive), in the format's order.
 */
final class Completion {
  private Completion() {}

  /** The word being typed ends at {@code caret}: its start. */
  static int wordStart(String text, int caret) {
    int i = caret;
    while (i > 0) {
      char c = text.charAt(i - 1);
      if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        i--;
      } else {
        break;
      }
    }
    return i;
  }

  /** The candidates for the word ending at {@code caret}. */
  static List<String> candidates(String text, int caret) {
    int start = wordStart(text, caret);
    String prefix = text.substring(start, caret).toLowerCase(Locale.ROOT);
    int lineStart = text.lastIndexOf('\n', start - 1) + 1;
    String before = text.substring(lineStart, start);
    List<String> pool;
    if (before.matches(".*\\bop:[ \\t]*")) {
      pool = FormatVocabulary.opNames();
    } else if (before.matches("[ \\t]*(-[ \\t]+)?") || before.matches(".*[{,][ \\t]*")) {
      pool = FormatVocabulary.allKeys();
    } else {
      pool = new ArrayList<>(FormatVocabulary.opNames());
      pool.addAll(FormatVocabulary.allKeys());
    }
    List<String> out = new ArrayList<>();
    for (String w : pool) {
      if (w.toLowerCase(Locale.ROOT).startsWith(prefix) && !w.equals(prefix) && !out.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }

  /** The text to insert for a chosen key: "name: " where a key goes, the bare word otherwise. */
  static String insertion(String text, int caret, String word) {
    int start = wordStart(text, caret);
    int lineStart = text.lastIndexOf('\n', start - 1) + 1;
    String before = text.substring(lineStart, start);
    boolean keyPlace =
        !before.matches(".*\\bop:[ \\t]*")
            && (before.matches("[ \\t]*(-[ \\t]+)?") || before.matches(".*[{,][ \\t]*"));
    boolean followedByColon = caret < text.length() && text.startsWith(":", caret);
    return keyPlace && !followedByColon ? word + ": " : word;
  }
}
