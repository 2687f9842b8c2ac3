/** Configuration of the functions, read from the environment (Deno only). */

export function optionalEnv(name: string): string | undefined {
  const value = Deno.env.get(name)?.trim();
  return value ? value : undefined;
}

/** A setting the functions cannot work without: a missing one is a deployment error. */
export function requiredEnv(name: string): string {
  const value = optionalEnv(name);
  if (!value) throw new Error(`${name} is not set.`);
  return value;
}
