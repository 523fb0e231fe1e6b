import type { TrackingPlanDocumentDto } from '@fulcrum/contracts';
import type { CurrentPlanRow } from './tracking-plan.repository';
import { type CurrentPlanSource, TrackingPlanReader } from './tracking-plan.reader';

const SECRET = Buffer.alloc(32, 7);
const doc = (name: string): TrackingPlanDocumentDto => ({
  events: [{ name, description: '', owner: null, status: 'LIVE', schemaVer: '1-0-0', properties: { type: 'object' }, pii: [], instrumentationItemIds: [] }],
  traits: null,
});

/** The settings and versions of some projects, as the repository's `current` query answers them, with every query recorded. */
function fakeDatabase() {
  const projects = new Map<string, { mode: CurrentPlanRow['mode']; version: number | null; documents: Map<number, TrackingPlanDocumentDto> }>();
  const queries: Array<{ projectId: string; knownVersion: number | null; withDocument: boolean }> = [];
  const source: CurrentPlanSource = {
    current: async (projectId, knownVersion) => {
      const project = projects.get(projectId);
      const document = project && project.version !== null && project.version !== knownVersion ? structuredClone(project.documents.get(project.version) ?? null) : null;
      queries.push({ projectId, knownVersion, withDocument: document !== null });
      return project ? { mode: project.mode, currentVersion: project.version, piiSecret: SECRET, document } : null;
    },
  };
  return {
    projects,
    queries,
    source,
    setMode(projectId: string, mode: CurrentPlanRow['mode']): void {
      const project = projects.get(projectId);
      if (!project) throw new Error(`no project ${projectId}`);
      project.mode = mode;
    },
    publish(projectId: string, document: TrackingPlanDocumentDto): void {
      const project = projects.get(projectId) ?? { mode: 'OFF' as const, version: null, documents: new Map() };
      const version = (project.version ?? 0) + 1;
      project.documents.set(version, document);
      projects.set(projectId, { ...project, version });
    },
  };
}

describe('TrackingPlanReader', () => {
  let now: number;
  const clock = () => now;
  beforeEach(() => {
    now = 10_000;
  });

  it('answers undefined for a project without a published plan (or no project), and the plan in force once there is one', async () => {
    const db = fakeDatabase();
    const reader = new TrackingPlanReader(db.source, { now: clock });
    expect(await reader.current('p1')).toBeUndefined();
    db.projects.set('p2', { mode: 'REPORT', version: null, documents: new Map() });
    expect(await reader.current('p2')).toBeUndefined();
    db.publish('p2', doc('Signed Up'));
    now += 500;
    expect(await reader.current('p2')).toEqual({ version: 1, mode: 'REPORT', document: doc('Signed Up'), piiSecret: SECRET });
  });

  it('asks the database at most once per project per 500 ms, so a new version or mode holds on every replica within 1 s', async () => {
    const db = fakeDatabase();
    db.publish('p', doc('A'));
    const reader = new TrackingPlanReader(db.source, { now: clock });
    const first = await reader.current('p');
    await Promise.all(Array.from({ length: 100 }, () => reader.current('p')));
    expect(db.queries).toHaveLength(1);
    db.publish('p', doc('B'));
    db.setMode('p', 'QUARANTINE');
    now += 499;
    expect(await reader.current('p')).toEqual(first);
    now += 1;
    expect(await reader.current('p')).toMatchObject({ version: 2, mode: 'QUARANTINE', document: doc('B') });
    expect(db.queries).toHaveLength(2);
  });

  it('reads the document only when the version changed, and answers the same frozen document object while it stays current', async () => {
    const db = fakeDatabase();
    db.publish('p', doc('A'));
    const reader = new TrackingPlanReader(db.source, { now: clock });
    const first = await reader.current('p');
    expect(Object.isFrozen(first?.document)).toBe(true);
    expect(Object.isFrozen(first?.document.events[0]?.properties)).toBe(true);
    db.setMode('p', 'REPORT');
    now += 600;
    const second = await reader.current('p');
    expect(second?.mode).toBe('REPORT');
    expect(second?.document).toBe(first?.document);
    db.publish('p', doc('B'));
    now += 600;
    const third = await reader.current('p');
    expect(third?.document).not.toBe(first?.document);
    expect(third?.document.events[0]?.name).toBe('B');
    expect(db.queries).toEqual([
      { projectId: 'p', knownVersion: null, withDocument: true },
      { projectId: 'p', knownVersion: 1, withDocument: false },
      { projectId: 'p', knownVersion: 1, withDocument: true },
    ]);
  });

  it('sees a change this replica made at once after forget(projectId)', async () => {
    const db = fakeDatabase();
    db.publish('p', doc('A'));
    const reader = new TrackingPlanReader(db.source, { now: clock });
    await reader.current('p');
    db.publish('p', doc('B'));
    reader.forget('p');
    expect((await reader.current('p'))?.version).toBe(2);
  });

  it('does not remember a failed query: the caller hears the failure and the next call asks again', async () => {
    let down = true;
    const db = fakeDatabase();
    db.publish('p', doc('A'));
    const reader = new TrackingPlanReader(
      {
        current: async (projectId, known) => {
          if (down) throw new Error('database down');
          return db.source.current(projectId, known);
        },
      },
      { now: clock },
    );
    await expect(reader.current('p')).rejects.toThrow('database down');
    down = false;
    expect((await reader.current('p'))?.version).toBe(1);
  });

  it('asks for the document again when the one it held was dropped meanwhile (bounded per project count)', async () => {
    const db = fakeDatabase();
    db.publish('a', doc('A'));
    db.publish('b', doc('B'));
    const reader = new TrackingPlanReader(db.source, { now: clock, maxEntries: 1 });
    expect((await reader.current('a'))?.document.events[0]?.name).toBe('A');
    expect((await reader.current('b'))?.document.events[0]?.name).toBe('B');
    now += 600;
    // 'a's document was dropped to keep one project: the reader asks with no known version.
    expect((await reader.current('a'))?.document.events[0]?.name).toBe('A');
    expect(db.queries.filter((q) => q.projectId === 'a').map((q) => q.knownVersion)).toEqual([null, null]);
  });
});
