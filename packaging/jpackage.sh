#!/usr/bin/env bash
# Builds APICFlow as a self-contained application with the JDK's jpackage.
#
#   packaging/jpackage.sh              app image:  target/dist/APICFlow/
#   TYPE=deb packaging/jpackage.sh     Debian package (needs fakeroot, dpkg-deb)
#   TYPE=rpm packaging/jpackage.sh     RPM package (needs rpmbuild)
#   TYPE=msi packaging/jpackage.sh     Windows installer (run on Windows, needs WiX 3)
#   TYPE=dmg packaging/jpackage.sh     macOS disk image (run on macOS)
#
# JavaFX goes into the runtime image as modules (jlink); the application and its other
# libraries stay on the class path, so the same jar runs as `java -jar` too. The launcher
# runs the command line when given arguments: APICFlow check pending-ipi
set -euo pipefail
cd "$(dirname "$0")/.."

TYPE=${TYPE:-app-image}
NAME=APICFlow
VERSION=${VERSION:-0.1.0}
case "$(uname -s)" in
  Linux*) PLATFORM=linux; ICON=assets/icons/apicflow-256.png ;;
  Darwin*) PLATFORM=mac; ICON=assets/icons/apicflow.icns ;;
  MINGW*|MSYS*|CYGWIN*) PLATFORM=win; ICON=assets/icons/apicflow.ico ;;
  *) echo "jpackage.sh: unknown platform $(uname -s)" >&2; exit 2 ;;
esac
if [ "$PLATFORM" = mac ] && [ "$(uname -m)" = arm64 ]; then PLATFORM=mac-aarch64; fi

for tool in jpackage jlink mvn; do
  command -v "$tool" >/dev/null || { echo "jpackage.sh: $tool is not on the PATH (JDK 17+ and Maven needed)" >&2; exit 2; }
done

echo "== building the jar"
mvn -B -q -DskipTests -Djavafx.platform="$PLATFORM" package
rm -rf target/deps target/jfx-mods target/pkg-input target/runtime target/dist
mvn -B -q -Djavafx.platform="$PLATFORM" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory=target/deps

mkdir -p target/jfx-mods target/pkg-input
for jar in target/deps/*.jar; do
  base=$(basename "$jar")
  case "$base" in
    javafx-*-"$PLATFORM".jar) cp "$jar" target/jfx-mods/ ;;
    javafx-*) ;;  # the platform-less javafx jars are empty shells
    *) cp "$jar" target/pkg-input/ ;;
  esac
done
APP_JAR=$(ls target/apicflow-*.jar | grep -v -- '-sources' | head -1)
cp "$APP_JAR" target/pkg-input/apicflow-app.jar

echo "== linking the runtime (JDK + JavaFX modules)"
jlink --module-path target/jfx-mods \
  --add-modules javafx.controls,javafx.swing,java.desktop,java.logging,java.xml,java.sql,java.naming,java.management,java.scripting,jdk.unsupported,jdk.crypto.ec,jdk.localedata \
  --include-locales en \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output target/runtime

echo "== packaging ($TYPE)"
args=(
  --type "$TYPE"
  --name "$NAME"
  --app-version "$VERSION"
  --vendor "APICFlow"
  --description "Makes x86 local APIC interrupt delivery visible, from a crash through kexec into kdump."
  --input target/pkg-input
  --main-jar apicflow-app.jar
  --main-class org.apicflow.cli.Launcher
  --runtime-image target/runtime
  --icon "$ICON"
  --dest target/dist
  --java-options "-Dprism.lcdtext=false"
)
case "$TYPE" in
  deb|rpm)
    args+=(
      --license-file LICENSE
      --linux-shortcut
      --linux-menu-group "Education;Development"
      --linux-app-category education
      --file-associations assets/linux/scenario-file.properties
    )
    if [ "$TYPE" = deb ]; then
      args+=(--linux-package-deps "libgtk-3-0" --linux-deb-maintainer "apicflow@localhost")
    else
      args+=(--linux-package-deps "gtk3")
    fi
    ;;
  msi)
    args+=(--win-menu --win-shortcut --win-dir-chooser --license-file LICENSE
           --file-associations assets/windows/scenario-file.properties) ;;
  dmg)
    args+=(--mac-package-identifier org.apicflow --license-file LICENSE
           --file-associations assets/mac/scenario-file.properties) ;;
  app-image) ;;
  *) echo "jpackage.sh: TYPE must be app-image, deb, rpm, msi or dmg" >&2; exit 2 ;;
esac
jpackage "${args[@]}"
echo "== done: $(ls -d target/dist/*)"
