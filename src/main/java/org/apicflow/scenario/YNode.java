package org.apicflow.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node with its position and key path: the loader's own tree, built from the composed
 * document so every value can name where it came from.
 */
final class YNode {
  enum Type {
    MAP,
    LIST,
    SCALAR
  }

  final Type type;
  final int line;
  final int column;
  final String path;
  final String scalar;
  final boolean plain;
  final Map<String, YNode> map = new LinkedHashMap<>();
  final Map<String, YNode> keys = new LinkedHashMap<>();
  final List<YNode> list = new ArrayList<>();

  YNode(Type type, int line, int column, String path, String scalar, boolean plain) {
    this.type = type;
    this.line = line;
    this.column = column;
    this.path = path;
    this.scalar = scalar;
    this.plain = plain;
  }

  boolean isNull() {
    return type == Type.SCALAR
        && plain
        && (scalar.isEmpty() || scalar.equals("null") || scalar.equals("~"));
  }

  String describe() {
    return switch (type) {
      case MAP -> "a mapping";
      case LIST -> "a list";
      case SCALAR -> isNull() ? "null" : "'" + ScenarioException.clip(scalar) + "'";
    };
  }
}
