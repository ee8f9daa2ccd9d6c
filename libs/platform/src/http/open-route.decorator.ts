import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

/**
 * Marks a route that answers without authentication (health probes): an edge that authenticates
 * lets it through with or without a token, and a valid token may still widen what it shows.
 * OpenAPI says so too (`security: [{}]`, no credentials needed), overriding the document's
 * default, under which every route needs a bearer token as the gateway's guard does.
 */
export const OPEN_ROUTE = 'railyard:open-route';
export const OpenRoute = () => applyDecorators(SetMetadata(OPEN_ROUTE, true), ApiSecurity({}));
