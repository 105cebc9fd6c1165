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
#
# The runtime gets the JDK's class-data archive, and the app image an AppCDS archive of the
# classes its first frame needs, recorded by a training run (it needs a display; xvfb-run is
# used when there is none). On Java 17 such an archive only serves the directory it was made in,
# so the Debian and RPM packages carry the training run's class list instead and make the archive
# when installed (packaging/linux/postinst, and %posttrans in packaging/linux/apicflow.spec: a dump, no
# display needed; prerm and %preun remove it). The other installers leave the AppCDS archive out
# and start with the runtime's archive.
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

case "$TYPE" in
  app-image|deb|rpm|msi|dmg) ;;
  *) echo "jpackage.sh: TYPE must be app-image, deb, rpm, msi or dmg" >&2; exit 2 ;;
esac
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

echo "== the runtime's class-data archive (the JDK's own classes, as a JDK has it)"
# jlink leaves it out; it moves with the runtime, so installed packages use it too
target/runtime/bin/java -Xshare:dump >target/cds-runtime.log 2>&1 \
  || echo "   none (see target/cds-runtime.log): the JDK's classes load from the runtime image" >&2

echo "== app image"
common=(
  --name "$NAME"
  --app-version "$VERSION"
  --vendor "APICFlow"
  --description "Makes x86 local APIC interrupt delivery visible, from a crash through kexec into kdump."
  --dest target/dist
)
# The class-data archive (AppCDS) is made below by a training run; without it the JVM starts as
# usual (-Xshare:auto ignores a missing or unusable archive without a word).
# Memory (docs/performance.md, "Memory of the whole app"): the serial collector grows the heap only
# as far as the objects kept need (G1 grew it with its pause times, and its remembered sets took
# 50-80 MB more); the heap starts small and may take 2 GB, so a run's limit (a quarter of the heap,
# RunLimits) is the same on every machine and the largest run the limits allow fits.
# Start-up (docs/performance.md, "Start-up: the optimising compiler later"): C2 waits for ten
# times its usual counts, so on two cores it does not take the FX thread's processor while the
# first window is styled and laid out. These are Relaunch.OPTIONS too (RelaunchTest checks).
jpackage --type app-image "${common[@]}" \
  --input target/pkg-input \
  --main-jar apicflow-app.jar \
  --main-class org.apicflow.cli.Launcher \
  --runtime-image target/runtime \
  --icon "$ICON" \
  --java-options "-Dprism.lcdtext=false" \
  --java-options "-XX:+UseSerialGC" \
  --java-options "-Xms32m" \
  --java-options "-Xmx2g" \
  --java-options "-XX:Tier4InvocationThreshold=50000" \
  --java-options "-XX:Tier4MinInvocationThreshold=6000" \
  --java-options "-XX:Tier4CompileThreshold=150000" \
  --java-options "-XX:Tier4BackEdgeThreshold=400000" \
  --java-options "-XX:SharedArchiveFile=\$APPDIR/apicflow.jsa"

case "$PLATFORM" in
  linux) IMAGE=target/dist/$NAME; LAUNCHER=$IMAGE/bin/$NAME; APPDIR=$IMAGE/lib/app ;;
  mac*) IMAGE=target/dist/$NAME.app; LAUNCHER=$IMAGE/Contents/MacOS/$NAME; APPDIR=$IMAGE/Contents/app ;;
  win) IMAGE=target/dist/$NAME; LAUNCHER=$IMAGE/$NAME.exe; APPDIR=$IMAGE/app ;;
esac

echo "== class-data archive: a training run to the first frame, then the dump"
# The launcher itself runs both steps (with its own class path, so the archive matches it), each
# time with the archive option in its configuration swapped for the step's own. The training run
# opens the window, draws the default scenario and quits; it needs a display (xvfb-run is used
# when there is none on Linux).
CFG=$APPDIR/$NAME.cfg
cp "$CFG" "$CFG.orig"
with_options() {
  # with_options OPTION... : runs the launcher with these JVM options in place of the archive's
  { grep -v -- '-XX:SharedArchiveFile' "$CFG.orig"; } > "$CFG.tmp"
  awk -v opts="$*" '{ print } /^\[JavaOptions\]/ { n = split(opts, o, " "); for (i = 1; i <= n; i++) print "java-options=" o[i] }' \
    "$CFG.tmp" > "$CFG"
  rm -f "$CFG.tmp"
  local run=("$LAUNCHER")
  if [ "$PLATFORM" = linux ] && [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
    run=(xvfb-run -a "$LAUNCHER")
  fi
  "${run[@]}"
}
rm -f "$APPDIR/apicflow.jsa" "$APPDIR/apicflow.classlist"
CLASSLIST=target/apicflow.classlist
rm -f "$CLASSLIST"
if with_options "-XX:DumpLoadedClassList=\$APPDIR/apicflow.classlist" "-Dapicflow.firstFrame=exit" \
    >/dev/null 2>target/appcds-training.log \
  && with_options -Xshare:dump "-XX:SharedClassListFile=\$APPDIR/apicflow.classlist" \
    "-XX:SharedArchiveFile=\$APPDIR/apicflow.jsa" >target/appcds-dump.log 2>&1 \
  && [ -s "$APPDIR/apicflow.jsa" ]; then
  echo "   $(du -h "$APPDIR/apicflow.jsa" | cut -f1) archive of $(wc -l < "$APPDIR/apicflow.classlist") classes"
  cp "$APPDIR/apicflow.classlist" "$CLASSLIST"
else
  echo "   no archive (the training run needs a display; see target/appcds-*.log): the app starts without it" >&2
  rm -f "$APPDIR/apicflow.jsa"
fi
rm -f "$APPDIR/apicflow.classlist"
mv "$CFG.orig" "$CFG"

if [ "$TYPE" = app-image ]; then
  echo "== done: $IMAGE"
  exit 0
fi

echo "== packaging ($TYPE)"
# On JDK 17 an archive of application classes is only used with the class path it was made with,
# and an installed package lives elsewhere (/opt, /Applications, Program Files). The Debian and RPM
# packages carry the training run's class list, and their install step dumps the archive beside the installed
# jars (the launcher's own class path and options; no display, a few seconds); should that fail,
# it takes the archive option out of the launcher's configuration, so the app starts with the
# runtime's archive, as the other packages do. (A missing archive is ignored without a word, but
# then the runtime's archive is not used either.)
rm -f "$APPDIR/apicflow.jsa"
if { [ "$TYPE" = deb ] || [ "$TYPE" = rpm ]; } && [ -s "$CLASSLIST" ]; then
  cp "$CLASSLIST" "$APPDIR/apicflow.classlist"
else
  grep -v -- '-XX:SharedArchiveFile' "$CFG" > "$CFG.tmp" && mv "$CFG.tmp" "$CFG"
fi
args=(--type "$TYPE" "${common[@]}" --app-image "$IMAGE")
case "$TYPE" in
  deb|rpm)
    args+=(
      --icon "$ICON"  # the menu entry's icon (the image's own is not carried over)
      --license-file LICENSE
      --linux-shortcut
      --linux-menu-group "Education;Development"
      --linux-app-category education
      --file-associations assets/linux/scenario-file.properties
    )
    if [ "$TYPE" = deb ]; then
      args+=(--linux-package-deps "libgtk-3-0" --linux-deb-maintainer "apicflow@localhost"
             --resource-dir packaging/linux)
    else
      args+=(--linux-package-deps "gtk3" --resource-dir packaging/linux)
    fi
    ;;
  msi)
    args+=(--win-menu --win-shortcut --win-dir-chooser --license-file LICENSE
           --file-associations assets/windows/scenario-file.properties) ;;
  dmg)
    args+=(--mac-package-identifier org.apicflow --license-file LICENSE
           --file-associations assets/mac/scenario-file.properties) ;;
  *) echo "jpackage.sh: TYPE must be app-image, deb, rpm, msi or dmg" >&2; exit 2 ;;
esac
jpackage "${args[@]}"
echo "== done: $(ls -d target/dist/*)"
