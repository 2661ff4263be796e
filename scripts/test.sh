#!/usr/bin/env bash
# Runs every test: the domain's, the app's on SQLite and on a real PostgreSQL server that this
# script starts on loopback (installing it from Debian's packages when missing), and the console's
# in Debian's Chromium and the email tests against Debian's aiosmtpd (installed likewise). Without root or
# network to install PostgreSQL, its tests say they were skipped, except in CI, where they must run.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null; then
  echo "The .NET 10 SDK is needed: https://dotnet.microsoft.com/download" >&2
  exit 1
fi

# The browser tests drive Debian's Chromium (never a downloaded browser); CJK fonts so the Chinese
# screens render as people see them.
if [[ ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "WARNING: /usr/bin/chromium is missing (apt-get install chromium); the browser tests will fail." >&2
  fi
fi

# Chinese glyphs for the screens and the PDF letters (ArFlow:Dunning:LetterFont).
if [[ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing fonts-noto-cjk for the PDF letters"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
  else
    echo "WARNING: fonts-noto-cjk is missing (apt-get install fonts-noto-cjk); the letter tests will fail." >&2
  fi
fi

# The statement tests render the PDF to PNG (poppler's pdftoppm) and read its QR code back (zbar).
if ! command -v pdftoppm >/dev/null || ! command -v zbarimg >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing poppler-utils and zbar-tools for the statement tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils zbar-tools >/dev/null
  else
    echo "WARNING: pdftoppm or zbarimg is missing (apt-get install poppler-utils zbar-tools); the statement tests will fail." >&2
  fi
fi

# The email tests send through a real SMTP server on loopback: Debian's aiosmtpd.
if ! /usr/bin/python3 -c "import aiosmtpd" 2>/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing python3-aiosmtpd for the email tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd >/dev/null
  else
    echo "WARNING: python3-aiosmtpd is missing (apt-get install python3-aiosmtpd); the email tests will fail." >&2
  fi
fi

pgdir=$(mktemp -d /tmp/arflow-pg.XXXXXX)
chmod 755 "$pgdir"
port=$(( 20000 + RANDOM % 30000 ))
while (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$(( port + 1 )); done
cleanup() { scripts/postgres.sh stop "$pgdir" || true; rm -rf "$pgdir"; }
trap cleanup EXIT

if conn=$(scripts/postgres.sh start "$pgdir" "$port"); then
  export ARFLOW_TEST_POSTGRES="$conn"
  echo "PostgreSQL test server on 127.0.0.1:$port"
else
  echo "WARNING: PostgreSQL could not be started; the PostgreSQL tests will be reported as skipped." >&2
fi
if [[ ${CI:-} == true ]]; then export ARFLOW_REQUIRE_POSTGRES=1; fi

log=$(mktemp)
status=0
dotnet test ArFlow.slnx "$@" 2>&1 | tee "$log" || status=$?

# A small smoke of every benchmark, so they keep working; the real runs are bench/run.sh.
if [[ $status -eq 0 ]]; then
  engines=sqlite
  [[ -n ${ARFLOW_TEST_POSTGRES:-} ]] && { export ARFLOW_BENCH_POSTGRES="$ARFLOW_TEST_POSTGRES"; engines=both; }
  echo "Benchmark smoke ($engines)"
  dotnet run --project bench/ArFlow.Bench -- --smoke --engine "$engines" >/dev/null || { echo "benchmark smoke failed" >&2; status=1; }
fi

# One closing line for all test projects together.
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "total: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
