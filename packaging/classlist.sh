#!/usr/bin/env bash
# Records the class list that the jar carries (src/main/resources/org/apicflow/launch/startup.classlist):
# the classes a start loads up to the first frame with every view built. A start from the jar
# (`java -jar target/apicflow.jar`) makes its class-data archive from it after its first run
# (org.apicflow.launch.Relaunch); classes added since the list was recorded load from the jar as
# usual, and names the list has that the jar no longer has are skipped, so the list only needs
# recording again when the start-up path changes much.
#
#   mvn -DskipTests package && packaging/classlist.sh && mvn -DskipTests package
#
# It needs a display (xvfb-run is used when there is none).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/apicflow.jar
LIST=src/main/resources/org/apicflow/launch/startup.classlist
[ -f "$JAR" ] || { echo "classlist.sh: $JAR not found: run mvn -DskipTests package first" >&2; exit 2; }
run=(java)
if [ "$(uname -s)" = Linux ] && [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
  run=(xvfb-run -a java)
fi
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
"${run[@]}" -Duser.home="$home" -Dapicflow.relaunch=false -Dapicflow.firstFrame=exit \
  -XX:DumpLoadedClassList="$home/classlist" -jar "$JAR" >/dev/null 2>"$home/log" \
  || { echo "classlist.sh: the training run failed (a display is needed):" >&2; cat "$home/log" >&2; exit 1; }
mkdir -p "$(dirname "$LIST")"
cp "$home/classlist" "$LIST"
echo "classlist.sh: $LIST ($(wc -l < "$LIST") lines)"
