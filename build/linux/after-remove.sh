#!/bin/sh
# Run by dpkg after the deb is removed: the watchdog unit and udev rules go; the data directory
# and the site config stay (a citizen's unsynced records must never be deleted by an uninstall).
set -e
# An upgrade removes the old package too: keep everything then.
case "$1" in remove | purge) ;; *) exit 0 ;; esac
systemctl --global disable budayang-kiosk.service >/dev/null 2>&1 || true
rm -f /usr/lib/systemd/user/budayang-kiosk.service /etc/udev/rules.d/60-budayang.rules
udevadm control --reload-rules >/dev/null 2>&1 || true
