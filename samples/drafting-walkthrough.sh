#!/usr/bin/env bash
# The drafting flow, end to end, against a running service:
#   the administrator sets up organisations, participants and the founding agreement;
#   a facilitator adds members and sets the decision rules;
#   a member proposes an amendment, the community discusses it, the author revises it;
#   everyone can read the preview, the revisions and the activity.
#
# Usage: ADMIN_TOKEN=<the administrator token> samples/drafting-walkthrough.sh [base-url]
# (start the service first: dotnet run --project src/AgreementService; it prints the token at first start)
set -euo pipefail
base=${1:-http://localhost:5000}
admin=${ADMIN_TOKEN:?set ADMIN_TOKEN to the administrator token}
here=$(dirname "$0")
run=$(date +%s)

call() { # method path token [json]
  local out; out=$(curl -sS -X "$1" "$base$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+-d "$4"} -w '\n%{http_code}')
  local code=${out##*$'\n'} body=${out%$'\n'*}
  if [ "${code:0:1}" != 2 ]; then echo "$1 $2 → $code $body" >&2; exit 1; fi
  printf '%s' "$body"
}
say() { printf '\n== %s\n' "$*"; }

say "Organisations and participants"
errc=$(call POST /organisations "$admin" "{\"name\":\"European Roma Rights Centre $run\"}" | jq -r .id)
dff=$(call POST /organisations "$admin" "{\"name\":\"Digital Freedom Fund $run\"}" | jq -r .id)
person() { # name email org → "id token"
  local id; id=$(call POST /participants "$admin" "{\"name\":\"$1\",\"email\":\"$run.$2\",\"organisationId\":\"$3\"}" | jq -r .id)
  echo "$id $(call POST "/participants/$id/tokens" "$admin" | jq -r .token)"
}
read -r fatima fatima_token <<<"$(person 'Fatima Diallo' fatima@errc.example "$errc")"
read -r ben ben_token <<<"$(person 'Ben Okafor' ben@dff.example "$dff")"
read -r olga olga_token <<<"$(person 'Olga Nowak' olga@dff.example "$dff")"
echo "Fatima (facilitator), Ben (member), Olga (observer)"

say "The founding Community Agreement (version 1), with Fatima as its first facilitator"
agreement=$(jq --arg slug "community-agreement-$run" --arg f "$fatima" '.slug = $slug | .facilitatorId = $f' "$here/community-agreement.json" |
  call POST /agreements "$admin" "$(cat)" | jq -r .id)
call GET "/agreements/$agreement" "$fatima_token" | jq -r '.clauses[] | "\(.number) \(.heading // "")"'

say "Fatima adds Ben as a member and Olga as an observer, and sets the decision rules"
call PUT "/agreements/$agreement/members/$ben" "$fatima_token" '{"role":"member"}' >/dev/null
call PUT "/agreements/$agreement/members/$olga" "$fatima_token" '{"role":"observer"}' >/dev/null
call PUT "/agreements/$agreement/decision-rules" "$fatima_token" \
  '{"method":"consent","threshold":0.6667,"quorum":0.5,"votingUnit":"organisation","blocksToFail":1,"minDiscussionHours":72,"defaultVotingHours":168,"closeWhenAllVoted":true}' |
  jq -c .

say "Ben proposes an amendment: reword 4.3 and add a clause after it"
text=$(call GET "/agreements/$agreement" "$ben_token")
participation=$(jq -r '.clauses[3].id' <<<"$text")
papers=$(jq -r '.clauses[3].clauses[2].id' <<<"$text")
proposal=$(call POST "/agreements/$agreement/proposals" "$ben_token" "$(jq -n --arg p "$participation" --arg c "$papers" '{
  title: "Papers in good time, in plain language",
  rationale: "Several members consult their boards before decisions; seven days is too short for them, and legal jargon shuts people out.",
  baseVersion: 1,
  changes: [
    {op: "amend", clauseId: $c, text: "Papers for decisions are shared at least ten days before a meeting, so that members can consult within their organisations."},
    {op: "add", parentId: $p, afterId: $c, text: "Papers are written in plain language, with a short summary for members who do not work in the language of the paper."}
  ]}')" | jq -r .id)
echo "proposal $proposal"

say "Olga comments on the amended clause, quoting it; Ben replies"
comment=$(call POST "/proposals/$proposal/comments" "$olga_token" "$(jq -n --arg c "$papers" '{body: "Ten days will not always be possible for urgent decisions.", clauseId: $c, quote: "ten days"}')" | jq -r .id)
call POST "/proposals/$proposal/comments" "$ben_token" "$(jq -n --arg r "$comment" '{body: "Good point: I will allow an exception for urgent matters.", replyTo: $r}')" >/dev/null
call GET "/proposals/$proposal/comments" "$fatima_token" | jq -r '.items[] | "\(.author.name): \(.body)", (.replies[] | "  ↳ \(.author.name): \(.body)")'

say "Ben revises the proposal"
call POST "/proposals/$proposal/revisions" "$ben_token" "$(jq -n --arg p "$participation" --arg c "$papers" '{
  baseVersion: 1, note: "Exception for urgent matters, as Olga suggested.",
  changes: [
    {op: "amend", clauseId: $c, text: "Papers for decisions are shared at least ten days before a meeting, or three days for matters the facilitators declare urgent."},
    {op: "add", parentId: $p, afterId: $c, text: "Papers are written in plain language, with a short summary for members who do not work in the language of the paper."}
  ]}')" | jq -c '{status, revision}'

say "The agreement as it would read (section 4)"
call GET "/proposals/$proposal/preview" "$olga_token" | jq -r '.clauses[3].clauses[] | "\(.number) \(.text)"'

say "Revisions kept"
call GET "/proposals/$proposal/revisions" "$olga_token" | jq -r '.[] | "revision \(.revision): \(.note // "as submitted")"'

say "Activity, newest first"
call GET "/agreements/$agreement/activity?pageSize=20" "$olga_token" | jq -r '.items[] | "\(.occurredAt[0:19]) \(.actor.name) \(.summary)"'
