package org.apicflow.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** The commented starting points of a new scenario file: a lesson and a bug with its fix. */
public final class Templates {
  private Templates() {}

  /** The kinds of template, as {@code apicflow new KIND FILE} names them. */
  public static final List<String> KINDS = List.of("lesson", "bug");

  /** The text of a template; the {@code id} becomes {@code id} when given (else the template's). */
  public static String text(String kind, String id) {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException(
          "no template '" + kind + "' (templates: " + String.join(", ", KINDS) + ")");
    }
    String t;
    try (InputStream in =
        Templates.class.getResourceAsStream("/org/apicflow/scenario/templates/" + kind + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("the " + kind + " template is missing from this build");
      }
      t = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the " + kind + " template", e);
    }
    if (id != null && !id.isBlank()) {
      t = t.replaceFirst("(?m)^id: my-" + kind + "\\b", "id: " + id);
    }
    return t;
  }

  /** A scenario id made from a file name: "Lesson 3.yaml" gives "lesson-3". */
  public static String idFor(String fileName) {
    String base = fileName.replaceFirst("\\.(ya?ml|json|apicflow)$", "");
    String id = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    id = id.replaceAll("^-+|-+$", "");
    if (id.isEmpty() || !Character.isLetter(id.charAt(0))) {
      id = "s-" + id;
    }
    return id.replaceAll("-+$", "");
  }
}
