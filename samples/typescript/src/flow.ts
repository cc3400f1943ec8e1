// The whole life of an amendment, driven through the typed client as a partner's program would drive it:
//   the administrator sets up organisations, participants and the founding agreement;
//   a facilitator adds members, sets the decision rules and registers a webhook;
//   a member proposes typed changes, the community discusses them, the author revises;
//   the facilitator calls a vote, members vote, the facilitator closes it and version 2 is ratified;
//   everyone reads version 2, the diff, a clause's history, and partners read the public text (with its ETag)
//   and download it as a PDF and as Akoma Ntoso.
// Any answer other than the expected one stops it with a non-zero exit code.
//
//   AGREEMENTS_URL=http://localhost:5000 AGREEMENTS_ADMIN_TOKEN=… npm run flow
import { randomUUID } from "node:crypto";
import founding from "../../community-agreement.json" with { type: "json" };
import { clauseAt, clientFor, ok, refused, UnexpectedAnswer, type Client, type Schemas } from "./api.js";
import { DOMParser } from "@xmldom/xmldom";
import { download, isPdf } from "./documents.js";
import { Receiver } from "./receiver.js";

const baseUrl = process.env.AGREEMENTS_URL ?? "http://localhost:5000";
const adminToken = process.env.AGREEMENTS_ADMIN_TOKEN ?? "";
const run = Date.now().toString(36);

const say = (heading: string) => console.log(`\n== ${heading}`);
const show = (line: string) => console.log(`   ${line}`);

interface Participant {
  id: string;
  name: string;
  api: Client;
}

/** A change in words, naming clauses by their number in `text` (the version the proposal is written against). */
function describeChange(change: Schemas["Change"], text: Schemas["AgreementView"]): string {
  const numbers = new Map<string, string>();
  const index = (clauses: Schemas["NumberedClause"][]): void =>
    clauses.forEach((c) => {
      numbers.set(c.id, c.number);
      index(c.clauses);
    });
  index(text.clauses);
  const at = (id: string | null | undefined, none: string) => (id ? numbers.get(id) ?? "the new clause" : none);
  switch (change.op) {
    case "add":
      return `add after ${at(change.afterId, "the start")} under ${at(change.parentId, "the top level")}: "${change.text}"`;
    case "amend":
      return `amend ${at(change.clauseId, "")}: "${change.text ?? "(text kept)"}"`;
    case "move":
      return `move ${at(change.clauseId, "")} under ${at(change.parentId, "the top level")}, after ${at(change.afterId, "the start")}`;
    case "remove":
      return `remove ${at(change.clauseId, "")}`;
  }
}

async function main(): Promise<void> {
  if (adminToken === "") {
    throw new UnexpectedAnswer("Set AGREEMENTS_ADMIN_TOKEN to the administrator's token (the service prints it at its first start).");
  }

  const anonymous = clientFor(baseUrl);
  const admin = clientFor(baseUrl, adminToken);

  say(`The service at ${baseUrl}`);
  const ready = await anonymous.GET("/health/ready");
  if (ready.error !== undefined) {
    throw new UnexpectedAnswer(`The service is not ready: ${JSON.stringify(ready.error)}`);
  }
  show(`ready: ${ready.data.status}`);
  const me = await ok("GET /me", admin.GET("/me"));
  if (!me.administrator) {
    throw new UnexpectedAnswer("AGREEMENTS_ADMIN_TOKEN is a participant's token, not the administrator's.");
  }
  show("signed in as the administrator");

  say("Organisations and participants, each with a personal token");
  const errc = await ok("create an organisation", admin.POST("/organisations", { body: { name: `European Roma Rights Centre ${run}` } }));
  const dff = await ok("create an organisation", admin.POST("/organisations", { body: { name: `Digital Freedom Fund ${run}` } }));
  const participant = async (name: string, email: string, organisation: Schemas["OrganisationView"]): Promise<Participant> => {
    const registered = await ok(`register ${name}`, admin.POST("/participants", { body: { name, email: `${run}.${email}`, organisationId: organisation.id } }));
    const issued = await ok(`issue ${name} a token`, admin.POST("/participants/{id}/tokens", { params: { path: { id: registered.id } } }));
    show(`${name} (${organisation.name})`);
    return { id: registered.id, name: registered.name, api: clientFor(baseUrl, issued.token) };
  };
  const fatima = await participant("Fatima Diallo", "fatima@errc.example", errc);
  const amara = await participant("Amara Haddad", "amara@errc.example", errc);
  const ben = await participant("Ben Okafor", "ben@dff.example", dff);
  const olga = await participant("Olga Nowak", "olga@dff.example", dff);

  say("The founding Community Agreement (version 1), with Fatima as its first facilitator");
  const slug = `community-agreement-${run}`;
  const created = await ok("create the agreement", admin.POST("/agreements", {
    body: { slug, title: founding.title, visibility: "public", clauses: founding.clauses, facilitatorId: fatima.id },
  }));
  const agreement = { path: { id: created.id } };
  show(`${created.title}, version ${created.version}: ${created.clauses.map((c) => `${c.number} ${c.heading ?? ""}`).join(" · ")}`);

  say("Fatima adds the members and an observer, and sets the decision rules");
  const roles: [Participant, Schemas["AgreementRole"]][] = [[ben, "member"], [amara, "member"], [olga, "observer"]];
  for (const [person, role] of roles) {
    await ok(`make ${person.name} ${role}`, fatima.api.PUT("/agreements/{id}/members/{participantId}", {
      params: { path: { id: created.id, participantId: person.id } }, body: { role },
    }));
  }
  const members = await ok("list the members", fatima.api.GET("/agreements/{id}/members", { params: agreement }));
  members.items.forEach((m) => show(`${m.role.padEnd(11)} ${m.name}`));
  const rules = await ok("set the decision rules", fatima.api.PUT("/agreements/{id}/decision-rules", {
    params: agreement,
    body: {
      method: "consent", threshold: 0.6667, quorum: 0.5, votingUnit: "organisation", blocksToFail: 1,
      minDiscussionHours: 0, defaultVotingHours: 168, closeWhenAllVoted: false,
    },
  }));
  show(`${rules.method} by ${rules.votingUnit}, quorum ${rules.quorum}, ${rules.blocksToFail} block fails a proposal`);

  say("Fatima registers a webhook for new versions (a partner's receiver, which checks each signature)");
  const receiver = await Receiver.start();
  const registration = await fatima.api.POST("/agreements/{id}/webhooks", { params: agreement, body: { url: receiver.url } });
  let webhook: { receiver: Receiver; hook: Schemas["WebhookRegistered"] } | undefined;
  if (registration.error === undefined) {
    receiver.trust(registration.data.secret);
    webhook = { receiver, hook: registration.data };
    show(`${registration.data.url}, secret shown once`);
  } else if (registration.response.status === 422) {
    // A deployed service posts only to public addresses; a development one may be told to allow this machine's.
    show(`refused: ${registration.error.detail}`);
    show("(start the service with Agreements__Webhooks__AllowPrivateAddresses=true to see one delivered here)");
    await receiver.close();
  } else {
    throw new UnexpectedAnswer(`register a webhook: ${registration.response.status} ${registration.error.title}: ${registration.error.detail}`);
  }

  say("Ben proposes an amendment: five typed changes");
  const text = await ok("read the agreement", ben.api.GET("/agreements/{id}", { params: agreement }));
  const participation = clauseAt(text.clauses, "4");
  const papers = clauseAt(text.clauses, "4.3");
  const decisions = clauseAt(text.clauses, "5");
  const record = clauseAt(text.clauses, "5.5");
  const conduct = clauseAt(text.clauses, "6.3");
  const hiding = clauseAt(text.clauses, "6.4");
  const review = clauseAt(text.clauses, "7.2");
  const plainLanguage = randomUUID(); // chosen by the client, so that later changes could refer to the new clause
  const changes = (papersText: string): Schemas["Change"][] => [
    { op: "amend", clauseId: papers.id, text: papersText },
    {
      op: "add", clauseId: plainLanguage, parentId: participation.id, afterId: papers.id,
      text: "Papers are written in plain language, with a short summary for members who do not work in the language of the paper.",
    },
    { op: "move", clauseId: review.id, parentId: decisions.id, afterId: record.id },
    { op: "amend", clauseId: conduct.id, text: `${conduct.text} ${hiding.text}` },
    { op: "remove", clauseId: hiding.id },
  ];
  const proposal = { title: "Papers in good time and in plain language", rationale: "Several members consult their boards before decisions; seven days is too short for them, and legal jargon shuts people out. The yearly review is a decision, and conduct belongs in one clause.", baseVersion: 1 };

  const notAllowed = await refused("an observer proposes", olga.api.POST("/agreements/{id}/proposals", {
    params: agreement, body: { ...proposal, changes: changes("Anything.") },
  }), 403);
  show(`Olga, an observer, may not propose: ${notAllowed.status} ${notAllowed.title}: ${notAllowed.detail}`);
  const nowhere = randomUUID();
  const unknownClause = await refused("a change to a clause that does not exist", ben.api.POST("/agreements/{id}/proposals", {
    params: agreement, body: { ...proposal, changes: [{ op: "amend", clauseId: nowhere, text: "Anything." }] },
  }), 422);
  if (unknownClause.change !== 0 || unknownClause.clauseId !== nowhere) {
    throw new UnexpectedAnswer(`The 422 names change ${unknownClause.change} and clause ${unknownClause.clauseId}, not change 0 and ${nowhere}.`);
  }
  show(`a change to a clause that does not exist: ${unknownClause.status} naming change ${unknownClause.change}: ${unknownClause.detail}`);

  const submitted = await ok("submit the proposal", ben.api.POST("/agreements/{id}/proposals", {
    params: agreement,
    body: { ...proposal, changes: changes("Papers for decisions are shared at least ten days before a meeting, so that members can consult within their organisations.") },
  }));
  const proposalPath = { path: { id: submitted.id } };
  show(`"${submitted.title}" by ${submitted.author.name}: ${submitted.status}, revision ${submitted.revision}`);
  submitted.changes.forEach((change, i) => show(`${i + 1}. ${describeChange(change, text)}`));

  say("Olga comments on the amended clause, quoting it; Ben replies");
  const comment = await ok("comment", olga.api.POST("/proposals/{id}/comments", {
    params: proposalPath, body: { body: "Ten days will not always be possible for urgent decisions.", clauseId: papers.id, quote: "ten days" },
  }));
  await ok("reply", ben.api.POST("/proposals/{id}/comments", {
    params: proposalPath, body: { body: "Good point: I will allow an exception for urgent matters.", replyTo: comment.id },
  }));
  const discussion = await ok("read the discussion", fatima.api.GET("/proposals/{id}/comments", { params: proposalPath }));
  const thread = (comments: Schemas["CommentView"][], depth: number): void =>
    comments.forEach((c) => {
      show(`${"  ↳ ".repeat(depth)}${c.author.name}: ${c.body ?? "(hidden)"}`);
      thread(c.replies, depth + 1);
    });
  thread(discussion.items, 0);

  say("Ben revises the proposal");
  const revised = await ok("revise", ben.api.POST("/proposals/{id}/revisions", {
    params: proposalPath,
    body: {
      baseVersion: 1, note: "An exception for urgent matters, as Olga suggested.",
      changes: changes("Papers for decisions are shared at least ten days before a meeting, or three days for matters the facilitators declare urgent."),
    },
  }));
  const revisions = await ok("list the revisions", olga.api.GET("/proposals/{id}/revisions", { params: proposalPath }));
  show(`now at revision ${revised.revision}; ${revisions.map((r) => `${r.revision}: ${r.note ?? "as submitted"}`).join("; ")}`);
  const preview = await ok("preview", olga.api.GET("/proposals/{id}/preview", { params: proposalPath }));
  clauseAt(preview.clauses, "4").clauses.forEach((c) => show(`${c.number} ${c.text}`));

  say("Fatima calls the vote; the members vote");
  const called = await ok("call the vote", fatima.api.POST("/proposals/{id}/votes", {
    params: proposalPath, body: { closesAt: new Date(Date.now() + 60 * 60 * 1000).toISOString() },
  }));
  const vote = { path: { id: called.id } };
  show(`open until ${called.closesAt}; ${called.electorate.length} voters in the electorate`);
  const ballots: [Participant, Schemas["Choice"], string?][] = [
    [ben, "agree"],
    [amara, "object", "Three days is too short for anything."],
    [fatima, "agree"], // Fatima's later ballot speaks for their organisation, the ERRC
  ];
  for (const [voter, choice, reason] of ballots) {
    const ballot = await ok(`${voter.name} votes`, voter.api.PUT("/votes/{id}/ballot", { params: vote, body: { choice, reason } }));
    show(`${ballot.voter.name}: ${ballot.choice}${ballot.reason ? ` (${ballot.reason})` : ""}`);
  }
  const tally = await ok("close the vote", fatima.api.POST("/votes/{id}/close", { params: vote }));
  show(`closed by Fatima: ${tally.explanation}`);
  const closed = await ok("read the vote", olga.api.GET("/votes/{id}", { params: vote }));
  closed.ballots.forEach((b) => show(`${b.voter.name}: ${b.choice}${b.counts ? "" : " (does not count: a colleague's later ballot speaks for the organisation)"}`));
  const ratified = await ok("read the proposal", olga.api.GET("/proposals/{id}", { params: proposalPath }));
  if (tally.outcome !== "passed" || ratified.status !== "ratified" || ratified.ratifiedAs !== 2) {
    throw new UnexpectedAnswer(`The vote ${tally.outcome}; the proposal is ${ratified.status}, ratified as ${ratified.ratifiedAs ?? "nothing"}.`);
  }
  show(`the proposal is ${ratified.status} as version ${ratified.ratifiedAs}`);

  say("Version 2, the diff from version 1, and the history of clause 4.3");
  const versions = await ok("list the versions", olga.api.GET("/agreements/{id}/versions", { params: agreement }));
  versions.items.forEach((v) => show(`version ${v.version}, ${v.ratifiedAt}: ${v.title}`));
  const second = await ok("read version 2", olga.api.GET("/agreements/{id}/versions/{number}", { params: { path: { id: created.id, number: 2 } } }));
  show(`version ${second.version}: section 5 has ${clauseAt(second.clauses, "5").clauses.length} clauses, section 6 has ${clauseAt(second.clauses, "6").clauses.length}`);
  const diff = await ok("diff 1 → 2", olga.api.GET("/agreements/{id}/diff", { params: { path: { id: created.id }, query: { from: 1, to: 2 } } }));
  diff.clauses.forEach((c) => show(`${(c.fromNumber ?? "·").padEnd(4)} → ${(c.toNumber ?? "·").padEnd(4)} ${c.changes.join(", ")}`));
  const history = await ok("the history of 4.3", olga.api.GET("/agreements/{id}/clauses/{clauseId}/history", {
    params: { path: { id: created.id, clauseId: papers.id } },
  }));
  history.forEach((h) => show(`version ${h.version} (${h.changes.join(", ")}): ${h.textAfter ?? "(removed)"}`));
  const activity = await ok("the activity", olga.api.GET("/agreements/{id}/activity", { params: { ...agreement, query: { pageSize: 5 } } }));
  activity.items.forEach((a) => show(`${a.occurredAt} ${a.actor.name}: ${a.summary}`));

  say("A partner site reads the public text, then revalidates its copy with the ETag");
  const published = await anonymous.GET("/public/agreements/{slug}", { params: { path: { slug } } });
  const etag = published.response.headers.get("ETag");
  if (published.error !== undefined || etag === null) {
    throw new UnexpectedAnswer(`GET /public/agreements/${slug}: ${published.response.status}, ETag ${etag ?? "missing"}`);
  }
  show(`${published.data.title}, version ${published.data.version}, ETag ${etag}, Cache-Control ${published.response.headers.get("Cache-Control") ?? "none"}`);
  const revalidated = await anonymous.GET("/public/agreements/{slug}", { params: { path: { slug }, header: { "If-None-Match": etag } } });
  if (revalidated.response.status !== 304) {
    throw new UnexpectedAnswer(`If-None-Match ${etag}: expected 304, got ${revalidated.response.status}`);
  }
  show("If-None-Match: 304 Not Modified, the copy held is current");

  say("The partner site offers the current version to download: a PDF to print, and Akoma Ntoso for legal tools");
  const current = { params: { path: { slug } } };
  const pdf = await download("the public text as a PDF", anonymous.GET("/public/agreements/{slug}", {
    ...current, headers: { Accept: "application/pdf" }, parseAs: "arrayBuffer",
  }));
  if (!isPdf(pdf.body) || !pdf.fileName.endsWith(".pdf")) {
    throw new UnexpectedAnswer(`Asked for a PDF, got ${pdf.body.byteLength} bytes of ${pdf.type} named ${pdf.fileName}.`);
  }
  show(`${pdf.fileName}: ${pdf.type}, ${pdf.body.byteLength} bytes`);
  const akn = await download("the public text as Akoma Ntoso", anonymous.GET("/public/agreements/{slug}", {
    ...current, headers: { Accept: "application/akn+xml" }, parseAs: "text",
  }));
  const akomaNtoso = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
  const document = new DOMParser().parseFromString(akn.body, "application/xml"); // throws when the XML is not well-formed
  const act = document.getElementsByTagNameNS(akomaNtoso, "act")[0];
  const title = act?.getElementsByTagNameNS(akomaNtoso, "docTitle")[0]?.textContent;
  const number = act?.getElementsByTagNameNS(akomaNtoso, "docNumber")[0]?.textContent;
  if (document.documentElement?.localName !== "akomaNtoso" || title !== published.data.title || number !== `Version ${published.data.version}`) {
    throw new UnexpectedAnswer(`${akn.fileName} is not the Akoma Ntoso 3.0 act "${published.data.title}", version ${published.data.version}.`);
  }
  show(`${akn.fileName}: ${akn.type}, an Akoma Ntoso act "${title}", ${number}`);

  if (webhook !== undefined) {
    say("The webhook's delivery of version 2");
    const delivery = await webhook.receiver.next(30);
    show(`received ${delivery.event.type}, version ${delivery.event.data.version} (${delivery.event.data.changeCount} changes), signature checked`);
    const hook = { path: { id: created.id, hookId: webhook.hook.id } };
    const log = await ok("the delivery log", fatima.api.GET("/agreements/{id}/webhooks/{hookId}/deliveries", { params: hook }));
    log.items.forEach((d) => show(`${d.type} version ${d.version}: ${d.attempts.map((a) => a.status ?? a.error ?? "?").join(", ")}`));
    await webhook.receiver.close();
    if (delivery.event.data.version !== 2) {
      throw new UnexpectedAnswer(`The webhook delivered ${delivery.event.type} for version ${delivery.event.data.version}.`);
    }
  }

  say("Every answer was the one expected.");
}

main().catch((error: unknown) => {
  console.error(`\nFAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
