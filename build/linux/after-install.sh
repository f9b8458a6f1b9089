#!/bin/sh
# udev rules so the kiosk user can reach serial adapters, HID scanners and USB printers
# without root. Vendor IDs: common USB-serial bridges, ITL validators, HID POS scanners.
cat > /etc/udev/rules.d/60-budayang.rules <<'RULES'
SUBSYSTEM=="tty", ATTRS{idVendor}=="0403|067b|10c4|1a86|191c", GROUP="dialout", MODE="0660"
SUBSYSTEM=="hidraw", MODE="0660", GROUP="plugdev"
SUBSYSTEM=="usbmisc", KERNEL=="lp*", MODE="0660", GROUP="lp"
RULES
udevadm control --reload-rules >/dev/null 2>&1 || true
udevadm trigger >/dev/null 2>&1 || true
