import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrors } from '../http/api-errors.decorator';
import { ADMIN_ONLY } from './auth.tokens';

/** The OpenAPI security scheme's name (declared in api-docs.ts). */
export const BEARER_SCHEME = 'bearer';

/** A controller whose routes need a bearer token: documented with the scheme, 401 and 403. */
export const Secured = () => applyDecorators(ApiBearerAuth(BEARER_SCHEME), ApiErrors(401, 403));

/** Only an admin token may call this route (403 for customers). */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);
