import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { smtpServer, startMailCatcher } from "./mail-catcher";

const mailDir = mkdtempSync(path.join(os.tmpdir(), "depot-mail-catcher-"));
afterAll(() => rmSync(mailDir, { recursive: true, force: true }));

/** A port nothing listens on right now (the OS picks it), so parallel runs never collide. */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("the dev mail catcher npm run dev starts without SMTP_URL (issue 14)", () => {
  it("catches what the app sends over SMTP, shows it in its inbox, and is gone after stop", async () => {
    const [smtpPort, webPort] = [await freePort(), await freePort()];
    const catcher = await startMailCatcher({ smtpPort, webPort, mailDir });
    try {
      expect(catcher.smtpUrl).toBe(`smtp://127.0.0.1:${smtpPort}`);
      expect(catcher.inboxUrl).toBe(`http://localhost:${webPort}/`);
      await nodemailer.createTransport(catcher.smtpUrl).sendMail({ from: "shop@depot.test", to: "guest@example.com", subject: "Order D000001 placed", text: "Thanks" });
      const inbox = (await (await fetch(`http://127.0.0.1:${webPort}/api/email`)).json()) as { subject: string; to: { address: string }[] }[];
      expect(inbox.map((m) => [m.subject, m.to[0]?.address])).toEqual([["Order D000001 placed", "guest@example.com"]]);
      const page = await fetch(catcher.inboxUrl.replace("localhost", "127.0.0.1"), { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
    } finally {
      await catcher.stop();
    }
    expect([await listening(smtpPort), await listening(webPort)]).toEqual([false, false]);
  });

  it("a port in use stops the start with MailDev's reason, leaving nothing running", async () => {
    const taken = net.createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => taken.once("listening", resolve));
    const webPort = (taken.address() as net.AddressInfo).port;
    const smtpPort = await freePort();
    try {
      await expect(startMailCatcher({ smtpPort, webPort, mailDir })).rejects.toThrow(/exited \(code 1\) while starting:[\s\S]*EADDRINUSE[\s\S]*MAIL_CATCHER_WEB_PORT/);
      expect(await listening(smtpPort)).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("the start banner names the SMTP server of SMTP_URL without its credentials", () => {
    expect(smtpServer("smtps://mailer:s3cret@smtp.example.com:465/?pool=true")).toBe("smtps://smtp.example.com:465");
    expect(smtpServer("not a url")).toBe("(not a URL)");
  });
});
