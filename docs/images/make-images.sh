#!/bin/sh
# Regenerates the README images with the command line export, from the built-in
# scenarios, with no display at all (JavaFX runs headless through Monocle).
#
#   docs/images/make-images.sh          # builds target/apicflow.jar if it is missing
#
# Writes into docs/images/:
#   pending-ipi-oops.png           the window at the oops of pending-ipi (1600x900)
#   pending-ipi-compare.png        the five runs of pending-ipi side by side at the oops
#   pending-ipi-contact-sheet.png  the key moments of pending-ipi, captioned
#   window-1280-irr-set.png        the window at 1280x800 when 0xFB lands in IRR
#   window-1280-icr-busy.png       four CPUs at 1280x800: every card in view
#   teach-*.png                    the lecture path of docs/teaching.md, presenter mode
#   presenter-1920-oops.png        presenter mode on a 1920x1080 screen at the oops
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="$root/target/apicflow.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -DskipTests package)
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export_image() {
  # JavaFX warns that it runs from the class path: true, and harmless here
  if env -u DISPLAY -u WAYLAND_DISPLAY java -jar "$jar" export "$@" --overwrite >"$log" 2>&1; then
    grep -v -e 'Unsupported JavaFX configuration' -e 'PlatformImpl startup' "$log" || true
  else
    cat "$log" >&2
    exit 1
  fi
}
export_image pending-ipi --at oops --size 1600x900 --out "$here/pending-ipi-oops.png"
export_image pending-ipi --view compare --at oops --out "$here/pending-ipi-compare.png"
export_image pending-ipi --view contact-sheet --out "$here/pending-ipi-contact-sheet.png"
export_image pending-ipi --at irr-set --size 1280x800 --out "$here/window-1280-irr-set.png"
export_image icr-busy-nmi --at nmi-shootdown --size 1280x800 --out "$here/window-1280-icr-busy.png"
for mark in panic irr-set kexec irq-enable oops; do
  export_image pending-ipi --at "$mark" --presenter --size 1280x800 --out "$here/teach-$mark.png"
done
export_image pending-ipi --fix blocking --at irq-enable --presenter --size 1280x800 \
  --out "$here/teach-blocking-irq-enable.png"
export_image pending-ipi --at oops --presenter --size 1920x1080 --out "$here/presenter-1920-oops.png"
