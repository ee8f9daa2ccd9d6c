import { assignShards } from './shard-assignment';

const replicas = (count: number, run = 0) =>
  Array.from({ length: count }, (_, i) => `order-service-host${run}-${1000 + i}-a1b2c3d4`);

function ownerOf(assignment: Map<string, number[]>): Map<number, string> {
  const owners = new Map<number, string>();
  for (const [id, shards] of assignment) for (const shard of shards) owners.set(shard, id);
  return owners;
}

describe('assignShards', () => {
  it.each([
    [4, 1],
    [4, 2],
    [4, 3],
    [8, 3],
    [12, 5],
    [64, 7],
  ])(
    'gives each of %i shards to exactly one of %i replicas, as evenly as possible',
    (shards, n) => {
      const assignment = assignShards(shards, replicas(n));
      const all = [...assignment.values()].flat().sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: shards }, (_, shard) => shard));
      const loads = [...assignment.values()].map((owned) => owned.length);
      expect(Math.min(...loads)).toBe(Math.floor(shards / n));
      expect(Math.max(...loads)).toBe(Math.ceil(shards / n));
    },
  );

  it('leaves the replicas beyond the shard count without a shard', () => {
    const loads = [...assignShards(2, replicas(5)).values()].map((owned) => owned.length);
    expect(loads.sort()).toEqual([0, 0, 0, 1, 1]);
  });

  it('is the same answer on every replica, whatever order each one lists the members in', () => {
    const members = replicas(4);
    const expected = assignShards(16, members);
    for (const order of [
      [...members].reverse(),
      [members[2], members[0], members[3], members[1]],
    ]) {
      expect(assignShards(16, order)).toEqual(expected);
    }
  });

  it('counts a member listed twice once', () => {
    const [a, b] = replicas(2);
    expect(assignShards(4, [a, b, a])).toEqual(assignShards(4, [a, b]));
  });

  it('has no owner to give anything to without members', () => {
    expect(assignShards(4, []).size).toBe(0);
  });

  it('moves few shards when a replica joins or leaves (rendezvous, not a reshuffle)', () => {
    for (const [shards, n] of [
      [8, 2],
      [8, 3],
      [16, 3],
      [64, 4],
    ]) {
      let moved = 0;
      const runs = 50;
      for (let run = 0; run < runs; run++) {
        const members = replicas(n + 1, run);
        const before = ownerOf(assignShards(shards, members.slice(0, n)));
        const after = ownerOf(assignShards(shards, members));
        for (let shard = 0; shard < shards; shard++) {
          if (before.get(shard) !== after.get(shard)) moved++;
        }
      }
      // The least any even split can move is shards / (n + 1), what the newcomer takes; a
      // reshuffle (shard i to member i mod n) moves most of them.
      expect(moved / runs).toBeLessThanOrEqual(1.5 * (shards / (n + 1)));
    }
  });
});
