/**
 * The HS256 secret used when AUTH_JWT_SECRET is unset, so that `npm install && npm start` works
 * on a laptop. It is public (it is in this repository and .env.example), so the gateway warns at
 * start while it is in use and refuses it when NODE_ENV=production.
 */
export const DEVELOPMENT_JWT_SECRET = 'railyard-development-secret-change-me-before-deploying';
