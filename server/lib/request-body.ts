/**
 * Request bodies read with a size cap (GW-P1-03): a declared Content-Length over the limit is
 * refused before a byte is read, and the stream itself is counted as it arrives and cancelled
 * the moment it passes the limit, so a chunked body without Content-Length (or one that lies
 * about its length) is never buffered whole either.
 */

export class RequestBodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${limitBytes} bytes`);
    this.name = "RequestBodyTooLargeError";
  }
}

/** The 413 a route answers when a body is over its limit. */
function bodyTooLargeResponse(limitBytes: number): Response {
  return Response.json({ error: "The request is too large", limitBytes }, { status: 413 });
}

function declaredLength(request: Request): number | undefined {
  const header = request.headers.get("content-length");
  return header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
}

/** The whole body as bytes, or RequestBodyTooLargeError once it is over `limitBytes`. */
export async function readBodyCapped(request: Request, limitBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array(0);
  if ((declaredLength(request) ?? 0) > limitBytes) {
    await request.body.cancel().catch(() => undefined);
    throw new RequestBodyTooLargeError(limitBytes);
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw new RequestBodyTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The whole body decoded as UTF-8 (like `request.text()`), capped like readBodyCapped. */
export async function readTextCapped(request: Request, limitBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyCapped(request, limitBytes));
}

/** The body as text, or the 413 for a route to answer when it is over `limitBytes`. */
export async function textOrTooLarge(request: Request, limitBytes: number): Promise<string | Response> {
  try {
    return await readTextCapped(request, limitBytes);
  } catch (error) {
    if (error instanceof RequestBodyTooLargeError) return bodyTooLargeResponse(limitBytes);
    throw error;
  }
}
