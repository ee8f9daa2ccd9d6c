import { readFileSync } from 'node:fs';
import { ConfigValidationError } from '@railyard/platform';

/** What a TLS client needs beyond the URL: whom to trust, and who it is (mutual TLS). */
export interface TlsMaterial {
  /** PEM of the CA(s) that signed the broker's certificate; the system's CAs when absent. */
  ca?: Buffer;
  /** PEM client certificate and key, for brokers that require mutual TLS. */
  cert?: Buffer;
  key?: Buffer;
}

/**
 * Reads the PEM files that `<PREFIX>_TLS_CA_FILE`, `_CERT_FILE` and `_KEY_FILE` name. A file that
 * cannot be read stops the start naming its variable (and the path, which is no secret); a
 * certificate without its key, or a key without its certificate, likewise.
 */
export function readTlsMaterial(
  prefix: string,
  files: { ca?: string; cert?: string; key?: string },
): TlsMaterial {
  const problems: string[] = [];
  const read = (name: string, path: string | undefined): Buffer | undefined => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      problems.push(
        `${prefix}_TLS_${name}_FILE=${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
      );
      return undefined;
    }
  };
  const material = {
    ca: read('CA', files.ca),
    cert: read('CERT', files.cert),
    key: read('KEY', files.key),
  };
  if ((files.cert === undefined) !== (files.key === undefined)) {
    problems.push(`${prefix}_TLS_CERT_FILE and ${prefix}_TLS_KEY_FILE: give both or neither`);
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return Object.fromEntries(Object.entries(material).filter(([, value]) => value)) as TlsMaterial;
}
