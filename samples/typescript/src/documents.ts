// The documents a partner downloads (a version as PDF, Word or Akoma Ntoso; a proposal as Word tracked changes, a marked
// PDF or an Akoma Ntoso amendment): asked for by Accept through the same typed client, read with openapi-fetch's
// `parseAs` ("arrayBuffer" for PDF and Word, "text" for Akoma Ntoso), and kept under the name Content-Disposition gives.
// The sample adds no package for XML, so `readXml` below only checks that the text is well-formed and finds elements in
// it; a partner's program would use an XML library (a DOM, or fast-xml-parser) and the Akoma Ntoso schema.
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

export interface XmlElement {
  /** The local name, without a prefix. */
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  /** The text in it, its descendants' included, with character references decoded. */
  text: string;
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decode = (text: string, step: string): string =>
  text.replace(/&(?:#x([0-9a-f]+)|#([0-9]+)|(\w+));|&/gi, (whole, hex?: string, decimal?: string, name?: string) => {
    const code = hex !== undefined ? parseInt(hex, 16) : decimal !== undefined ? parseInt(decimal, 10) : undefined;
    const decoded = code !== undefined ? String.fromCodePoint(code) : name !== undefined ? entities[name] : undefined;
    if (decoded === undefined) {
      throw new UnexpectedAnswer(`${step}: "${whole}" is not a character reference XML knows`);
    }

    return decoded;
  });

/** The root element of an XML document, or the program stops when the text is not well-formed (tags that do not nest). */
export function readXml(step: string, xml: string): XmlElement {
  const token = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([\w.-]+:)?([\w.-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|</g;
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  for (const [whole, cdata, closing, , name, attributes, empty, text] of xml.matchAll(token)) {
    const parent = open.at(-1);
    if (cdata !== undefined || text !== undefined) {
      const decoded = cdata ?? decode(text ?? "", step);
      if (parent === undefined && decoded.trim() !== "") {
        throw new UnexpectedAnswer(`${step}: text outside the root element`);
      }

      open.forEach((element) => (element.text += decoded));
    } else if (name !== undefined && closing === "/") {
      if (parent?.name !== name) {
        throw new UnexpectedAnswer(`${step}: </${name}> closes <${parent?.name ?? "nothing"}>`);
      }

      open.pop();
    } else if (name !== undefined) {
      const element: XmlElement = { name, attributes: new Map(), children: [], text: "" };
      for (const [, key, double, single] of (attributes ?? "").matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        element.attributes.set(key ?? "", decode(double ?? single ?? "", step));
      }

      if (parent !== undefined) {
        parent.children.push(element);
      } else if (root === undefined) {
        root = element;
      } else {
        throw new UnexpectedAnswer(`${step}: a second root element <${name}>`);
      }

      if (empty !== "/") {
        open.push(element);
      }
    } else if (whole === "<") {
      throw new UnexpectedAnswer(`${step}: a "<" that begins no tag`);
    }
  }

  if (root === undefined || open.length > 0) {
    throw new UnexpectedAnswer(`${step}: ${root === undefined ? "no root element" : `<${open.at(-1)?.name}> is never closed`}`);
  }

  return root;
}

/** The first element named `name` in document order, `element` itself included. */
export function find(element: XmlElement, name: string): XmlElement | undefined {
  return element.name === name ? element : element.children.map((child) => find(child, name)).find((found) => found !== undefined);
}
