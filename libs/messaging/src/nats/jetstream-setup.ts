import { type JetStreamManager, RetentionPolicy, StorageType, nanos } from 'nats';

export interface StreamSpec {
  name: string;
  subjects: readonly string[];
  duplicateWindowMs: number;
  /** Messages older than this are removed (default: kept until other limits). */
  maxAgeMs?: number;
}

/**
 * Creates the stream if missing and keeps its subjects, duplicate window and age limit as specified.
 * Idempotent, so every producer and consumer may call it at start-up.
 */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  const wanted = {
    name: spec.name,
    subjects: [...spec.subjects],
    duplicate_window: nanos(spec.duplicateWindowMs),
    max_age: spec.maxAgeMs === undefined ? 0 : nanos(spec.maxAgeMs),
  };
  try {
    const info = await jsm.streams.info(spec.name);
    const same =
      info.config.subjects.length === wanted.subjects.length &&
      info.config.subjects.every((s) => wanted.subjects.includes(s)) &&
      info.config.duplicate_window === wanted.duplicate_window &&
      info.config.max_age === wanted.max_age;
    if (!same) await jsm.streams.update(spec.name, { ...info.config, ...wanted });
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
    await jsm.streams.add({
      ...wanted,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
    });
  }
}

function isStreamNotFound(error: unknown): boolean {
  const e = error as { api_error?: { err_code?: number }; message?: string };
  return e?.api_error?.err_code === 10059 || /stream not found/i.test(e?.message ?? '');
}
