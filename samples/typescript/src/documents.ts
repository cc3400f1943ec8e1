// The documents a partner downloads (a version as PDF, Word or Akoma Ntoso; a proposal as Word tracked changes, a marked
// PDF or an Akoma Ntoso amendment): asked for by Accept through the same typed client, read with openapi-fetch's
// `parseAs` ("arrayBuffer" for PDF and Word, "text" for Akoma Ntoso), and kept under the name Content-Disposition gives.
// Akoma Ntoso is read with a DOM (@xmldom/xmldom), as any XML.
import { ok, UnexpectedAnswer, type Answer } from "./api.js";

export interface Download<Body> {
  body: Body;
  type: string;
  fileName: string;
}

/** A document: its body as `parseAs` read it, its media type and its file's name; any other answer stops the program. */
export async function download<Data>(step: string, call: Promise<Answer<Data>>): Promise<Download<NonNullable<Data>>> {
  const answer = await call;
  const body = await ok(step, Promise.resolve(answer));
  const disposition = answer.response.headers.get("Content-Disposition") ?? "";
  const fileName = attachmentName(disposition);
  if (fileName === undefined) {
    throw new UnexpectedAnswer(`${step}: Content-Disposition "${disposition}" names no file to save`);
  }

  return { body, type: answer.response.headers.get("Content-Type") ?? "", fileName };
}

/** The file name of `attachment; filename=…; filename*=UTF-8''…` (RFC 6266): the UTF-8 one when both are there. */
function attachmentName(disposition: string): string | undefined {
  if (!/^\s*attachment\s*(;|$)/i.test(disposition)) {
    return undefined;
  }

  const encoded = /;\s*filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(disposition)?.[1];
  if (encoded !== undefined) {
    return decodeURIComponent(encoded);
  }

  const plain = /;\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(disposition);
  return plain?.[1]?.replace(/\\(.)/g, "$1") ?? plain?.[2];
}

/** Whether the bytes are a PDF: every PDF file begins with "%PDF-" and its version. */
export function isPdf(bytes: ArrayBuffer): boolean {
  return new TextDecoder("latin1").decode(bytes.slice(0, 5)) === "%PDF-";
}
