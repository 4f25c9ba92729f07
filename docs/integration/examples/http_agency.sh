#!/usr/bin/env bash
# An agency on the HTTP API with curl: submit one message, wait for its delivery report, then pull the
# inbox (the hub's messages to this agency, its delivery reports among them) and acknowledge what was
# pulled once it is stored. Needs curl and jq.
# Usage: http_agency.sh HUB_URL AGENCY SECRET MESSAGE.json OUTPUT_DIR
#   e.g. http_agency.sh http://localhost:8080 omuta-shogai demo-omuta-shogai referral.json inbox/
set -euo pipefail
hub=$1 agency=$2 secret=$3 message=$4 out=$5
mkdir -p "$out"
id=$(jq -r .messageId "$message")

# 1. submit: 202 once the message is durably queued; a 4xx is application/problem+json with the reasons
curl -sS --fail-with-body -u "$agency:$secret" -H 'Content-Type: application/json' \
     --data-binary @"$message" "$hub/api/v1/messages"
echo

# 2. the delivery report: 404 NO_OUTCOME_YET while the hub is still working on it
for _ in $(seq 1 100); do
  status=$(curl -sS -u "$agency:$secret" -o "$out/report-$id.json" -w '%{http_code}' "$hub/api/v1/messages/$id")
  [[ $status == 200 ]] && break
  sleep 0.2
done
echo "report: $(cat "$out/report-$id.json")"

# 3. pull up to 10 messages, store them, then acknowledge exactly those (sender + messageId); what is not
#    acknowledged is offered again after the visibility timeout
curl -sS --fail-with-body -u "$agency:$secret" "$hub/api/v1/inbox?max=10" -o "$out/inbox.json"
keys=$(jq -c '[.messages[] | {sender, messageId}]' "$out/inbox.json")
curl -sS --fail-with-body -u "$agency:$secret" -H 'Content-Type: application/json' \
     --data "{\"messages\": $keys}" "$hub/api/v1/inbox/ack"
echo
