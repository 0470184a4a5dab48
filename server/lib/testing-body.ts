/**
 * For tests of the body caps (GW-P1-03): a request whose body is produced on demand, counting
 * how much of it was pulled, so a test can prove a handler stopped reading instead of draining it.
 */
export type BodyProbe = { pulled: number; drained: boolean; cancelled: boolean };

export function probedRequest(
  url: string,
  options: { totalBytes: number; chunkBytes?: number; declareLength?: boolean; headers?: Record<string, string> },
): { request: Request; probe: BodyProbe } {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const probe: BodyProbe = { pulled: 0, drained: false, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (probe.pulled >= options.totalBytes) {
          probe.drained = true;
          controller.close();
          return;
        }
        const size = Math.min(chunkBytes, options.totalBytes - probe.pulled);
        probe.pulled += size;
        controller.enqueue(new Uint8Array(size).fill(0x20));
      },
      cancel() {
        probe.cancelled = true;
      },
    },
    // Nothing is produced ahead of a read: `pulled` is what the reader asked for.
    { highWaterMark: 0 },
  );
  const headers = new Headers(options.headers);
  if (options.declareLength) headers.set("content-length", String(options.totalBytes));
  const request = new Request(url, { method: "POST", body, headers, duplex: "half" } as RequestInit);
  return { request, probe };
}
