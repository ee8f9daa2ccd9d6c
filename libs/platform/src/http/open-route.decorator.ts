import { SetMetadata } from '@nestjs/common';

/**
 * Marks a route that answers without authentication (health probes): an edge that authenticates
 * lets it through with or without a token, and a valid token may still widen what it shows.
 */
export const OPEN_ROUTE = 'railyard:open-route';
export const OpenRoute = () => SetMetadata(OPEN_ROUTE, true);
