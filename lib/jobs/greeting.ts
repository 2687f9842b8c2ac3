/**
 * Every template greets the person by first name, and many contacts and leads have none (a
 * lead from a business card, an import with one name column). Rather than fail their email,
 * it greets them as "there" ("Hi there,"); send-email fills in the real first name otherwise.
 */
export const NAMELESS_GREETING = 'there';

export function withGreeting(props: Record<string, unknown>, firstName: string | null): Record<string, unknown> {
  if (firstName?.trim()) return props;
  const recipient = typeof props.recipient === 'object' && props.recipient !== null ? props.recipient : {};
  // `nameless` lets a personalisation token use its own fallback ({{first_name|friend}}).
  return { ...props, recipient: { ...recipient, firstName: NAMELESS_GREETING, nameless: true } };
}
