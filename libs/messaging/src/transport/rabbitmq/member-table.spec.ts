import { MemberTable } from './member-table';

const TIMEOUT = 3_500;

/** A table that has heard itself at `at`, as after its first announcement came back. */
function listening(at = 0, maxOthers = 10): MemberTable {
  const table = new MemberTable('me', TIMEOUT, maxOthers);
  table.alive('me', at);
  return table;
}

describe('MemberTable', () => {
  it('holds itself, sorted with the replicas it hears of', () => {
    const table = listening();
    expect(table.members).toEqual(['me']);
    expect(table.alive('b', 10)).toBe('joined');
    expect(table.alive('a', 20)).toBe('joined');
    expect(table.alive('b', 30)).toBe('seen');
    expect(table.members).toEqual(['a', 'b', 'me']);
  });

  it('drops a replica silent for longer than the timeout, while its own announcements come back', () => {
    const table = listening();
    table.alive('b', 0);
    table.alive('c', 0);
    for (let now = 1_000; now <= 5_000; now += 1_000) {
      table.alive('me', now);
      table.alive('c', now);
      const gone = table.expire(now);
      expect(gone).toEqual(now > TIMEOUT ? ['b'] : []);
      if (gone.length > 0) break;
    }
    expect(table.members).toEqual(['c', 'me']);
  });

  it('drops nobody while its own announcements do not come back (it cannot trust the silence)', () => {
    const table = listening();
    table.alive('b', 0);
    expect(table.expire(60_000)).toEqual([]);
    expect(table.members).toEqual(['b', 'me']);
  });

  it('after its own announcements resume, waits one more timeout before dropping anyone', () => {
    const table = listening();
    table.alive('b', 0);
    table.alive('me', 60_000); // back after a minute of silence
    expect(table.expire(60_000 + TIMEOUT - 1)).toEqual([]); // (own announcements keep coming)
    table.alive('me', 60_000 + TIMEOUT - 1);
    expect(table.expire(60_000 + TIMEOUT + 1)).toEqual(['b']);
  });

  it('drops nobody before it has heard itself once', () => {
    const table = new MemberTable('me', TIMEOUT, 10);
    table.alive('b', 0);
    expect(table.expire(60_000)).toEqual([]);
  });

  it('forgets a replica that says it leaves, at once, and never itself', () => {
    const table = listening();
    table.alive('b', 0);
    expect(table.leaving('b')).toBe(true);
    expect(table.leaving('b')).toBe(false);
    expect(table.leaving('me')).toBe(false);
    expect(table.members).toEqual(['me']);
  });

  it('leaves its own list when it leaves', () => {
    const table = listening();
    table.alive('b', 0);
    table.leave();
    expect(table.members).toEqual(['b']);
  });

  it('counts at most maxOthers other replicas', () => {
    const table = listening(0, 2);
    expect(table.alive('a', 0)).toBe('joined');
    expect(table.alive('b', 0)).toBe('joined');
    expect(table.alive('c', 0)).toBe('refused');
    expect(table.alive('a', 1)).toBe('seen');
    expect(table.members).toEqual(['a', 'b', 'me']);
  });
});
