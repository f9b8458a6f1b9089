#!/bin/sh
# Run by dpkg after the deb is installed (electron-builder's deb.afterInstall; docs/shell-and-server.md,
# "OS integration"): device access (udev rules and groups) and the kiosk's watchdog unit.
set -e
RESOURCES=/opt/Budayang/resources/linux
# The kiosk account: /etc/budayang/kiosk-user names it, else `kiosk` when it exists.
KIOSK_USER=kiosk
if [ -r /etc/budayang/kiosk-user ]; then KIOSK_USER=$(head -n 1 /etc/budayang/kiosk-user); fi

install -m 0644 "$RESOURCES/60-budayang.rules" /etc/udev/rules.d/60-budayang.rules
for group in dialout plugdev lp; do
  getent group "$group" >/dev/null 2>&1 || groupadd --system "$group"
done
if id "$KIOSK_USER" >/dev/null 2>&1; then
  usermod -a -G dialout,plugdev,lp "$KIOSK_USER"
else
  echo "budayang: no account \"$KIOSK_USER\"; add the kiosk account to dialout, plugdev and lp, and name it in /etc/budayang/kiosk-user" >&2
fi
udevadm control --reload-rules >/dev/null 2>&1 || true
udevadm trigger >/dev/null 2>&1 || true

# The watchdog: a user unit started with every graphical session (the kiosk account autologs in).
install -m 0644 "$RESOURCES/systemd/budayang-kiosk.service" /usr/lib/systemd/user/budayang-kiosk.service
systemctl --global enable budayang-kiosk.service >/dev/null 2>&1 || true
