#!/usr/bin/env bash
# scripts/dist.sh [--release] linux|windows|all|check-linux
#
# Builds what a clerk downloads (docs/distribution.md):
#   linux    dist/gridreport-VERSION-x86_64-unknown-linux-gnu.tar.gz — runs on glibc 2.17+
#            (cargo-zigbuild + zig from PyPI; symbol versions checked by scripts/check-glibc.sh)
#   windows  dist/gridreport-VERSION-x86_64-pc-windows-gnu.zip — Windows 10 and later
#            (Debian's rustc-web 1.96 with -Zbuild-std and mingw-w64; tested under wine)
#   all      both
#   check-linux  CI's cheap check: the portable Linux binary built without optimization,
#            its glibc symbol versions checked, nothing packaged
# Each archive holds the stripped binary, README.txt, 使用说明 (docs/guide.md), 数据格式说明
# (docs/input-format.md), sample-data/
# and, on Windows, 生成报告.bat. The binary is run on sample-data before it is packaged: the
# .exe under wine, its summary.json compared byte for byte with the Linux binary's.
# --release: a missing docs/guide.md is an error (otherwise a warning).
# Installs what it needs: apt (binutils, mingw, Debian's rustc-web, wine), pip (into a venv
# under $GRIDREPORT_DIST_TOOLS, default ~/.cache/gridreport-dist). Honors CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

release=0
what=()
for a in "$@"; do
  case "$a" in
    --release) release=1 ;;
    linux | windows | all | check-linux) what+=("$a") ;;
    -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "dist.sh: unknown argument '$a' (linux, windows, all, check-linux, --release)" >&2; exit 2 ;;
  esac
done
[ ${#what[@]} -gt 0 ] || { echo "usage: scripts/dist.sh [--release] linux|windows|all|check-linux" >&2; exit 2; }

if [ $release -eq 1 ] && [ ! -f docs/guide.md ] && [ "${what[*]}" != check-linux ]; then
  echo "dist.sh: docs/guide.md (使用说明) is missing: a release ships the guide" >&2
  exit 1
fi

VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
TOOLS=${GRIDREPORT_DIST_TOOLS:-$HOME/.cache/gridreport-dist}
DIST=$ROOT/dist
CHECK=$DIST/check
PROFILE=dist
# Pinned so that a release is built as it was measured; override to try newer ones.
ZIGBUILD_PIP=${ZIGBUILD_PIP:-cargo-zigbuild==0.24.1}
ZIGLANG_PIP=${ZIGLANG_PIP:-ziglang==0.17.1}
LINUX_TARGET=x86_64-unknown-linux-gnu
GLIBC_FLOOR=2.17
WINDOWS_TARGET=x86_64-pc-windows-gnu
# 2000-01-01: archive entries get this time, so that the same tree gives the same archive.
EPOCH=${SOURCE_DATE_EPOCH:-946684800}

say() { printf '\n== %s\n' "$*" >&2; }
warn() { printf 'dist.sh: WARNING: %s\n' "$*" >&2; }
die() { printf 'dist.sh: %s\n' "$*" >&2; exit 1; }
now() { date +%s; }
took() { echo "$(($(now) - $1)) s"; }
size() { stat -c %s "$1"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

apt_updated=0
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
need_apt() { # need_apt PACKAGE… — install those not installed yet
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages (no apt-get here): ${missing[*]}"
  local sudo=()
  [ -z "${SUDO:-}" ] || sudo=("$SUDO")
  say "apt-get install ${missing[*]}"
  if [ $apt_updated -eq 0 ]; then
    "${sudo[@]}" apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

zig_tools() { # a venv with cargo-zigbuild and zig (both wheels from PyPI)
  need_apt binutils
  local venv=$TOOLS/venv
  if [ ! -x "$venv/bin/cargo-zigbuild" ] || ! "$venv/bin/python" -m ziglang version >/dev/null 2>&1; then
    say "pip install $ZIGBUILD_PIP $ZIGLANG_PIP (venv $venv)"
    mkdir -p "$TOOLS"
    python3 -m venv "$venv" 2>/dev/null || { need_apt python3-venv; python3 -m venv "$venv"; }
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$ZIGBUILD_PIP" "$ZIGLANG_PIP"
  fi
  export PATH=$venv/bin:$PATH # cargo-zigbuild runs `python3 -m ziglang`
  echo "zig $(python3 -m ziglang version), $(cargo-zigbuild --version)" >&2
}

# The portable Linux binary: linked by zig against glibc 2.17's symbols.
build_linux() { # build_linux PROFILE [cargo args…]
  local profile=$1
  shift
  zig_tools
  command -v cargo >/dev/null || die "cargo missing (rustup toolchain)"
  say "cargo zigbuild --profile $profile --target $LINUX_TARGET.$GLIBC_FLOOR $*"
  local t0
  t0=$(now)
  cargo zigbuild --locked --profile "$profile" --target "$LINUX_TARGET.$GLIBC_FLOOR" "$@"
  echo "linux build: $(took "$t0")" >&2
  local dir=$profile
  [ "$profile" = dev ] && dir=debug
  LINUX_BIN=$TARGET_DIR/$LINUX_TARGET/$dir/gridreport
  [ -x "$LINUX_BIN" ] || die "no binary at $LINUX_BIN"
  scripts/check-glibc.sh "$LINUX_BIN" "$GLIBC_FLOOR"
}

# The guide, README and sample district beside the binary, in STAGE.
stage_common() { # stage_common STAGE EOL(lf|crlf)
  local stage=$1 eol=$2
  sed "s/@VERSION@/$VERSION/g" scripts/dist/README.txt >"$stage/README.txt"
  if [ -f docs/guide.md ]; then
    # In the archive the guide and the input format sit side by side, not under docs/.
    sed 's#docs/input-format\.md#数据格式说明.md#g' docs/guide.md >"$stage/使用说明.md"
    python3 scripts/dist/md2html.py "$stage/使用说明.md" "gridreport 使用说明" |
      sed 's#数据格式说明\.md#数据格式说明.html#g' >"$stage/使用说明.html"
    if [ -f docs/input-format.md ]; then
      cp docs/input-format.md "$stage/数据格式说明.md"
      python3 scripts/dist/md2html.py docs/input-format.md "gridreport 数据格式说明" >"$stage/数据格式说明.html"
    fi
  elif [ $release -eq 1 ]; then
    die "docs/guide.md (使用说明) is missing: a release ships the guide"
  else
    warn "docs/guide.md (使用说明) is missing: the archive has no guide"
  fi
  if [ "$eol" = crlf ]; then # Notepad on Windows 10 reads LF too; CRLF is kinder to older editors
    sed -i 's/$/\r/' "$stage/README.txt"
    for f in 使用说明.md 数据格式说明.md; do
      [ -f "$stage/$f" ] && sed -i 's/$/\r/' "$stage/$f"
    done
  fi
  cp -r sample-data "$stage/sample-data"
}

archive() { # archive STAGE tar.gz|zip → prints the archive's path
  local stage=$1 kind=$2 name
  name=$(basename "$stage")
  rm -f "$DIST/$name.$kind"
  if [ "$kind" = tar.gz ]; then
    tar -C "$DIST" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$EPOCH" \
      -cf - "$name" | gzip -9n >"$DIST/$name.tar.gz"
  else
    # Python's zipfile marks non-ASCII names as UTF-8 (flag bit 11), which Windows 10's
    # Explorer, 7-Zip, Bandizip and WinRAR read; no zip package needed.
    python3 - "$DIST" "$name" "$EPOCH" <<'PY'
import os, sys, time, zipfile
dist, name, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])
stamp = time.gmtime(epoch)[:6]
with zipfile.ZipFile(os.path.join(dist, name + ".zip"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for top, dirs, files in os.walk(os.path.join(dist, name)):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(top, f)
            info = zipfile.ZipInfo(os.path.relpath(path, dist).replace(os.sep, "/"), stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if os.access(path, os.X_OK) else 0o644) << 16
            with open(path, "rb") as fh:
                z.writestr(info, fh.read(), compresslevel=9)
PY
  fi
  echo "$DIST/$name.$kind"
}

linux() {
  local t0 stage out
  t0=$(now)
  build_linux "$PROFILE"
  local bin_size
  bin_size=$(size "$LINUX_BIN")
  say "run the portable binary on sample-data"
  mkdir -p "$CHECK"
  rm -rf "$CHECK/linux-report"
  "$LINUX_BIN" build sample-data -o "$CHECK/linux-report" --quiet
  cp "$CHECK/linux-report/summary.json" "$CHECK/summary-linux.json"
  "$LINUX_BIN" --help | grep -q '用法' || die "the binary's --help is not in Chinese"

  stage=$DIST/gridreport-$VERSION-$LINUX_TARGET
  rm -rf "$stage"
  mkdir -p "$stage"
  cp "$LINUX_BIN" "$stage/gridreport"
  stage_common "$stage" lf
  out=$(archive "$stage" tar.gz)
  echo "linux: binary $(mib "$bin_size") ($bin_size bytes), archive $out $(mib "$(size "$out")"), total $(took "$t0")"
}

check_linux() { # CI: no optimization, nothing packaged; only the link against glibc 2.17 matters
  local t0
  t0=$(now)
  build_linux dev --config 'profile.dev.opt-level=0' --config 'profile.dev.package."*".opt-level=0' \
    --config 'profile.dev.debug=false' --config 'profile.dev.package."*".debug=false'
  "$LINUX_BIN" --version
  echo "check-linux: ok, $(took "$t0")"
}

windows_tools() {
  # rustc-web/cargo-web 1.96 (Debian 12) with the standard library's source, built for
  # Windows by -Zbuild-std: rustup cannot fetch the Windows target here, and Debian's
  # libstd-rust-dev-windows is 1.63. ring and the shim need mingw's gcc.
  need_apt rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 \
    wine wine64 python3 locales
  # wine takes the Windows code page from the locale: zh_CN.UTF-8 makes it a Chinese Windows
  # (code page 936) for the 生成报告.bat test.
  if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
    say "locale-gen zh_CN.UTF-8 (for wine)"
    grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null ||
      echo 'zh_CN.UTF-8 UTF-8' | ${SUDO:-} tee -a /etc/locale.gen >/dev/null
    ${SUDO:-} locale-gen >/dev/null
  fi
  /usr/bin/rustc --version >&2
}

build_windows() {
  windows_tools
  say "cargo build --profile $PROFILE --target $WINDOWS_TARGET -Zbuild-std (Debian's rustc-web)"
  local t0
  t0=$(now)
  RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc \
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar \
    /usr/bin/cargo build --locked --profile "$PROFILE" --target "$WINDOWS_TARGET" \
    -Zbuild-std=std,panic_abort
  echo "windows build: $(took "$t0")" >&2
  WINDOWS_EXE=$TARGET_DIR/$WINDOWS_TARGET/$PROFILE/gridreport.exe
  [ -f "$WINDOWS_EXE" ] || die "no binary at $WINDOWS_EXE"
  # Only DLLs every Windows 10 has: no mingw runtime DLL (libgcc_s_seh-1, libwinpthread-1 …).
  local dlls
  dlls=$(x86_64-w64-mingw32-objdump -p "$WINDOWS_EXE" | sed -n 's/^\s*DLL Name: //p' | sort -u)
  echo "windows imports: $(echo "$dlls" | paste -sd' ')" >&2
  if echo "$dlls" | grep -qi '^lib'; then die "the .exe needs a mingw DLL: $dlls"; fi
}

# A throw-away wine prefix with the ProcessPrng shim (scripts/wine-shim): wine 8 has no
# bcryptprimitives.dll; Windows 10 and 11 do. The shim never goes into an archive.
wine_prefix() {
  export WINEPREFIX=$CHECK/wine WINEDEBUG=-all WINEARCH=win64
  # No Mono or Gecko installer dialogs (they would try to download).
  export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    say "wineboot (new prefix $WINEPREFIX)"
    wineboot -i >/dev/null 2>&1 || true
    wineserver -w || true
  fi
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    scripts/wine-shim/bcryptprimitives.c scripts/wine-shim/bcryptprimitives.def -ladvapi32
}

windows() {
  local t0 stage out
  t0=$(now)
  build_windows
  local exe_size
  exe_size=$(size "$WINDOWS_EXE")

  stage=$DIST/gridreport-$VERSION-$WINDOWS_TARGET
  rm -rf "$stage"
  mkdir -p "$stage"
  cp "$WINDOWS_EXE" "$stage/gridreport.exe"
  stage_common "$stage" crlf
  # GBK (code page 936) and CRLF: what cmd.exe reads on Chinese Windows (docs/distribution.md).
  iconv -f UTF-8 -t GBK scripts/dist/make-report.bat | sed 's/$/\r/' >"$stage/生成报告.bat"

  say "run gridreport.exe under wine on sample-data"
  mkdir -p "$CHECK"
  wine_prefix
  local run=$CHECK/windows-run
  rm -rf "$run"
  cp -r "$stage" "$run"
  (cd "$run" && wine gridreport.exe build sample-data -o report --quiet) ||
    die "gridreport.exe build sample-data under wine failed (exit $?)"
  cp "$run/report/summary.json" "$CHECK/summary-windows.json"
  if [ -f "$CHECK/summary-linux.json" ]; then
    cmp "$CHECK/summary-linux.json" "$CHECK/summary-windows.json" ||
      die "summary.json differs between the Linux and the Windows binary"
    echo "summary.json: the Windows binary's is byte-identical to the Linux binary's" >&2
  else
    warn "no $CHECK/summary-linux.json to compare with (run scripts/dist.sh linux first, or all)"
  fi
  (cd "$run" && wine gridreport.exe --help) | grep -q '用法' || die "gridreport.exe --help is not in Chinese"

  say "double-click path: wine cmd /c 生成报告.bat on a Chinese Windows (unattended: no browser, no pause)"
  rm -rf "$run/report"
  # Its own lines come out in GBK, gridreport.exe's in UTF-8 (stdout is a file here, not a
  # console); shown as GBK, so the .exe's lines look garbled in this log only.
  (cd "$run" && GRIDREPORT_UNATTENDED=1 LC_ALL=zh_CN.UTF-8 wine cmd /c 生成报告.bat) >"$CHECK/bat.out" 2>&1 ||
    { cat "$CHECK/bat.out" >&2; die "生成报告.bat failed under wine"; }
  iconv -c -f GBK -t UTF-8 "$CHECK/bat.out" | sed 's/^/  bat| /' >&2 || true
  [ -f "$run/汇总报告/index.html" ] || die "生成报告.bat wrote no 汇总报告/index.html"
  iconv -c -f GBK -t UTF-8 "$CHECK/bat.out" | grep -q '正在汇总' || die "生成报告.bat: its Chinese lines were not read as GBK"
  wineserver -k 2>/dev/null || true

  out=$(archive "$stage" zip)
  echo "windows: binary $(mib "$exe_size") ($exe_size bytes), archive $out $(mib "$(size "$out")"), total $(took "$t0")"
}

for w in "${what[@]}"; do
  case "$w" in
    linux) linux ;;
    windows) windows ;;
    all) linux; windows ;;
    check-linux) check_linux ;;
  esac
done
if compgen -G "$DIST/*.tar.gz" >/dev/null || compgen -G "$DIST/*.zip" >/dev/null; then
  (cd "$DIST" && sha256sum -- *.tar.gz *.zip 2>/dev/null >SHA256SUMS) || true
fi
