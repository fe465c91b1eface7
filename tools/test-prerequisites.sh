#!/usr/bin/env bash
# The test suite runs against a real OpenSSH server and a real PostgreSQL (never mocks). This installs
# them (and openssl, for a server certificate) from Debian's packages where they are missing, so that
# the README's test command works on a fresh machine. It changes nothing where all are present.
set -euo pipefail

missing=()
command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
# The test kit's PostgreSQL with SSL (startPostgres({ ssl: true })) makes its certificate with openssl.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif sudo -n true 2>/dev/null; then
  sudo="sudo -n"
else
  echo "The tests need: ${missing[*]}. Install them (apt-get install -y ${missing[*]}) and run again." >&2
  exit 1
fi

echo "Installing test servers: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# Installing must not start the services: the tests start their own, on private ports.
own_policy=false
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  own_policy=true
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if $own_policy; then $sudo rm -f /usr/sbin/policy-rc.d; fi
