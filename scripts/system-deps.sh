#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the kiosk and its tests need, and nothing else.
#
# Why a script: `make run` and `make test` must work on a fresh machine. As root it installs what is
# missing with apt-get; as anyone else it prints the one apt-get line to run and fails, so a user is
# never left guessing which library Qt wanted.
set -euo pipefail

packages=(
  # Qt's xcb and offscreen platforms
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 libxcb-xfixes0 libxrender1 libxi6
  # Thai line breaking between words (Qt loads libthai when it is there)
  libthai0
  # QtMultimedia's audio output (topic narration); its tests play narration on a private
  # PulseAudio server and record its speaker with parec
  libpulse0 pulseaudio pulseaudio-utils
  # machine narration for packs (`outreach-kiosk pack narrate`): a voice and a Vorbis encoder
  # (oggenc), and oggdec, which its tests decode the files with
  espeak-ng vorbis-tools
  # QtNetwork links to Kerberos (the bundle takes it from the system, as it does libpulse0)
  libgssapi-krb5-2
  # the Linux bundle links its smaller ICU data library (scripts/icu_subset.py)
  gcc
  # a virtual display for screenshots and for running the kiosk on a headless machine
  xvfb xauth
  # the kiosk session (deploy/outreach-kiosk.service): cage and the Xwayland it needs, Qt's
  # Wayland platform's cursor library; its tests take screenshots with grim and read X windows
  # with xwininfo; a window manager (openbox, driven by xdotool) tries to iconify the kiosk
  cage xwayland libwayland-cursor0 grim x11-utils openbox xdotool
  # msgfmt --check on the message catalogs
  gettext
  # cards: PDF to PNG and fonts check (poppler), a real QR decoder, a real CUPS queue
  poppler-utils zbar-tools cups cups-client printer-driver-cups-pdf
  # the central endpoint's tests against a real PostgreSQL
  postgresql
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; make sure Qt 6's xcb libraries, Xvfb and gettext are installed." >&2
  exit 0
fi

if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  packages+=(python3-venv)
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "Missing system packages. Run this once, then try again:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
