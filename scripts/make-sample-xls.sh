#!/bin/sh
# Turn the files `gridreport sample` writes as `X.xls.xlsx` into `X.xls` (no Rust crate
# writes .xls). Needs LibreOffice:
#   apt-get install -y --no-install-recommends libreoffice-calc
# Usage: scripts/make-sample-xls.sh [DIR]   (default sample-data)
set -eu
dir=${1:-sample-data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$dir" -name '*.xls.xlsx' | sort | while IFS= read -r f; do
    soffice --headless --calc --convert-to xls --outdir "$tmp" "$f" >/dev/null
    base=$(basename "$f" .xlsx)            # X.xls
    mv "$tmp/$(basename "$f" .xlsx).xls" "$(dirname "$f")/$base"
    rm "$f"
    echo "$(dirname "$f")/$base"
done
