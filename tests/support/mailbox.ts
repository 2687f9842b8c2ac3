/**
 * The recipient's side of security mail in tests: the sealed copy the functions write when no
 * email provider is configured (private.security_outbox, read as the owner, as
 * `npm run mailbox` does). Staff-readable tables never hold these links.
 */
import { sealedMessages } from '../../scripts/mailbox';

/** Waits for the newest security mail to `address` from `template` and returns the first link in it matching `pattern`. */
export async function linkInMailbox(address: string, template: string, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const message = (await sealedMessages(address, 5)).find((m) => m.template === template);
    const link = message?.text.match(pattern)?.[0];
    if (link) return link;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`No ${template} email with a link like ${pattern} reached ${address} within ${timeoutMs} ms`);
}
