#!/usr/bin/env bash
# Run a local Chroma server for the assistant's index (loopback only), then point the assistant at it:
#   scripts/chroma-server.sh [PORT] [DATA_DIR]          # defaults: 8000, var/chroma
#   ASSISTANT_CHROMA_URL=http://127.0.0.1:8000 .venv/bin/assistant index
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-8000}"
DATA="${2:-var/chroma}"
CHROMA="${CHROMA_BIN:-.venv/bin/chroma}"   # CHROMA_BIN: another environment's chroma command
[ -x "$CHROMA" ] || { echo "error: $CHROMA not found; run 'make install' first (or set CHROMA_BIN)" >&2; exit 1; }
mkdir -p "$DATA"
export ANONYMIZED_TELEMETRY=False
echo "Chroma on http://127.0.0.1:$PORT (data in $DATA); set ASSISTANT_CHROMA_URL=http://127.0.0.1:$PORT" >&2
exec "$CHROMA" run --host 127.0.0.1 --port "$PORT" --path "$DATA"
