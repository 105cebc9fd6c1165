#!/usr/bin/env bash
# Records a class-data archive (AppCDS) for target/apicflow.jar, so the window opens sooner:
#
#   packaging/appcds.sh                                            makes target/apicflow.jsa
#   java -XX:SharedArchiveFile=target/apicflow.jsa -jar target/apicflow.jar
#
# A training run opens the window on the default scenario, quits after its first frame, and the
# JVM writes the classes it loaded on top of the JDK's own archive. It needs a display (xvfb-run is
# used when there is none) and the JDK that will run the jar: an archive made by another JDK build,
# or for another jar, is ignored without a word, and so is a missing one, but then the JDK's own
# archive is not used either, so make it again after each `mvn package`.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/apicflow.jar
JSA=target/apicflow.jsa
[ -f "$JAR" ] || { echo "appcds.sh: $JAR not found: run mvn -DskipTests package first" >&2; exit 2; }
run=(java)
if [ "$(uname -s)" = Linux ] && [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
  run=(xvfb-run -a java)
fi
rm -f "$JSA"
"${run[@]}" -XX:ArchiveClassesAtExit="$JSA" -Dapicflow.firstFrame=exit -jar "$JAR" \
  >/dev/null 2>target/appcds-jar.log || true
if [ -s "$JSA" ]; then
  echo "appcds.sh: $JSA ($(du -h "$JSA" | cut -f1)); start with:"
  echo "  java -XX:SharedArchiveFile=$JSA -jar $JAR"
else
  echo "appcds.sh: no archive made (a display is needed; see target/appcds-jar.log)" >&2
  exit 1
fi
