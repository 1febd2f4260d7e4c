#!/bin/sh
# `gridreport sample` writes the two .xls rosters as xlsx under their .xls names (no Rust
# crate writes .xls; gridreport reads a file by its content). This turns every such file
# (a .xls that is really a zip) into a real .xls with LibreOffice:
#   apt-get install -y --no-install-recommends libreoffice-calc
# Usage: scripts/make-sample-xls.sh [DIR]   (default sample-data)
set -eu
dir=${1:-sample-data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$dir" -name '*.xls' | sort | while IFS= read -r f; do
    [ "$(head -c 2 "$f")" = "PK" ] || continue      # already a real .xls
    base=$(basename "$f" .xls)
    cp "$f" "$tmp/$base.xlsx"
    soffice --headless --calc --convert-to xls --outdir "$tmp" "$tmp/$base.xlsx" >/dev/null
    mv "$tmp/$base.xls" "$f"
    rm "$tmp/$base.xlsx"
    echo "$f"
done
