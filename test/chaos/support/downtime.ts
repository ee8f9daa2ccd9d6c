/** How long a killed or cut-off party stays away before it comes back: 1–2 s, seeded. */
export const downtime = (random: () => number): number => 1_000 + Math.floor(random() * 1_000);
