#!/usr/bin/env bash
# scripts/check-glibc.sh BINARY [MAX]  — fail when BINARY needs a glibc symbol version newer
# than MAX (default 2.17: CentOS 7, 统信UOS 20 and 麒麟 V10 all have at least that).
# Prints every GLIBC_x.y the binary asks for, newest last.
set -euo pipefail
bin=${1:?usage: scripts/check-glibc.sh BINARY [MAX]}
max=${2:-2.17}
command -v objdump >/dev/null || { echo "check-glibc: objdump missing (apt-get install binutils)" >&2; exit 2; }
versions=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -u -V)
[ -n "$versions" ] || { echo "check-glibc: $bin asks for no GLIBC_ symbol (static?)"; exit 0; }
newest=$(printf '%s\n' "$versions" | tail -n1)
echo "check-glibc: $bin needs GLIBC_$(printf '%s\n' "$versions" | paste -sd' ' | sed 's/ / GLIBC_/g')"
if [ "$(printf '%s\n%s\n' "$max" "$newest" | sort -V | tail -n1)" != "$max" ]; then
  echo "check-glibc: FAIL — GLIBC_$newest is newer than GLIBC_$max; these symbols need it:" >&2
  objdump -T "$bin" | awk -v max="$max" '
    match($0, /GLIBC_[0-9][0-9.]*/) {
      v = substr($0, RSTART + 6, RLENGTH - 6); split(v, a, "."); split(max, m, ".")
      if (a[1] + 0 > m[1] + 0 || (a[1] + 0 == m[1] + 0 && a[2] + 0 > m[2] + 0)) print "  " $NF " GLIBC_" v
    }' >&2
  exit 1
fi
echo "check-glibc: ok (nothing newer than GLIBC_$max)"
