// A partner's webhook receiver: checks each delivery's Standard Webhooks signature (docs/api.md, Webhooks) before
// believing it, and answers 204 so that the service stops retrying.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { webhooks } from "./schema.js";

/** The event as the document's `webhooks` describe it. */
export type VersionRatified = webhooks["agreement.version.ratified"]["post"]["requestBody"]["content"]["application/json"];

export interface Delivery {
  id: string;
  event: VersionRatified;
}

/** A parsed body is the event the document describes once the fields a receiver relies on are there. */
function isVersionRatified(event: unknown): event is VersionRatified {
  return typeof event === "object" && event !== null && "type" in event && event.type === "agreement.version.ratified"
    && "data" in event && typeof event.data === "object" && event.data !== null
    && "version" in event.data && typeof event.data.version === "number"
    && "changeCount" in event.data && typeof event.data.changeCount === "number";
}

export class Receiver {
  private readonly waiting: ((delivery: Delivery) => void)[] = [];
  private readonly received: Delivery[] = [];
  private key: Buffer | undefined;

  private constructor(private readonly server: Server, readonly url: string) {}

  /** Listens on a free port of this machine's loopback address. */
  static async start(): Promise<Receiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address: AddressInfo | string | null = server.address();
    if (address === null || typeof address === "string") {
      throw new Error("The receiver is not listening on a port.");
    }

    const receiver = new Receiver(server, `http://127.0.0.1:${address.port}/agreements`);
    server.on("request", (request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const delivery = receiver.verify(request.headers, Buffer.concat(chunks).toString("utf8"));
        response.writeHead(delivery === undefined ? 400 : 204).end();
        if (delivery !== undefined) {
          receiver.received.push(delivery);
          receiver.waiting.splice(0).forEach((resolve) => resolve(delivery));
        }
      });
    });
    return receiver;
  }

  /** The secret the service signs with: a Standard Webhooks "whsec_…" secret keys the HMAC with its base64-decoded part. */
  trust(secret: string): void {
    this.key = secret.startsWith("whsec_") ? Buffer.from(secret.slice("whsec_".length), "base64") : Buffer.from(secret, "utf8");
  }

  /** The first delivery, once it has come (or the time is up). */
  next(seconds: number): Promise<Delivery> {
    const first = this.received[0];
    if (first !== undefined) {
      return Promise.resolve(first);
    }

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No webhook delivery within ${seconds} s.`)), seconds * 1000);
      this.waiting.push((delivery) => {
        clearTimeout(timer);
        resolve(delivery);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private verify(headers: Record<string, string | string[] | undefined>, body: string): Delivery | undefined {
    const id = headers["webhook-id"];
    const timestamp = headers["webhook-timestamp"];
    const signatures = headers["webhook-signature"];
    if (this.key === undefined || typeof id !== "string" || typeof timestamp !== "string" || typeof signatures !== "string") {
      return undefined;
    }

    const expected = Buffer.from(createHmac("sha256", this.key).update(`${id}.${timestamp}.${body}`).digest("base64"));
    const signed = signatures.split(" ").some((signature) => {
      const given = Buffer.from(signature.replace(/^v1,/, ""));
      return signature.startsWith("v1,") && given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!signed || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) {
      return undefined;
    }

    const event: unknown = JSON.parse(body);
    if (!isVersionRatified(event)) {
      return undefined;
    }

    return { id, event };
  }
}
