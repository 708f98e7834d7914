#!/usr/bin/env bash
# Read-path load figures: wrk against the dev host (Release, fresh data) for product GET, category tree, category
# listing, search, cart GET and order GET, each paired in the same run with a bare Kestrel endpoint serving the same
# JSON (`Commerce.Benchmarks read-paths-bare`). Prints req/s, p50/p99 and the ratio dev host / bare.
#   tests/Commerce.Benchmarks/wrk/run.sh [duration=10s] [connections=32] [threads=2]
set -euo pipefail
duration=${1:-10s}; connections=${2:-32}; threads=${3:-2}
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d /tmp/commerce-wrk.XXXXXX)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  dotnet build "$root/tests/Commerce.Benchmarks" -c Release -v q -nologo >/dev/null
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
devhost_port=$(free_port); bare_port=$(free_port)
dev="http://127.0.0.1:$devhost_port"; bare="http://127.0.0.1:$bare_port"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

(cd "$root/functions/Commerce.DevHost/bin/Release/net10.0" && DevHost__DataPath="$work/devhost" Catalog__Demo__Products=${PRODUCTS:-2000} \
  exec dotnet Commerce.DevHost.dll --urls "$dev" >"$work/devhost.log" 2>&1) &
pids+=($!)

wait_for() { for _ in $(seq 1 240); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "timed out waiting for $1" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
wait_for "$dev/api/catalog/health"
wait_for "$dev/api/products/demo-000100"

# Seed: stock one SKU through the warehouse queue path, a cart holding it, and an order that stands.
sku=$(curl -fs "$dev/api/products/demo-000100" | json 'd["variants"][0]["sku"]')
for wh in wh-east wh-central wh-west; do
  msg=$(printf '{"warehouseId":"%s","sku":"%s","onHand":1000,"sequence":1}' "$wh" "$sku")
  curl -fs -X POST "$dev/admin/functions/StockLevelReceived" -H 'x-functions-key: local-admin-key' -H 'content-type: application/json' \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"input": sys.argv[1]}))' "$msg")" >/dev/null
done
wait_for "$dev/api/inventory/$sku?code=local-admin-key"
new_cart() {
  local headers="$work/h.$RANDOM" body
  body=$(curl -fs -D "$headers" -X POST "$dev/api/carts" -H 'content-type: application/json' -d '{"currency":"USD"}')
  local id token etag
  id=$(echo "$body" | json 'd["cartId"]'); token=$(echo "$body" | json 'd["cartToken"]')
  etag=$(grep -i '^etag:' "$headers" | cut -d' ' -f2- | tr -d '\r')
  curl -fs -X POST "$dev/api/carts/$id/items" -H "X-Cart-Token: $token" -H "If-Match: $etag" -H 'content-type: application/json' \
    -d "{\"sku\":\"$sku\",\"quantity\":2}" >/dev/null
  echo "$id $token"
}
read -r order_cart order_token < <(new_cart)
order=$(curl -fs -X POST "$dev/api/checkout" -H "Idempotency-Key: wrk-$RANDOM$RANDOM" -H 'content-type: application/json' \
  -d "{\"cartId\":\"$order_cart\",\"cartToken\":\"$order_token\",\"email\":\"wrk@example.com\",\"paymentToken\":\"tok_approve\",\"shippingAddress\":{\"name\":\"W Rk\",\"line1\":\"1 Main St\",\"city\":\"Springfield\",\"region\":\"IL\",\"postalCode\":\"62701\",\"country\":\"US\"}}" \
  | json 'd["orderId"]')
for _ in $(seq 1 120); do
  status=$(curl -fs "$dev/api/orders/$order" | json 'd["status"]')
  [[ "$status" == fulfilling || "$status" == failed ]] && break; sleep 0.5
done
[[ "$status" == fulfilling ]] || { echo "seed order $order ended $status" >&2; exit 1; }
read -r cart cart_token < <(new_cart)

# name|path|extra header
paths=(
  "product GET|/api/products/demo-000100|"
  "category tree|/api/categories|"
  "category listing|/api/products?category=women-jeans&pageSize=24|"
  "search|/api/search?q=denim%20jeans&pageSize=24|"
  "cart GET|/api/carts/$cart|X-Cart-Token: $cart_token"
  "order GET|/api/orders/$order|"
)
: >"$work/manifest.tsv"
i=0
for entry in "${paths[@]}"; do
  IFS='|' read -r name path header <<<"$entry"
  i=$((i+1))
  curl -fs ${header:+-H "$header"} "$dev$path" >"$work/$i.json"
  printf '%s\t%s\n' "$path" "$i.json" >>"$work/manifest.tsv"
done

dotnet "$root/tests/Commerce.Benchmarks/bin/Release/net10.0/Commerce.Benchmarks.dll" read-paths-bare "$bare" "$work/manifest.tsv" >"$work/bare.log" 2>&1 &
pids+=($!)
wait_for "$bare/api/categories"

# wrk → "req/s p50ms p99ms"
measure() {
  local url=$1 header=$2 out
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency ${header:+-H "$header"} "$url")
  echo "$out" | awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.2f %.2f %s\n", rps, p50, p99, (bad == "" ? 0 : bad) }'
}

echo
echo "wrk -t$threads -c$connections -d$duration --latency; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
printf '| %-16s | %10s | %8s | %8s | %10s | %8s | %8s | %7s | %s\n' "path" "dev req/s" "p50 ms" "p99 ms" "bare req/s" "p50 ms" "p99 ms" "ratio" "non-2xx"
printf '|%s|\n' "------------------|-----------:|---------:|---------:|-----------:|---------:|---------:|--------:|--------"
for entry in "${paths[@]}"; do
  IFS='|' read -r name path header <<<"$entry"
  read -r drps dp50 dp99 dbad < <(measure "$dev$path" "$header")
  read -r brps bp50 bp99 bbad < <(measure "$bare$path" "")
  ratio=$(python3 -c "print(f'{$drps/$brps:.2f}' if $brps else 'n/a')")
  printf '| %-16s | %10s | %8s | %8s | %10s | %8s | %8s | %7s | %s\n' "$name" "$drps" "$dp50" "$dp99" "$brps" "$bp50" "$bp99" "$ratio" "$dbad/$bbad"
done
