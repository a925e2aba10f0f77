#!/usr/bin/env bash
# Copies the Bootstrap Italia dist files the portal uses from npm into wwwroot/lib.
# The copied files are committed, so running the portal needs neither Node nor npm;
# run this script again only when package.json changes the version.
set -euo pipefail
web="$(cd "$(dirname "$0")/../src/Conciliazione.Web" && pwd)"
cd "$web"
npm ci --no-audit --no-fund
src=node_modules/bootstrap-italia/dist
dst=wwwroot/lib/bootstrap-italia
rm -rf "$dst"
mkdir -p "$dst/css" "$dst/js" "$dst/svg" "$dst/fonts"
cp "$src/css/bootstrap-italia.min.css" "$dst/css/"
cp "$src/js/bootstrap-italia.bundle.min.js" "$dst/js/"
cp "$src/svg/sprites.svg" "$dst/svg/"
for family in Titillium_Web Lora Roboto_Mono; do
  mkdir -p "$dst/fonts/$family"
  cp "$src/fonts/$family/"*.woff2 "$dst/fonts/$family/"
  cp "$src/fonts/$family/"*.txt "$dst/fonts/$family/" 2>/dev/null || true
done
cp node_modules/bootstrap-italia/LICENSE "$dst/LICENSE" 2>/dev/null || true
echo "Bootstrap Italia $(node -p "require('./node_modules/bootstrap-italia/package.json').version") copied to $dst"
