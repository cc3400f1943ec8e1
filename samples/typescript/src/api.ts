// The typed client: openapi-fetch over the types openapi-typescript generates from openapi/agreement-service.json
// (src/schema.d.ts, `npm run generate`). Nothing here is written by hand about the API but two small helpers that
// turn an answer into its data or its problem, as a partner's code would.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];

// Every body the service sends a client that reads JSON: representations as application/json, errors as
// application/problem+json. Naming both makes `data` the JSON schema alone where a route also offers text/html,
// text/markdown or text/x-diff (the public API, diffs), and `error` the Problem.
type Json = "application/json" | "application/problem+json";

export type Client = ReturnType<typeof createClient<paths, Json>>;

/** A client acting with `token` (a participant's, or the administrator's), or anonymously without one. */
export function clientFor(baseUrl: string, token?: string): Client {
  return createClient<paths, Json>({ baseUrl, headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });
}

/** What openapi-fetch answers: the data of a success, or the error body of a failure, and the response either way. */
export type Answer<Data> = { data: Data; error?: never; response: Response } | { data?: never; error: Problem; response: Response };

export class UnexpectedAnswer extends Error {
  override name = "UnexpectedAnswer";
}

/** The body of a successful answer; any other answer stops the program, saying what the problem was. */
export async function ok<Data>(step: string, call: Promise<Answer<Data>>): Promise<NonNullable<Data>> {
  const answer = await call;
  if (answer.error !== undefined) {
    throw new UnexpectedAnswer(`${step}: ${describe(answer.response, answer.error)}`);
  }

  // Data is inferred from both of openapi-fetch's variants, the failure's `data?: never` adding `undefined`:
  // a success without a body is an unexpected answer here, so the check is made rather than assumed.
  const data = answer.data;
  if (data === undefined || data === null) {
    throw new UnexpectedAnswer(`${step}: ${answer.response.status} without a body`);
  }

  return data;
}

/** The problem of an answer that must be a refusal with `status`; a success, or another refusal, stops the program. */
export async function refused<Data>(step: string, call: Promise<Answer<Data>>, status: number): Promise<Problem> {
  const answer = await call;
  if (answer.error === undefined) {
    throw new UnexpectedAnswer(`${step}: expected ${status}, but it was accepted (${answer.response.status})`);
  }

  const problem = answer.error;
  if (answer.response.status !== status || problem.status !== status || problem.type !== problemType(status)) {
    throw new UnexpectedAnswer(`${step}: expected ${status} ${problemType(status)}, got ${describe(answer.response, problem)} (type ${problem.type})`);
  }

  return problem;
}

/** The `type` of every problem with this status: its definition in the RFC that defines it (docs/api.md, Errors). */
export function problemType(status: number): string {
  const sections: Record<number, string> = {
    400: "rfc9110#section-15.5.1", 401: "rfc9110#section-15.5.2", 403: "rfc9110#section-15.5.4", 404: "rfc9110#section-15.5.5",
    406: "rfc9110#section-15.5.7", 409: "rfc9110#section-15.5.10", 413: "rfc9110#section-15.5.14", 415: "rfc9110#section-15.5.16",
    422: "rfc9110#section-15.5.21", 429: "rfc6585#section-4", 503: "rfc9110#section-15.6.4",
  };
  return `https://www.rfc-editor.org/rfc/${sections[status] ?? "rfc9110#section-15"}`;
}

function describe(response: Response, problem: Problem | string): string {
  // openapi-fetch hands back the body as text when it is not JSON (a proxy's error page, say), whatever the document says.
  if (typeof problem === "string") {
    return `${response.status} ${response.statusText} ${problem.slice(0, 200)}`.trim();
  }

  return `${response.status} ${problem.title}: ${problem.detail}` + (problem.errors ? ` ${JSON.stringify(problem.errors)}` : "");
}

/** The clause at `number` ("4", "4.3") in a text as readers see it. */
export function clauseAt(clauses: Schemas["NumberedClause"][], number: string): Schemas["NumberedClause"] {
  for (const clause of clauses) {
    if (clause.number === number) {
      return clause;
    }

    if (number.startsWith(`${clause.number}.`)) {
      return clauseAt(clause.clauses, number);
    }
  }

  throw new UnexpectedAnswer(`The text has no clause ${number}.`);
}
