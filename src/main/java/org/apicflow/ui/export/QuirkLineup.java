package org.apicflow.ui.export;

import java.util.ArrayList;
import java.util.List;
import org.apicflow.apic.Quirk;

/**
 * The settings of one quirk lined up in a compare export ({@code --compare-quirk
 * soft-disabled-fixed=hold,drop,deliver}): the export's run once under each setting, the rest of
 * the machine as the scenario has it.
 *
 * @param quirk the quirk lined up
 * @param options its settings, in the order given, each once
 */
public record QuirkLineup(Quirk quirk, List<String> options) {
  public QuirkLineup {
    options = List.copyOf(options);
    if (options.isEmpty()) {
      throw new IllegalArgumentException("quirk '" + quirk.key() + "': no setting to line up");
    }
  }

  /**
   * Reads {@code NAME} (every setting, in the quirk's own order) or {@code NAME=V1,V2,...}.
   *
   * @throws IllegalArgumentException with one line saying what is wrong
   */
  public static QuirkLineup parse(String arg) {
    String a = arg.strip();
    int eq = a.indexOf('=');
    String name = (eq < 0 ? a : a.substring(0, eq)).strip();
    Quirk q =
        Quirk.byKey(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        (name.isEmpty() ? "no quirk named" : "no quirk '" + name + "'")
                            + " (quirks: "
                            + Quirk.keys()
                            + ")"));
    if (eq < 0) {
      return new QuirkLineup(q, q.options().stream().map(Quirk.Option::name).toList());
    }
    List<String> out = new ArrayList<>();
    for (String part : a.substring(eq + 1).split(",", -1)) {
      String v = part.strip();
      if (v.isEmpty()) {
        throw new IllegalArgumentException(
            "'" + arg + "' has an empty setting (" + q.key() + ": " + q.optionList() + ")");
      }
      if (q.option(v).isEmpty()) {
        throw new IllegalArgumentException(
            "quirk '" + q.key() + "' has no option '" + v + "' (" + q.optionList() + ")");
      }
      if (out.contains(v)) {
        throw new IllegalArgumentException("'" + v + "' is listed twice in '" + arg + "'");
      }
      out.add(v);
    }
    return new QuirkLineup(q, out);
  }

  /** "soft-disabled-fixed=hold,drop,deliver". */
  @Override
  public String toString() {
    return quirk.key() + "=" + String.join(",", options);
  }
}
